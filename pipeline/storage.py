"""Atomic file writes and fast JSON: a reader (or a resumed run) never sees
half a file, and a run's thousands of small JSON files cost little.

A cold run writes about a dozen files per document and a warm run reads as
many, so this module is on the hot path: JSON goes through orjson (compiled,
several times faster than the json module) with the json module as fallback
for values orjson refuses (lone surrogates, non-string keys), and writes use a
fixed temp name per process instead of mkstemp's random-name retries.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import orjson

from pipeline.faults import crash_point

_COMPACT = orjson.OPT_SORT_KEYS
_INDENTED = orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2


def _temp_name(path: str | Path) -> str:
    # One writer per output dir (the run lock) and one temp name per process:
    # no two writers ever share a temp file. Leftovers of a killed run match
    # `.*.tmp` and are removed by the next run under the lock.
    folder, name = os.path.split(path)
    return f"{folder}/.{name}.{os.getpid()}.tmp"


def _create(tmp: str, mode: int) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    try:
        return os.open(tmp, flags, mode)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(tmp), exist_ok=True)
    except PermissionError:
        os.unlink(tmp)  # a read-only leftover of a killed process with our pid
    return os.open(tmp, flags, mode)


def atomic_write_bytes(path: str | Path, data: bytes, mode: int = 0o644) -> None:
    tmp = _temp_name(path)
    fd = _create(tmp, mode)
    try:
        _write_with_crash_point(fd, data)
        os.replace(tmp, path)
        crash_point(mid_write=False)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new_json(path: str | Path, data: bytes, mode: int = 0o644) -> None:
    """Write compact JSON straight to its final name, without a temp file and
    rename (which double the cost of a small file on ext4). Only for JSON that
    nobody reads before this returns, whose readers treat unparsable content
    as missing, and that is never rewritten in place: a file cut short by a
    crash cannot parse (the closing brace comes last), so it reads as missing
    and is written again; a rewrite replaces the file (new inode), so hard
    links to the old one keep their content."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(path, flags, mode)
    except FileExistsError:
        os.unlink(path)  # a stale or cut-short copy
        fd = os.open(path, flags, mode)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, flags, mode)
    try:
        _write_with_crash_point(fd, data)
        crash_point(mid_write=False)
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise


def _write_with_crash_point(fd: int, data: bytes) -> None:
    try:
        half = len(data) // 2
        _write_all(fd, data[:half])
        crash_point(mid_write=True)
        _write_all(fd, data[half:])
    finally:
        os.close(fd)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """Make `target` the same file as `source`: a hard link when the file
    system allows (cheap, no data written), else an atomic copy. An existing
    target is replaced atomically. FileNotFoundError when `source` is gone."""
    try:
        os.link(source, target)  # a new name appears whole: atomic already
        return
    except FileExistsError:
        pass
    except FileNotFoundError:
        if not os.path.exists(source):
            raise
        os.makedirs(os.path.dirname(target), exist_ok=True)
        return link_or_copy(source, target)
    except OSError:
        return _copy(source, target)
    _replace_with_link(source, target)


def _replace_with_link(source: str | Path, target: str | Path) -> None:
    tmp = _temp_name(target)
    try:
        os.link(source, tmp)
    except FileExistsError:
        os.unlink(tmp)
        os.link(source, tmp)
    except OSError:
        return _copy(source, target)
    os.replace(tmp, target)
    try:
        # rename() between two links to one file does nothing and leaves the
        # temp name behind: the target was already this file.
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def _copy(source: str | Path, target: str | Path) -> None:
    # No hard links here (another file system, too many links, not
    # permitted): a copy is slower but the same.
    atomic_write_bytes(Path(target), Path(source).read_bytes())


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def dump_json_bytes(value: Any, indent: int | None = 2) -> bytes:
    """Sorted keys and a trailing newline: files diff cleanly and hash stably.
    indent=None is for machine-only files (compact); otherwise two spaces."""
    try:
        return orjson.dumps(value, option=_COMPACT if indent is None else _INDENTED) + b"\n"
    except (TypeError, orjson.JSONEncodeError):
        return dump_json(value, indent).encode("utf-8", "surrogatepass")


def dump_json(value: Any, indent: int | None = 2) -> str:
    """The json module's rendering (the fallback of dump_json_bytes)."""
    separators = (",", ":") if indent is None else None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent, separators=separators) + "\n"


def atomic_write_json(path: Path, value: Any, indent: int | None = 2) -> None:
    atomic_write_bytes(path, dump_json_bytes(value, indent))


def loads_json(data: bytes) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        # orjson refuses what the fallback writer may have written (lone
        # surrogates, NaN); the json module reads it.
        return json.loads(data.decode("utf-8", "surrogatepass"))


def read_json(path: Path) -> Any:
    return loads_json(path.read_bytes())
