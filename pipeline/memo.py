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
missing, so deleting any part of `.cache` is always safe (a missing JSONL
line is rebuilt from the document's files: pipeline.jsonl).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.hashing import stable_hash
from pipeline.storage import dump_json_bytes, link_or_copy, loads_json, write_new_json


#: Entries of another layout (older versions kept stamps of the files they
#: named) are misses.
ENTRY_FORMAT = 2


@dataclass
class MemoEntry:
    #: (path inside the run folder, blob inside the cache folder) per output
    #: file. Blobs are named by their content and only ever created whole
    #: (cache.BlobStore), so a blob that is there is the file the entry
    #: recorded: no stamp or hash to check, one link per file.
    files: list[tuple[str, str]] = field(default_factory=list)
    #: (stage, whether it changed the document), in stage order.
    stages: list[tuple[str, bool]] = field(default_factory=list)
    #: The document's documents.jsonl line (pipeline.jsonl): its blob, or
    #: None when JSONL is not exported.
    line: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"format": ENTRY_FORMAT, "files": [list(f) for f in self.files],
                "stages": [list(s) for s in self.stages], "line": self.line}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "MemoEntry":
        # Kept as parsed (lists, not tuples): `restore` runs once per
        # document of a warm run, and only links these.
        if data["format"] != ENTRY_FORMAT or not isinstance(data["line"], (str, type(None))):
            raise ValueError("not a memo entry of this version")
        return cls(data["files"], data["stages"], data["line"])


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
            for in_run, blob in entry.files:
                # Plain strings, not Path objects: this loop runs for every
                # file of every document of a warm run.
                link_or_copy(f"{self.cache_root}/{blob}", f"{self.run_root}/{in_run}")
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None
        return entry

    def store(self, key: str, entry: MemoEntry) -> None:
        # Compact JSON, read only by `restore`, which takes a cut-short entry
        # for a miss: no temp file needed (storage.write_new_json).
        write_new_json(self._path(key), dump_json_bytes(entry.to_json(), indent=None))

    def record(self, in_run: str, blob: str) -> tuple[str, str]:
        """What an entry keeps of a placed file: (path inside the run, blob
        inside the cache), from absolute paths."""
        run_root = f"{self.run_root}/"
        if not in_run.startswith(run_root):
            raise ValueError(f"{in_run} is outside the run")
        return in_run[len(run_root):], self.record_blob(blob)

    def record_blob(self, blob: str) -> str:
        """A blob's path inside the cache folder."""
        relative = blob.removeprefix(f"{self.cache_root}/")
        if not relative.startswith("blobs/") or relative == blob:
            raise ValueError(f"{blob} is not a blob of the cache")
        return relative
