"""Benchmarks: `python -m bench NAME` (see bench/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def write_results(name: str, data: object, **json_options) -> Path:
    """bench/results/NAME.json, the folder made if needed; `json_options` go to json.dumps."""
    path = RESULTS_DIR / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, **json_options) + "\n", encoding="utf-8")
    return path
