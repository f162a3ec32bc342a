"""Whether a run folder holds a finished run.

A run writes `<run>/.unfinished` (which process, on which host, since when)
before its first document and removes it only once manifest.json and
`latest` are written. manifest.json alone cannot tell: a resumed run, or
--only/--from, keeps the previous invocation's manifest until it ends. Runs
written before the marker existed are judged by what a cut-short run leaves:
no manifest, or the engines' JSONL parts (removed once documents.jsonl is
assembled).
"""

from __future__ import annotations

import os
import socket
from datetime import datetime

from pipeline.jsonl import PARTS_DIR
from pipeline.rundir import RunLayout
from pipeline.storage import atomic_write_json, read_json

MARKER = ".unfinished"


def mark_unfinished(layout: RunLayout, started_at: datetime) -> None:
    atomic_write_json(layout.root / MARKER, {"pid": os.getpid(), "host": socket.gethostname(),
                                             "started_at": started_at.isoformat(timespec="seconds")})


def mark_finished(layout: RunLayout) -> None:
    (layout.root / MARKER).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    """Whether another process with this pid exists. Not this one: a command
    that reads a run is not the one writing it (an in-process run that raised
    is over)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, but it exists
    return True


def unfinished_reason(layout: RunLayout) -> str | None:
    """None for a finished run, else why it is not (a phrase)."""
    marker = layout.root / MARKER
    if marker.is_file():
        try:
            info = read_json(marker)
        except (OSError, ValueError):
            info = None
        info = info if isinstance(info, dict) else {}
        since = f"started {info['started_at']}" if info.get("started_at") else "start time unknown"
        pid, host = info.get("pid"), info.get("host")
        if host and host != socket.gethostname():
            return f"{since} on {host}: interrupted, or still running there"
        if isinstance(pid, int) and _alive(pid):
            return f"still running: pid {pid}, {since}"
        return f"interrupted: {since}"
    if not layout.manifest_path.is_file():
        return "no manifest.json: interrupted, or still running"
    if (layout.root / PARTS_DIR).is_dir():
        return "stopped before documents.jsonl was assembled"
    return None


def unfinished_warning(layout: RunLayout) -> str | None:
    """The line `diff`, `show` and `report` print on stderr, or None."""
    reason = unfinished_reason(layout)
    if reason is None:
        return None
    resume = "" if reason.startswith("still running") else \
        f"; resume it with the same `artnorm run` command and --run-name {layout.name}"
    return f"warning: run {layout.name} is unfinished ({reason}): its results are partial{resume}"
