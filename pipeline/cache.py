"""Content-addressed storage shared by all runs of an output directory.

    .cache/blobs/<h[:2]>/<h>            every stored file, named by its content hash
    .cache/<stage>/<k[:2]>/<key>.json   document state after <stage>, by cache key
    .cache/memo/<m[:2]>/<m>.json        a document's whole run: which blobs make its files

A stage's cache key covers its name, version, parameters and the hash of
everything it reads, so a hit is exactly what the stage would compute again.
The entry is the state of the document that first computed it; the stage's
own result (text, its annotations, its provenance record) is read back out of
it. The entry is also a blob: one file with two names, its cache key and its
content hash. Run folders hold hard links to blobs: a file computed once is
stored once, a warm run places its outputs with links instead of writes, and
whatever names a blob (a run, a memo entry) keeps its content even when a
cache key is later given another document's state. Stored files are
read-only so that editing a run's file in place fails rather than altering
every run that shares it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from pipeline.hashing import stable_hash
from pipeline.storage import atomic_write_bytes, loads_json, write_new_json


def cache_key(stage: str, version: str, params_hash: str, input_fingerprint: str) -> str:
    return stable_hash([stage, version, params_hash, input_fingerprint])


class StageCache:
    def __init__(self, root: Path):
        self.root = root
        self.blobs = BlobStore(root / "blobs")

    def relative(self, stored: str) -> str:
        """A stored file's path inside the cache folder (what memo entries and
        JSONL parts keep, so that the output folder can move)."""
        return stored.removeprefix(f"{self.root}/")

    # Paths are plain strings on this hot path (several per document and stage).
    def path(self, stage: str, key: str) -> str:
        return f"{self.root}/{stage}/{key[:2]}/{key}.json"

    def get(self, stage: str, key: str) -> dict[str, Any] | None:
        """The stage's result stored under `key`: text, annotations, detail, changed."""
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
        return entry

    def put_state(self, stage: str, key: str, data: bytes) -> str:
        """Store a freshly computed state under its cache key; returns its
        blob (the same file, named by content), which is what runs link.
        A key given another state (a forced recompute, another document
        with the same input) is a new file: the blobs of the old one, and
        the runs and memo entries that name them, keep their content."""
        # A state is compact JSON, read back only through `get`, which takes
        # a cut-short file for a miss: no temp file needed
        # (storage.write_new_json). Its content name is added only once it
        # is whole, so a blob is never cut short.
        path = self.path(stage, key)
        write_new_json(path, data, mode=0o444)
        blob = self.blobs.path_of(data)
        self.blobs.adopt(path, blob)
        return blob


class BlobStore:
    """Files by content: identical outputs of different runs are one file."""

    def __init__(self, root: Path):
        self.root = root

    def path_of(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()[:40]
        return f"{self.root}/{digest[:2]}/{digest}"

    def put(self, data: bytes) -> str:
        path = self.path_of(data)
        if not os.path.exists(path):
            write_read_only(path, data)
        return path

    def adopt(self, whole_file: str, blob: str) -> None:
        """Give a complete file, whose content hash names `blob`, that name too."""
        try:
            os.link(whole_file, blob)
        except FileExistsError:
            pass  # named by content: it is this content already
        except FileNotFoundError:
            os.makedirs(os.path.dirname(blob), exist_ok=True)
            os.link(whole_file, blob)
        except OSError:
            write_read_only(blob, Path(whole_file).read_bytes())  # no hard links here


def write_read_only(path: str | Path, data: bytes) -> None:
    atomic_write_bytes(path, data, mode=0o444)
