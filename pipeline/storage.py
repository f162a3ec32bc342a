"""Atomic file writes: a reader (or a resumed run) never sees half a file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pipeline.faults import crash_point


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data[: len(data) // 2])
            crash_point(mid_write=True)
            handle.write(data[len(data) // 2:])
        os.replace(tmp, path)
        crash_point(mid_write=False)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def dump_json(value: Any, indent: int | None = 2) -> str:
    # Sorted keys and a trailing newline: files diff cleanly and hash stably.
    # indent=None is for machine-only files: json's C encoder only runs
    # without indentation, and is about ten times faster.
    separators = (",", ":") if indent is None else None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent, separators=separators) + "\n"


def atomic_write_json(path: Path, value: Any, indent: int | None = 2) -> None:
    atomic_write_text(path, dump_json(value, indent))


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
