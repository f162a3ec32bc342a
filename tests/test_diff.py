"""`artnorm diff`: output formats and exit codes."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner
from conftest import SEEDS

from pipeline.cli import main


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Runs `curly` and `straight`, differing only in the quote setting, and
    `again`, a repeat of `curly`. Built once: the tests only read them."""
    tmp = tmp_path_factory.mktemp("diff")
    runner = CliRunner()
    for name, uncurl in (("curly", False), ("again", False), ("straight", True)):
        config = tmp / f"{name}.yaml"
        config.write_text(yaml.safe_dump({"input": str(SEEDS), "output": str(tmp / "out"),
                                          "stages": {"encoding": {"uncurl_quotes": uncurl}}}))
        result = runner.invoke(main, ["run", "-c", str(config), "--run-name", name, "-q"])
        assert result.exit_code == 0, result.output
    return tmp / "out"


def test_identical_runs_exit_0(cli, two_runs):
    result = cli("diff", "curly", "again", "--output", two_runs)
    assert result.exit_code == 0 and result.output == ""


def test_quote_setting_diff_shows_exactly_the_quote_changes(cli, two_runs):
    result = cli("diff", "curly", "straight", "--word", "--no-metadata", "--output", two_runs)
    assert result.exit_code == 1
    removed = [chunk.split("-]")[0] for chunk in result.output.split("[-")[1:]]
    added = [chunk.split("+}")[0] for chunk in result.output.split("{+")[1:]]
    assert removed and set(removed) <= {"’", "‘", "“", "”"}
    assert set(added) <= {"'", '"'} and len(added) == len(removed)


def test_unified_diff_by_default_with_metadata(cli, two_runs):
    result = cli("diff", "curly", "straight", "--doc", "004", "--output", two_runs)
    assert result.exit_code == 1
    assert "--- curly/004_" in result.output and "+++ straight/004_" in result.output
    assert "-Douyin’s Success" in result.output and "+Douyin's Success" in result.output
    assert "~ metadata pipeline.config_hash" in result.output


def test_stat_and_json(cli, two_runs):
    stat = cli("diff", "curly", "straight", "--stat", "--output", two_runs)
    assert stat.exit_code == 1 and "5 documents changed, 0 added, 0 removed" in stat.output
    data = json.loads(cli("diff", "curly", "straight", "--json", "--output", two_runs).output)
    assert data["summary"]["changed"] == 5 and data["summary"]["lines_added"] == data["summary"]["lines_removed"] > 0
    assert {doc["status"] for doc in data["documents"]} == {"changed"}


def test_added_and_removed_documents(cli, write_config, seeds_copy, tmp_path):
    assert cli("run", "-c", write_config(), "--run-name", "five", "-q").exit_code == 0
    next(seeds_copy.glob("001_*")).unlink()
    assert cli("run", "-c", write_config(), "--run-name", "four", "-q").exit_code == 0
    result = cli("diff", "five", "four", "--stat", "--output", tmp_path / "out")
    assert result.exit_code == 1 and "1 removed" in result.output


def test_stage_and_between(cli, two_runs):
    same_ingest = cli("diff", "curly", "straight", "--stage", "ingest", "--output", two_runs)
    assert same_ingest.exit_code == 0
    between = cli("diff", "straight", "--between", "ingest", "encoding", "--no-metadata", "--word",
                  "--output", two_runs)
    assert between.exit_code == 1 and "[-’-]{+'+}" in between.output
    unchanged = cli("diff", "curly", "--between", "ingest", "encoding", "--no-metadata", "--output", two_runs)
    assert unchanged.exit_code == 0


def test_run_given_as_path(cli, two_runs):
    result = cli("diff", two_runs / "curly", two_runs / "again")
    assert result.exit_code == 0


def test_unknown_run_exits_2(cli, two_runs):
    result = cli("diff", "curly", "nosuch", "--output", two_runs)
    assert result.exit_code == 2 and "no run 'nosuch'" in result.output
