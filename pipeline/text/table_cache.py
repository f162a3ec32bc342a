"""Tables worked out once per machine and kept on disk as `marshal` data.

Some lookups are functions of installed data files and of this package's code
(word lists, WordNet): computing them in every process costs seconds and
memory, so each is computed once, stored under

    $XDG_CACHE_HOME/artnorm/<folder>, else ~/.cache/artnorm/<folder>

in a file named by a key over whatever it depends on, and loaded by the
processes that need it. Files are written to a temporary name and renamed
(worker processes may build concurrently; readers never see half a file); a
few versions of each table are kept so that switching between two configs
does not rebuild each time. Where the directory cannot be written, the table
is built in memory for this process only.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from pathlib import Path
from typing import Callable

#: Versions of each table kept in its folder.
KEPT_VERSIONS = 4


def cache_dir(folder: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "artnorm" / folder


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def cached(root: Path, name: str, key: str, build: Callable[[], object]) -> object:
    """The table `name` for `key` in folder `root`: read from disk, else
    built, written (atomically) and returned."""
    path = root / f"{name}-{key}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing, unreadable or truncated: build it
    data = build()
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=root)
        try:
            with os.fdopen(handle, "wb") as out:
                marshal.dump(data, out)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        versions = sorted(root.glob(f"{name}-*.marshal"), key=_mtime, reverse=True)
        for stale in versions[KEPT_VERSIONS:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # read-only or full: this process keeps the table in memory
    return data
