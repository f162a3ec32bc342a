"""Finding input files and naming documents.

A document id comes from the file's path relative to the input root: stable
across runs and machines, safe as a file name (no separators, no dot-dot), and
unique thanks to a short hash of the full relative path.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from pipeline.skipped import SYMLINKED_DIRECTORY, UNREADABLE_DIRECTORY, UNSUPPORTED_SUFFIX, SkipLog

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def path_suffix(path: str) -> str:
    """The file name's suffix as PurePosixPath(path).suffix gives it ('' for
    '.bashrc' or 'name.'), without building a path object per file."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def make_doc_id(relpath: str) -> str:
    stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    slug = _UNSAFE.sub("-", stem).strip("-_")[:80] or "doc"
    digest = hashlib.sha256(relpath.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{slug}-{digest}"


@dataclass(frozen=True, slots=True)
class SourceRef:
    #: A plain string: millions of these are made, pickled to workers and opened.
    path: str
    relpath: str
    doc_id: str
    #: Why the file cannot be read safely (e.g. a symlink leaving the input
    #: root); it then fails at ingest with this reason instead of being read.
    refused: str | None = None


def _printable(relpath: str) -> str:
    # File names that are not valid UTF-8 arrive with surrogate escapes, which
    # JSON cannot encode; provenance shows them with U+FFFD instead (the id
    # still hashes the real bytes, so two such files never collide).
    return relpath.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _refusal(path: str, root: Path) -> str | None:
    """Why a file must not be read, or None. Symlinks may not leave the input
    root; FIFOs, sockets and devices could block or never end. One lstat for
    an ordinary file (this runs for every file of every run)."""
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            target = Path(path).resolve()
            if root not in target.parents:
                return f"symlink points outside the input directory ({target}); copy the file in to include it"
            mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    if not stat.S_ISREG(mode):
        return "not a regular file (FIFO, socket or device); only regular files are read"
    return None


def _walk(root: Path, accepts: Callable[[str], bool], exclude: Path | None,
          skipped: SkipLog | None = None) -> Iterator[tuple[str, str]]:
    """(directory, path relative to root) of each accepted file, in a stable
    order. Hidden directories and `exclude` are left out silently; files of
    other suffixes, unreadable and symlinked directories are told to `skipped`."""
    excluded = exclude.resolve() if exclude is not None else None
    prefix = len(str(root).rstrip("/")) + 1  # the root "/" has its separator already

    def unreadable(error: OSError) -> None:
        # os.walk drops a directory it cannot list; without this, silently.
        if skipped is not None:
            where = str(error.filename or root)[prefix:] or "."
            skipped.add(where, UNREADABLE_DIRECTORY, f"cannot list the directory: {error.strerror or error}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        folder = dirpath[prefix:]
        kept = []
        for d in sorted(dirnames):
            if d.startswith(".") or Path(dirpath, d).resolve() == excluded:
                continue
            if os.path.islink(os.path.join(dirpath, d)):
                # Not followed: a link may loop or lead out of the input.
                if skipped is not None:
                    skipped.add(f"{folder}/{d}" if folder else d, SYMLINKED_DIRECTORY,
                                "symlinked directory, not followed; copy or move its files into the input")
                continue
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            relpath = f"{folder}/{name}" if folder else name
            if accepts(relpath):
                yield dirpath, relpath
            elif skipped is not None and not name.startswith("."):
                suffix = path_suffix(name)
                skipped.add(relpath, UNSUPPORTED_SUFFIX,
                            f"suffix {suffix!r} is not read" if suffix else "no suffix, not read")


def count_sources(root: Path, accepts: Callable[[str], bool], exclude: Path | None = None,
                  skipped: SkipLog | None = None) -> int:
    """How many files `iter_relpaths` yields, without examining them; what
    it leaves out is told to `skipped`."""
    return sum(1 for _ in iter_relpaths(root, accepts, exclude, skipped))


def iter_relpaths(root: Path, accepts: Callable[[str], bool], exclude: Path | None = None,
                  skipped: SkipLog | None = None) -> Iterator[str]:
    """Paths relative to root of the files under root (or root's own name when
    it is a file), in a stable order. Hidden directories (.git, .cache) are
    skipped; hidden files are not, since a file the user put there and that
    has an accepted suffix must end in output or in a failure. `exclude` (the
    output directory, when it lies inside the input) is skipped so that a run
    never reads its own outputs. Only names: whoever reads a file examines it
    (`source_ref`), so that a run's workers share that work. What the walk
    leaves out is told to `skipped`."""
    root = root.resolve()
    if root.is_file():
        yield root.name
        return
    for _, relpath in _walk(root, accepts, exclude, skipped):
        yield relpath


@dataclass(frozen=True)
class SourceRoot:
    """The input of a run, to turn `iter_relpaths` names into source files."""

    path: Path  # resolved
    is_file: bool

    @classmethod
    def of(cls, root: Path) -> "SourceRoot":
        root = root.resolve()
        return cls(root, root.is_file())

    def ref(self, relpath: str) -> SourceRef:
        """The source file `relpath`: its path, id, and why it must not be read, if so."""
        if self.is_file:
            return SourceRef(str(self.path), _printable(relpath), make_doc_id(relpath))
        path = f"{self.path}/{relpath}"
        return SourceRef(path, _printable(relpath), make_doc_id(relpath), _refusal(path, self.path))
