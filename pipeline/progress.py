"""A progress bar on stderr (documents/s and ETA), silent with --quiet."""

from __future__ import annotations

import sys


class Progress:
    def __init__(self, total: int, quiet: bool = False, label: str = ""):
        self.total = total
        self._bar = None
        if not quiet:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="doc", desc=label, file=sys.stderr, dynamic_ncols=True,
                             smoothing=0.1)

    def advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.close()
