"""Fault injection for the crash-safety tests.

With ARTNORM_CRASH_AFTER_WRITES=N the process kills itself with SIGKILL at its
N-th atomic write — before the rename when ARTNORM_CRASH_MID_WRITE=1, leaving
a half-written temp file, as a power cut would. Unset, this costs one dict
lookup per write.
"""

from __future__ import annotations

import os
import signal

_writes = 0


def crash_point(mid_write: bool) -> None:
    limit = os.environ.get("ARTNORM_CRASH_AFTER_WRITES")
    if not limit:
        return
    if mid_write != (os.environ.get("ARTNORM_CRASH_MID_WRITE") == "1"):
        return
    global _writes
    _writes += 1
    if _writes >= int(limit):
        os.kill(os.getpid(), signal.SIGKILL)
