"""The progress bar moves as workers finish batches, not only whole chunks."""

from __future__ import annotations

import pipeline.runner
from pipeline.progress import Progress


def test_two_workers_move_the_bar_per_document(cli, write_config, tmp_path, monkeypatch):
    """Found by a smoke run: with 2 workers the bar stayed at 0 until a whole
    chunk (8 batches) ended. Workers now report each batch; with batch_size 1
    that is each document."""
    corpus = tmp_path / "seeds"
    corpus.mkdir()
    for number in range(12):
        (corpus / f"doc{number:02d}.txt").write_text(
            f"Report {number}\n\nThe council met on Monday and agreed to repair the old bridge before winter. "
            "Work starts next month and should take about six weeks.\n", encoding="utf-8")
    updates: list[int] = []

    class Recording(Progress):
        def advance(self, count: int) -> None:
            updates.append(count)
            super().advance(count)

    monkeypatch.setattr(pipeline.runner, "Progress", Recording)
    config = write_config(batch_size=1, memo=False)
    result = cli("run", "-c", config, "--run-name", "w", "--workers", "2", "-q")
    assert result.exit_code == 0, result.output
    assert sum(updates) == 12
    assert [count for count in updates if count] == [1] * 12  # one document at a time, never a chunk at once
