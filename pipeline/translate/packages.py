"""Installed Argos Translate packages: where they are, which pairs they
cover, a route to English (direct or through a pivot language), and a
fingerprint of their files for provenance and the cache key.

Discovery goes through argostranslate's own package manager, but the
directory is resolved at call time: argostranslate reads ARGOS_PACKAGES_DIR
once, when it is first imported, and a pipeline (or a test) may set it later.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.translate.codes import to_argos

# Files whose bytes decide a translation; hashed into provenance.
_MODEL_FILES = ("model/model.bin", "model/config.json", "model/shared_vocabulary.json",
                "model/shared_vocabulary.txt", "model/source_vocabulary.json",
                "model/target_vocabulary.json", "sentencepiece.model", "bpe.model")


@dataclass(frozen=True, slots=True)
class ArgosPackage:
    """What the pipeline needs to know about one installed package."""

    name: str  # argospm name, e.g. translate-nl_en
    version: str
    from_code: str
    to_code: str
    path: Path
    target_prefix: str = ""
    tokenizer: str = "sentencepiece"

    def describe(self) -> dict[str, object]:
        """Provenance record: no machine-specific path, but the file hashes."""
        return {"package": self.name, "version": self.version, "from": self.from_code,
                "to": self.to_code, "sha256": model_sha256(self.path)}


def argos_import_error(exc: ImportError) -> RuntimeError:
    return RuntimeError(f"the argos engine needs argostranslate, ctranslate2 and sentencepiece "
                        f"(pip install argostranslate ctranslate2 sentencepiece): {exc}")


def packages_dir(override: str | Path | None = None) -> Path:
    """The directory packages are installed into and discovered from."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env).expanduser()
    try:
        from argostranslate import settings
    except ImportError as exc:
        raise argos_import_error(exc) from exc
    return Path(settings.package_data_dir)


def installed_packages(directory: Path) -> list[ArgosPackage]:
    """Translate packages in `directory`, sorted by name then version. A
    folder that is not a valid package is skipped, so one broken install does
    not hide the others (argostranslate would raise on it)."""
    if not directory.is_dir():
        return []  # before importing argostranslate (0.03 s), which is then not needed
    try:
        from argostranslate.package import Package, argospm_package_name
    except ImportError as exc:
        raise argos_import_error(exc) from exc
    found = []
    for child in sorted(directory.iterdir()):
        if not (child / "metadata.json").is_file() or not (child / "model").is_dir():
            continue
        try:
            pkg = Package(child)
        except (OSError, ValueError):
            continue
        if pkg.type != "translate" or not pkg.from_code or not pkg.to_code:
            continue
        tokenizer = "sentencepiece" if (child / "sentencepiece.model").is_file() else "bpe"
        found.append(ArgosPackage(argospm_package_name(pkg), pkg.package_version or "", pkg.from_code,
                                  pkg.to_code, child, pkg.target_prefix or "", tokenizer))
    return sorted(found, key=lambda p: (p.name, _version_key(p.version)))


def _version_key(version: str) -> tuple:
    return tuple(int(x) if x.isdigit() else 0 for x in version.split("."))


def find_route(source: str, target: str, packages: list[ArgosPackage],
               allow_pivot: bool = True) -> list[ArgosPackage] | None:
    """Packages to apply in order: one for a direct pair, two through a pivot
    language. Among several versions of a pair the newest wins; among pivots
    the alphabetically first language, so the choice is deterministic."""
    source, target = to_argos(source), to_argos(target)
    best: dict[tuple[str, str], ArgosPackage] = {}
    for pkg in packages:  # sorted by version: the newest of a pair is kept
        if pkg.tokenizer == "sentencepiece":
            best[(pkg.from_code, pkg.to_code)] = pkg
    if (source, target) in best:
        return [best[(source, target)]]
    if not allow_pivot:
        return None
    pivots = sorted(mid for (src, mid) in best if src == source and (mid, target) in best)
    if pivots:
        return [best[(source, pivots[0])], best[(pivots[0], target)]]
    return None


def model_stat(package_path: Path) -> dict[str, list[int]]:
    """Size and modification time of each file that decides the output: a
    cheap stand-in for model_sha256 where a change only has to be noticed."""
    found = {}
    for rel in _MODEL_FILES:
        try:
            stat = (package_path / rel).stat()
        except OSError:
            continue
        found[rel] = [stat.st_size, stat.st_mtime_ns]
    return found


def model_sha256(package_path: Path) -> dict[str, str]:
    """sha256 of each file that decides the output, keyed by relative path."""
    hashes = {}
    for rel in _MODEL_FILES:
        path = package_path / rel
        if path.is_file():
            stat = path.stat()
            hashes[rel] = _file_sha256(str(path), stat.st_size, stat.st_mtime_ns)
    return hashes


@lru_cache(maxsize=256)
def _file_sha256(path: str, size: int, mtime_ns: int) -> str:
    # size and mtime are part of the cache key so a reinstalled file is rehashed.
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
