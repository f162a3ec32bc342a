"""Benchmarks: `python -m bench NAME` (see bench/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def write_results(name: str, data: object, root: Path = REPO, **json_options) -> Path:
    """ROOT/bench/results/NAME.json, the folder made if needed; `json_options`
    go to json.dumps. Each bench passes its module's ROOT (tests point it at a
    temporary folder)."""
    path = root / "bench" / "results" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, **json_options) + "\n", encoding="utf-8")
    return path
