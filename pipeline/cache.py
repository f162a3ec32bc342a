"""Content-addressed cache of stage results, shared by all runs of an output
directory. The key covers the stage's name and version, its parameters and
the hash of everything it reads, so a hit is exactly what the stage would
compute again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.hashing import stable_hash
from pipeline.storage import atomic_write_json, read_json


def cache_key(stage: str, version: str, params_hash: str, input_fingerprint: str) -> str:
    return stable_hash([stage, version, params_hash, input_fingerprint])


class StageCache:
    def __init__(self, root: Path):
        self.root = root

    def _path(self, stage: str, key: str) -> Path:
        return self.root / stage / key[:2] / f"{key}.json"

    def get(self, stage: str, key: str) -> dict[str, Any] | None:
        try:
            return read_json(self._path(stage, key))
        except (OSError, ValueError):
            # Missing or unreadable entries are misses: the stage recomputes.
            return None

    def put(self, stage: str, key: str, entry: dict[str, Any]) -> None:
        atomic_write_json(self._path(stage, key), entry, indent=None)
