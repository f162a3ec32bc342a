"""Every command has help text with an example; entry points work."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from pipeline.cli import main
from pipeline.stages.ingest import IngestStage


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _commands(main)], ids=" ".join)
def test_every_command_has_help_with_an_example(cli, path):
    result = cli(*path, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"`artnorm {' '.join(path)} --help` shows no example"


def test_python_dash_m_entry_point():
    result = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "Usage:" in result.stdout


def test_stages_lists_versions(cli):
    result = cli("stages")
    lines = result.output.splitlines()
    assert lines[0].startswith("ingest") and lines[-1].startswith("export")
    assert all(" v" in line for line in lines)


def test_show_prints_the_trail(cli, write_config, seeds_copy, tmp_path):
    assert cli("run", "-c", write_config(), "--run-name", "r", "-q").exit_code == 0
    result = cli("show", "r", "003", "--output", tmp_path / "out")
    assert result.exit_code == 0
    assert "language    nl" in result.output and f"1. ingest v{IngestStage.version}" in result.output
    missing = cli("show", "r", "999", "--output", tmp_path / "out")
    assert missing.exit_code == 2 and "no document" in missing.output


def test_an_interrupted_run_exits_130_and_says_how_to_resume(cli, write_config, seeds_copy, monkeypatch):
    """Ctrl-C used to exit 1 ("some documents failed") with only "Aborted!"."""
    import pipeline.runner

    def interrupted(config, options):
        assert options.run_name  # named before the run starts, so the message can give it
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.runner, "run", interrupted)
    config = write_config()
    result = cli("run", "-c", config)
    assert result.exit_code == 130
    assert f"resume with: artnorm run -c {config} --run-name 20" in result.output


def test_only_and_from_keep_the_earlier_failures(cli, write_config, seeds_copy, tmp_path):
    """Found by a smoke run: `--only despin` after a run with an empty file wrote
    a manifest with no failures (and exit 0) while failed/ still held it."""
    import json

    (seeds_copy / "empty.txt").write_bytes(b"")
    config = write_config()
    assert cli("run", "-c", config, "--run-name", "r", "-q").exit_code == 1
    for mode in (["--only", "despin"], ["--from", "language"]):
        result = cli("run", "-c", config, "--run-name", "r", "-q", *mode)
        assert result.exit_code == 1, mode
        manifest = json.loads((tmp_path / "out" / "r" / "manifest.json").read_text())
        assert manifest["documents"] == {"total": 6, "succeeded": 5, "failed": 1}
        assert [f["source"] for f in manifest["failures"]] == ["empty.txt"]


def test_show_diff_and_report_find_runs_in_the_configs_output(cli, write_config, seeds_copy, tmp_path):
    """Found by a smoke run: they only looked in ./output, not where `run -c`
    had written the runs. A relative `output` is resolved against the config's
    folder, as `run` does; --output still wins."""
    config = write_config(output="runs")
    assert cli("run", "-c", config, "--run-name", "r", "-q").exit_code == 0
    assert (tmp_path / "runs" / "r").is_dir()
    shown = cli("show", "latest", "003", "-c", config)
    assert shown.exit_code == 0, shown.output
    assert "language    nl" in shown.output
    assert cli("diff", "r", "latest", "--config", config).exit_code == 0
    assert cli("report", "r", "-c", config, "--out", tmp_path / "r.html").exit_code == 0
    assert (tmp_path / "r.html").is_file()
    elsewhere = cli("show", "latest", "003", "-c", config, "--output", tmp_path / "nowhere")
    assert elsewhere.exit_code == 2 and "nowhere" in elsewhere.output
    missing = cli("diff", "r", "latest", "-c", tmp_path / "missing.yaml")
    assert missing.exit_code == 2 and "config file not found" in missing.output


def test_diff_and_report_warn_that_an_interrupted_run_is_partial(cli, write_config, seeds_copy, tmp_path, monkeypatch):
    """Found by a smoke run: on an interrupted run they said nothing, though
    documents were missing or (after an interrupted --only) stale."""
    import pipeline.runner

    config, out = write_config(), tmp_path / "out"
    assert cli("run", "-c", config, "--run-name", "done", "-q").exit_code == 0
    assert cli("run", "-c", config, "--run-name", "r", "-q").exit_code == 0
    finished = cli("diff", "done", "r", "--output", out)
    assert finished.exit_code == 0 and finished.stderr == ""

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt  # after the documents, before the manifest: as a Ctrl-C would

    monkeypatch.setattr(pipeline.runner, "write_jsonl", interrupt)
    # The earlier manifest of `r` is still there: only the marker tells.
    assert cli("run", "-c", config, "--run-name", "r", "-q", "--only", "despin").exit_code == 130
    assert cli("run", "-c", config, "--run-name", "fresh", "-q").exit_code == 130
    for args in (["diff", "done", "r"], ["diff", "r", "--between", "ingest", "despin"], ["show", "r", "003"],
                 ["report", "r", "--out", tmp_path / "r.html"]):
        result = cli(*args, "--output", out)
        assert result.exit_code in (0, 1), (args, result.output)
        assert "warning: run r is unfinished (interrupted: started 20" in result.stderr, args
        assert "results are partial; resume it with the same `artnorm run` command and --run-name r" in result.stderr
    assert "the run is unfinished (interrupted" in (tmp_path / "r.html").read_text(encoding="utf-8")
    fresh = cli("diff", "done", "fresh", "--stat", "--output", out)
    assert fresh.exit_code == 0 and fresh.stderr.count("warning:") == 1 and "run fresh is unfinished" in fresh.stderr
    monkeypatch.undo()
    assert cli("run", "-c", config, "--run-name", "fresh", "-q").exit_code == 0  # resumed: finished now
    assert cli("diff", "done", "fresh", "--output", out).stderr == ""


def test_with_c_a_bare_run_name_is_looked_up_in_the_configs_output_first(cli, write_config, seeds_copy, tmp_path,
                                                                         monkeypatch):
    """Found in use: `show r DOC -c CONFIG` took a folder `r` in the working
    directory before the run `r` of the config's output. Explicit paths
    (`./r`) are still paths, and without -c the lookup order is unchanged."""
    import shutil

    config = write_config(output="runs")
    assert cli("run", "-c", config, "--run-name", "r", "-q").exit_code == 0
    here = tmp_path / "here"
    here.mkdir()
    shutil.copytree(tmp_path / "runs" / "r", here / "r")
    changed = next((here / "r" / "docs").glob("*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nAn edited copy.\n", encoding="utf-8")
    metadata = changed.with_suffix(".json")
    metadata.write_text(metadata.read_text(encoding="utf-8").replace("{", '{"edited_copy": true, ', 1),
                        encoding="utf-8")
    monkeypatch.chdir(here)
    for name in ("r", "latest"):  # latest is a bare name too
        assert cli("diff", name, tmp_path / "runs" / "r", "-c", config, "--stat").exit_code == 0, name
    shown = cli("show", "r", changed.stem, "-c", config, "--json")
    assert shown.exit_code == 0 and "edited_copy" not in shown.output
    assert cli("report", "r", "-c", config).exit_code == 0
    assert (tmp_path / "runs" / "r" / "report.html").is_file() and not (here / "r" / "report.html").exists()
    # an explicit path is a path; without -c the working directory still comes first
    assert cli("diff", "./r", "latest", "-c", config, "--stat").exit_code == 1
    assert "edited_copy" in cli("show", "./r", changed.stem, "-c", config, "--json").output
    assert cli("diff", "r", "latest", "--output", tmp_path / "runs", "--stat").exit_code == 1
    assert "edited_copy" in cli("show", "r", changed.stem, "--json").output


def test_explicit_run_paths():
    from pipeline.rundir import is_explicit_path

    assert not any(map(is_explicit_path, ("r", "latest", "20261122T100000Z", "run-a.b_c")))
    assert all(map(is_explicit_path, ("./r", "../r", ".", "..", "out/r", "/abs/r", ".hidden")))
