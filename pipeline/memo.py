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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.hashing import stable_hash
from pipeline.storage import atomic_write_bytes, dump_json_bytes, link_or_copy, loads_json


@dataclass
class MemoEntry:
    #: (path inside the run folder, path inside the cache folder) per output file.
    files: list[tuple[str, str]] = field(default_factory=list)
    #: (stage, whether it changed the document), in stage order.
    stages: list[tuple[str, bool]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"files": [list(f) for f in self.files], "stages": [list(s) for s in self.stages]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "MemoEntry":
        return cls([(str(a), str(b)) for a, b in data["files"]], [(str(a), bool(b)) for a, b in data["stages"]])


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
            for in_run, in_cache in entry.files:
                # Plain strings, not Path objects: this loop runs for every
                # file of every document of a warm run.
                link_or_copy(f"{self.cache_root}/{in_cache}", f"{self.run_root}/{in_run}")
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return entry

    def store(self, key: str, entry: MemoEntry) -> None:
        atomic_write_bytes(Path(self._path(key)), dump_json_bytes(entry.to_json(), indent=None))

    def relative(self, in_run: str, in_cache: str) -> tuple[str, str]:
        """(path inside the run, path inside the cache) of absolute paths."""
        run_root, cache_root = f"{self.run_root}/", f"{self.cache_root}/"
        if not (in_run.startswith(run_root) and in_cache.startswith(cache_root)):
            raise ValueError(f"{in_run} or {in_cache} is outside the run or the cache")
        return in_run[len(run_root):], in_cache[len(cache_root):]
