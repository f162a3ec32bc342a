"""Installing Argos packages: from a local `.argosmodel` file, or from the
Argos package index when the machine is online.

argostranslate's own installer extracts into the directory it read at import
time and its downloads have no timeout; this one resolves the directory at
call time, checks the archive before extracting (one top folder with a
metadata.json, no path escaping it), swaps the folder in atomically, and
gives every network call a timeout so an offline machine answers at once.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath

from pipeline.translate.codes import to_argos
from pipeline.translate.packages import ArgosPackage, installed_packages

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
_USER_AGENT = "artnorm (argos package installer)"


class InstallError(Exception):
    """The package could not be installed; the message says what to try."""


class OfflineError(InstallError):
    """The package index or a download could not be reached."""


def index_url(override: str | None = None) -> str:
    """The index as argostranslate locates it: a base URL holding index.json
    (ARGOS_PACKAGE_INDEX), or a direct URL of a .json file."""
    base = override or os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def install_from_file(archive: Path, directory: Path, expect: tuple[str, str] | None = None) -> ArgosPackage:
    archive = Path(archive)
    if not zipfile.is_zipfile(archive):
        raise InstallError(f"{archive} is not an Argos package (.argosmodel files are zip archives)")
    directory.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as zipped:
        top = _check_archive(zipped, archive)
        metadata = json.loads(zipped.read(f"{top}/metadata.json"))
        _check_pair(metadata, expect, archive)
        staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=directory))
        try:
            zipped.extractall(staging)
            _swap_in(staging / top, directory / top)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    found = [p for p in installed_packages(directory) if p.path.name == top]
    if not found:
        raise InstallError(f"{archive} was extracted to {directory / top} but is not a usable translate "
                           "package (it needs metadata.json, model/ and sentencepiece.model)")
    return found[0]


def _check_archive(zipped: zipfile.ZipFile, archive: Path) -> str:
    tops = set()
    for info in zipped.infolist():
        path = PurePosixPath(info.filename)
        if path.is_absolute() or ".." in path.parts or (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise InstallError(f"{archive} holds an unsafe entry {info.filename!r}; refusing to extract it")
        tops.add(path.parts[0])
    if len(tops) != 1:
        raise InstallError(f"{archive} must hold exactly one top folder (it holds {sorted(tops)})")
    top = tops.pop()
    if f"{top}/metadata.json" not in zipped.namelist():
        raise InstallError(f"{archive} has no {top}/metadata.json: not an Argos package")
    return top


def _check_pair(metadata: dict, expect: tuple[str, str] | None, archive: Path) -> None:
    if expect is None:
        return
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    wanted = (to_argos(expect[0]), to_argos(expect[1]))
    if pair != wanted:
        raise InstallError(f"{archive} translates {pair[0]}→{pair[1]}, not {wanted[0]}→{wanted[1]}")


def _swap_in(extracted: Path, final: Path) -> None:
    """Replace an installed folder without a moment where neither exists."""
    old = final.with_name(f".old-{final.name}")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    extracted.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def fetch_index(url: str, timeout: float) -> list[dict]:
    data = _get(url, timeout)
    try:
        index = json.loads(data)
    except ValueError as exc:
        raise InstallError(f"the package index at {url} is not JSON: {exc}") from exc
    if not isinstance(index, list):
        raise InstallError(f"the package index at {url} is not a list of packages")
    return [entry for entry in index if isinstance(entry, dict)]


def pick_package(index: list[dict], source: str, target: str) -> dict | None:
    """The newest translate package for the pair."""
    source, target = to_argos(source), to_argos(target)
    matches = [e for e in index if e.get("type", "translate") == "translate"
               and e.get("from_code") == source and e.get("to_code") == target and e.get("links")]
    return max(matches, key=lambda e: _version(e.get("package_version", "")), default=None)


def install_from_index(source: str, target: str, directory: Path, url: str | None = None,
                       timeout: float = 10.0) -> ArgosPackage:
    location = index_url(url)
    entry = pick_package(fetch_index(location, timeout), source, target)
    if entry is None:
        raise InstallError(f"the package index at {location} has no {to_argos(source)}→{to_argos(target)} "
                           "package; install one from a file with --file PATH.argosmodel")
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "package.argosmodel"
        errors = []
        for link in entry["links"]:  # in index order: deterministic, like a mirror list
            try:
                archive.write_bytes(_get(link, timeout))
                return install_from_file(archive, directory, (source, target))
            except InstallError as exc:
                errors.append(str(exc))
        raise InstallError("; ".join(errors))


def _get(url: str, timeout: float) -> bytes:
    if not url.startswith(("http://", "https://", "file://")):
        raise InstallError(f"unsupported URL {url!r} (http, https or file)")
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked
            return response.read()
    except urllib.error.HTTPError as exc:
        raise InstallError(f"could not fetch {url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise OfflineError(f"could not fetch {url}: {reason}") from exc


def _version(text: str) -> tuple:
    return tuple(int(x) if x.isdigit() else 0 for x in str(text).split("."))
