"""Document memo: an unchanged document's whole run, replayed with hard links.

The stage cache alone makes a warm run skip every stage, but it still hashes
each stage's input, reads each entry and writes each output file again. When
nothing that a document's outputs depend on has changed — its source bytes,
path and id, the configuration, each stage's version and parameters, and the
installed models (each stage's `environment_fingerprint`) — the memo names
the stored files that make up its outputs, and the run links them in place:
one small read and a handful of links per document.

The memo is only consulted on a full run (no --only, --from or --force); the
stage-by-stage path remains the fallback whenever an entry or a stored file is
missing, so deleting any part of `.cache` is always safe.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.hashing import stable_hash
from pipeline.storage import dump_json_bytes, link_or_copy, loads_json, write_new_json


#: What identifies one version of a stored file: inode, size, modification
#: time in ns. A stored file rewritten since (another document's state under
#: the same cache key, a file deleted and computed again, a write cut short
#: by a crash) is a new file with another stamp, and the memo is not trusted.
Stamp = tuple[int, int, int]


def stamp_of(path: str) -> Stamp:
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


@dataclass
class MemoEntry:
    #: (path inside the run folder, path inside the cache folder, stamp of
    #: the stored file) per output file.
    files: list[tuple[str, str, Stamp]] = field(default_factory=list)
    #: (stage, whether it changed the document), in stage order.
    stages: list[tuple[str, bool]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"files": [list(f) for f in self.files], "stages": [list(s) for s in self.stages]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "MemoEntry":
        return cls([(str(a), str(b), (int(c[0]), int(c[1]), int(c[2]))) for a, b, c in data["files"]],
                   [(str(a), bool(b)) for a, b in data["stages"]])


class DocumentMemo:
    def __init__(self, cache_root: Path, run_root: Path, pipeline_identity: Any):
        self.cache_root = cache_root
        self.run_root = run_root
        #: Everything outside the document that its outputs depend on.
        self.identity = stable_hash(pipeline_identity)

    def key(self, doc: Document) -> str:
        return stable_hash([self.identity, doc.id, doc.source.to_dict()])

    def _path(self, key: str) -> str:
        return f"{self.cache_root}/memo/{key[:2]}/{key}.json"

    def restore(self, key: str) -> MemoEntry | None:
        """Link the document's stored outputs into the run; None (and nothing
        promised about partly placed files, which the fallback overwrites)
        when the entry or one of its files is missing."""
        try:
            with open(self._path(key), "rb") as handle:
                entry = MemoEntry.from_json(loads_json(handle.read()))
            for in_run, in_cache, stamp in entry.files:
                # Plain strings, not Path objects: this loop runs for every
                # file of every document of a warm run.
                stored = f"{self.cache_root}/{in_cache}"
                if stamp_of(stored) != stamp:
                    return None  # the stored file changed since: go stage by stage
                link_or_copy(stored, f"{self.run_root}/{in_run}")
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return entry

    def store(self, key: str, entry: MemoEntry) -> None:
        # Compact JSON, read only by `restore`, which takes a cut-short entry
        # for a miss: no temp file needed (storage.write_new_json).
        write_new_json(self._path(key), dump_json_bytes(entry.to_json(), indent=None))

    def record(self, in_run: str, in_cache: str) -> tuple[str, str, Stamp]:
        """What an entry keeps of a placed file: (path inside the run, path
        inside the cache, stamp of the stored file), from absolute paths."""
        run_root, cache_root = f"{self.run_root}/", f"{self.cache_root}/"
        if not (in_run.startswith(run_root) and in_cache.startswith(cache_root)):
            raise ValueError(f"{in_run} or {in_cache} is outside the run or the cache")
        return in_run[len(run_root):], in_cache[len(cache_root):], stamp_of(in_cache)
