"""Streaming: peak memory does not grow with the size of the corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

MEASURE = """
import resource, sys
from pipeline.cli import main
try:
    main(["run", "-c", sys.argv[1], "--run-name", "r", "-q"])
except SystemExit as exit:
    code = exit.code
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_rss_kb(tmp: Path, documents: int) -> int:
    corpus = tmp / f"in{documents}"
    corpus.mkdir()
    for number in range(documents):
        (corpus / f"a{number:06d}.txt").write_text(f"Article {number}: the council met on Monday. " * 20)
    config = tmp / f"c{documents}.yaml"
    # Cheap stages only: this measures the runner's own memory, not a model's.
    disabled = {"enabled": False}
    stages = {name: disabled for name in ("boilerplate", "language", "translate", "despin")}
    config.write_text(yaml.safe_dump({"input": str(corpus), "output": str(tmp / f"out{documents}"),
                                      "stages": stages}))
    result = subprocess.run([sys.executable, "-c", MEASURE, str(config)], capture_output=True, text=True,
                            timeout=900)
    code, peak = result.stdout.strip().splitlines()[-1].split()
    assert code == "0", result.stderr
    assert len(list((tmp / f"out{documents}" / "r" / "docs").glob("*.txt"))) == documents
    return int(peak)


@pytest.mark.slow
def test_peak_memory_is_flat_in_corpus_size(tmp_path):
    small = _peak_rss_kb(tmp_path, 300)
    large = _peak_rss_kb(tmp_path, 3000)
    assert large <= 1.2 * small, f"peak RSS {small} kB at 300 documents, {large} kB at 3000"
