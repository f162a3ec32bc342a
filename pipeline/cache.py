"""Content-addressed storage shared by all runs of an output directory.

    .cache/<stage>/<k[:2]>/<key>.json   document state after <stage>, by cache key
    .cache/blobs/<h[:2]>/<h>            any other output file, by content hash
    .cache/memo/<m[:2]>/<m>.json        a document's whole run: which of the above make its files

A stage's cache key covers its name, version, parameters and the hash of
everything it reads, so a hit is exactly what the stage would compute again.
The entry is the state of the document that first computed it; the stage's
own result (text, its annotations, its provenance record) is read back out of
it. Run folders hold hard links to these files: a file computed once is
stored once, and a warm run places its outputs with links instead of writes.
Cache files are made read-only so that editing a run's file in place fails
rather than altering every run that shares it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.hashing import stable_hash
from pipeline.storage import atomic_write_bytes, loads_json, write_new_json


def cache_key(stage: str, version: str, params_hash: str, input_fingerprint: str) -> str:
    return stable_hash([stage, version, params_hash, input_fingerprint])


@dataclass(frozen=True, slots=True)
class CacheHit:
    entry: dict[str, Any]  # text, annotations, detail, changed: the stage's result
    path: str  # the stored state, to link into a run when it is this document's
    data: bytes  # the stored state's bytes, to tell whether it is


class StageCache:
    def __init__(self, root: Path):
        self.root = root

    # Paths are plain strings on this hot path (several per document and stage).
    def path(self, stage: str, key: str) -> str:
        return f"{self.root}/{stage}/{key[:2]}/{key}.json"

    def get(self, stage: str, key: str) -> CacheHit | None:
        path = self.path(stage, key)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            state = loads_json(data)
            record = state["provenance"][-1]
            if record["stage"] != stage:
                return None
            annotations = state.get("annotations", {}).get(stage)
            entry = {"text": state["text"], "annotations": annotations, "detail": record["detail"],
                     "changed": record["changed"]}
        except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
            # Missing, unreadable or foreign entries are misses: the stage recomputes.
            return None
        return CacheHit(entry, path, data)

    def put_state(self, stage: str, key: str, data: bytes) -> str:
        path = self.path(stage, key)
        try:
            with open(path, "rb") as handle:
                if handle.read() == data:
                    return path  # recomputed to the same state: keep the file (and links to it)
        except OSError:
            pass
        # A state is compact JSON, read back only through `get`, which takes
        # a cut-short file for a miss: no temp file needed (storage.write_new_json).
        write_new_json(path, data, mode=0o444)
        return path


class BlobStore:
    """Files by content: identical outputs of different runs are one file."""

    def __init__(self, root: Path):
        self.root = root

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()[:40]
        path = f"{self.root}/{digest[:2]}/{digest}"
        if not os.path.exists(path):
            write_read_only(path, data)
        return path


def write_read_only(path: str | Path, data: bytes) -> None:
    atomic_write_bytes(path, data, mode=0o444)
