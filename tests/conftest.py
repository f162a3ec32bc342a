"""Shared fixtures: the real CLI on real files, in a temporary directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pipeline.cli import main

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def write_config(tmp_path: Path):
    """Write a config YAML (input/output default to tmp dirs) and return its path."""

    def _write(data: dict | None = None, name: str = "config.yaml", **top) -> Path:
        content = {"input": str(tmp_path / "seeds"), "output": str(tmp_path / "out"), **top, **(data or {})}
        path = tmp_path / name
        path.write_text(yaml.safe_dump(content), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def cli():
    """Invoke `artnorm ARGS...` in-process; returns the click Result."""
    runner = CliRunner()

    def _invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return _invoke


def read_manifest(run_dir: Path) -> dict:
    """The manifest, with `stages` turned into an ordered {name: row} mapping."""
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["stages"] = {row["stage"]: row for row in manifest["stages"]}
    return manifest


def pytest_collection_modifyitems(config, items):
    """Tests marked slow run in CI (CI set) or with ARTNORM_RUN_SLOW=1; a local
    `pytest` stays fast."""
    import os

    if os.environ.get("CI") or os.environ.get("ARTNORM_RUN_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow: set ARTNORM_RUN_SLOW=1 (CI runs it)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
