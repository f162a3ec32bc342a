"""The `apertium` engine: Debian's rule-based Apertium pairs, run as a
subprocess, for languages without a neural model (apertium-eng-spa gives
Spanish→English through the `spa-eng` mode).

All sentences of a chunk go through one apertium call, separated by blank
lines, which Apertium's text format carries through untouched; if the count
of lines out ever differs from the count in, each sentence is sent alone, so
the alignment of sentences is never guessed.

Apertium translates a name word by word when its words are in the dictionary
("Carlos del Castillo" -> "Carlos of the Castle"), so it offers placeholders
for the names the stage masks (`pipeline.translate.protect`): first names its
dictionary knows as proper nouns and copies unchanged, checked per mode.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from pipeline.translate.codes import apertium_mode_candidates
from pipeline.translate.engines import ModelRoute, SentenceResult
from pipeline.translate.params import ApertiumOptions

_SEPARATOR = "\n\n"
_DATA_FILE = re.compile(r"'(/[^']+)'")
#: Placeholder candidates: first names without a common-noun reading in the
#: Romance dictionaries ("Marcos" is also "frames", "Rosa" "pink"). Only those
#: a mode copies unchanged, with no unknown-word mark, are used.
PLACEHOLDER_CANDIDATES = ("Pedro", "Pablo", "Marta", "Lucía", "Tomás", "Andrés", "Ignacio", "Rodrigo",
                          "Gonzalo", "Nicolás", "Julián", "Ramón", "Adrián", "Álvaro", "Sergio", "Rubén")


class ApertiumError(RuntimeError):
    pass


class ApertiumEngine:
    name = "apertium"

    def __init__(self, options: ApertiumOptions):
        self.options = options

    def inventory(self) -> list[list[object]]:
        """Installed modes and their files' modification times (a package
        upgrade rewrites them): part of the document memo's key."""
        found = []
        for mode in sorted(installed_modes(self.options.command)):
            path = _mode_file(mode)
            found.append([mode, path.stat().st_mtime_ns if path is not None else None])
        return found

    def find_route(self, source: str, target: str) -> ModelRoute | None:
        modes = installed_modes(self.options.command)
        for mode in apertium_mode_candidates(source, target):
            if mode in modes:
                return ModelRoute("apertium", source, target, (describe_mode(mode),), mode)
        return None

    def missing_reason(self, source: str, target: str) -> str:
        if shutil.which(self.options.command) is None:
            return "apertium: not installed (apt-get install apertium and a pair such as apertium-eng-spa)"
        return f"apertium: no installed mode {' or '.join(apertium_mode_candidates(source, target))}"

    def translate(self, route: ModelRoute, sentences: list[str]) -> list[SentenceResult]:
        if not sentences:
            return []
        lines = self._run(route.handle, _SEPARATOR.join(sentences)).split(_SEPARATOR)
        if len(lines) != len(sentences):
            lines = [self._run(route.handle, sentence) for sentence in sentences]
        results = []
        for line in lines:
            text = " ".join(line.split())  # Apertium keeps input blanks; a line must stay one line
            results.append(SentenceResult(text, None, [] if text else ["empty"]))
        return results

    def name_placeholders(self, route: ModelRoute) -> tuple[str, ...]:
        """Words this mode copies unchanged and reads as proper nouns."""
        return _placeholders(self.options.command, route.handle, self.options.timeout_s)

    def join(self, route: ModelRoute, results: list[SentenceResult]) -> str:
        return " ".join(r.text for r in results if r.text)

    def _run(self, mode: str, text: str) -> str:
        return _apertium(self.options.command, mode, text, self.options.timeout_s, self.options.mark_unknown)


def _apertium(executable: str, mode: str, text: str, timeout_s: float, mark_unknown: bool) -> str:
    command = [executable, "-f", "txt"] + ([] if mark_unknown else ["-u"]) + [mode]
    try:
        done = subprocess.run(command, input=text, capture_output=True, text=True, encoding="utf-8",
                              timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ApertiumError(f"apertium {mode} took longer than {timeout_s}s; raise "
                            f"stages.translate.apertium.timeout_s or translate fewer documents per batch") from exc
    if done.returncode != 0:
        raise ApertiumError(f"apertium {mode} failed (exit {done.returncode}): {done.stderr.strip()[:300]}")
    return done.stdout.strip("\n")


@lru_cache(maxsize=8)
def _placeholders(executable: str, mode: str, timeout_s: float) -> tuple[str, ...]:
    """The candidates `mode` copies unchanged, asked once per process: with
    unknown-word marks on, an unknown word comes back as '*Word' and a
    translated one as another word, so equality means a known proper noun."""
    out = _apertium(executable, mode, _SEPARATOR.join(PLACEHOLDER_CANDIDATES), timeout_s, True)
    lines = [line.strip() for line in out.split(_SEPARATOR)]
    if len(lines) != len(PLACEHOLDER_CANDIDATES):
        return ()
    return tuple(word for word, line in zip(PLACEHOLDER_CANDIDATES, lines) if word == line)


@lru_cache(maxsize=8)
def installed_modes(command: str = "apertium") -> frozenset[str]:
    """Modes `apertium -l` lists; empty when Apertium is not installed."""
    if shutil.which(command) is None:
        return frozenset()
    try:
        done = subprocess.run([command, "-l"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in done.stdout.splitlines() if line.strip())


@lru_cache(maxsize=32)
def describe_mode(mode: str) -> dict[str, object]:
    """Provenance for a mode: the Debian package and version that own it and
    the sha256 of every data file its pipeline reads."""
    mode_file = _mode_file(mode)
    record: dict[str, object] = {"mode": mode, "package": None, "version": None, "sha256": {}}
    if mode_file is None:
        return record
    record["package"], record["version"] = _debian_owner(mode_file)
    files = [mode_file] + [Path(p) for p in _DATA_FILE.findall(mode_file.read_text(encoding="utf-8"))]
    record["sha256"] = {path.name: _sha256(path) for path in files if path.is_file()}
    return record


def _mode_file(mode: str) -> Path | None:
    for base in (Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes")):
        if (base / f"{mode}.mode").is_file():
            return base / f"{mode}.mode"
    return None


def _debian_owner(path: Path) -> tuple[str | None, str | None]:
    if shutil.which("dpkg-query") is None:
        return None, None
    try:
        owner = subprocess.run(["dpkg-query", "-S", str(path)], capture_output=True, text=True, timeout=10)
        name = owner.stdout.split(":", 1)[0].strip() if owner.returncode == 0 else ""
        if not name:
            return None, None
        version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True,
                                 text=True, timeout=10)
        return name, version.stdout.strip() or None
    except (OSError, subprocess.TimeoutExpired):
        return None, None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
