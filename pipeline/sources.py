"""Finding input files and naming documents.

A document id comes from the file's path relative to the input root: stable
across runs and machines, safe as a file name (no separators, no dot-dot), and
unique thanks to a short hash of the full relative path.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def make_doc_id(relpath: str) -> str:
    stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    slug = _UNSAFE.sub("-", stem).strip("-_")[:80] or "doc"
    digest = hashlib.sha256(relpath.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{slug}-{digest}"


@dataclass(frozen=True, slots=True)
class SourceRef:
    path: Path
    relpath: str
    doc_id: str
    #: Why the file cannot be read safely (e.g. a symlink leaving the input
    #: root); it then fails at ingest with this reason instead of being read.
    refused: str | None = None


def _relpath(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path != root else path.name


def _check_inside(path: Path, root: Path) -> str | None:
    if not path.is_symlink():
        return None
    target = path.resolve()
    if root not in target.parents and target != root:
        return f"symlink points outside the input directory ({target}); copy the file in to include it"
    return None


def iter_sources(root: Path, accepts: Callable[[str], bool]) -> Iterator[SourceRef]:
    """Files under root (or root itself), in a stable order, hidden ones skipped."""
    root = root.resolve()
    if root.is_file():
        yield SourceRef(root, root.name, make_doc_id(root.name))
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            relpath = _relpath(path, root)
            if accepts(relpath):
                yield SourceRef(path, relpath, make_doc_id(relpath), _check_inside(path, root))
