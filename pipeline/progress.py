"""A progress bar on stderr (documents/s and ETA), silent with --quiet."""

from __future__ import annotations

import sys
from typing import Any


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


class WorkerProgress:
    """The bar's share of the documents sent to worker processes.

    A worker reports each batch it finishes on `channel` (a multiprocessing
    SimpleQueue: the count is in the pipe before the worker sends its chunk's
    result), so the bar moves per batch rather than per chunk of 8 batches,
    which left it at 0 until the first chunk ended. Finished chunks count too,
    as a floor (a report lost with a dying worker): the bar shows the larger
    of the two, so no document is counted twice."""

    def __init__(self, progress: Progress, channel: Any):
        self.progress, self.channel = progress, channel
        self.reported = self.completed = self.shown = 0

    def drain(self) -> None:
        """Take the reports waiting in the channel (never blocks)."""
        while not self.channel.empty():
            self.reported += self.channel.get()
            self._show()  # one update per finished batch, as the workers sent them

    def chunk_done(self, count: int) -> None:
        self.completed += count
        self._show()

    def _show(self) -> None:
        target = max(self.reported, self.completed)
        if target > self.shown:
            self.progress.advance(target - self.shown)
            self.shown = target
