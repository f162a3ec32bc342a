"""kill -9 at many points, then re-run: the run resumes, never reads a
half-written artifact, and ends byte-identical to an uninterrupted run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import SEEDS

SHORT_SEEDS = ("001_", "003_", "004_")


def _corpus(tmp: Path) -> Path:
    corpus = tmp / "in"
    corpus.mkdir()
    for path in SEEDS.iterdir():
        if path.name.startswith(SHORT_SEEDS):
            shutil.copy(path, corpus / path.name)
    return corpus


def _config(tmp: Path, corpus: Path, output: Path, name: str) -> Path:
    path = tmp / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"input": str(corpus), "output": str(output), "batch_size": 1}))
    return path


def _artnorm(config: Path, run_name: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "run", "-c", str(config), "--run-name", run_name, "-q"],
                          capture_output=True, text=True, env={**os.environ, **env}, timeout=300)


def _outputs(run_dir: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(run_dir.rglob("*")):
        if path.is_file() and path.name != "manifest.json":
            files[path.relative_to(run_dir).as_posix()] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reference")
    corpus = _corpus(tmp)
    result = _artnorm(_config(tmp, corpus, tmp / "out", "ref"), "run")
    assert result.returncode == 0, result.stderr
    # Every atomic write of a cold run leaves one file (stored stage states,
    # blobs, memo entries, manifest); run folders hold hard links to them, so
    # counting distinct files (inodes) counts the kill points.
    writes = len({(p.stat().st_dev, p.stat().st_ino) for p in (tmp / "out").rglob("*")
                  if p.is_file() and p.name not in (".lock", "documents.jsonl")})
    return corpus, _outputs(tmp / "out" / "run"), writes


def kill_points(writes: int, count: int = 11) -> list[int]:
    """`count` points spread evenly over the run, first and last write included."""
    return sorted({max(1, round(i * writes / count)) for i in range(1, count + 1)} | {1})


@pytest.mark.slow
@pytest.mark.parametrize("mid_write", [False, True], ids=["after-write", "mid-write"])
def test_killed_runs_resume_to_identical_output(reference, tmp_path, mid_write):
    corpus, expected, writes = reference
    killed = 0
    for point in kill_points(writes):
        output = tmp_path / f"out-{point}"
        config = _config(tmp_path, corpus, output, f"c{point}")
        crash = _artnorm(config, "run", ARTNORM_CRASH_AFTER_WRITES=str(point),
                         ARTNORM_CRASH_MID_WRITE="1" if mid_write else "0")
        killed += crash.returncode == -9
        resumed = _artnorm(config, "run")
        assert resumed.returncode == 0, (point, resumed.stderr)
        assert _outputs(output / "run") == expected, f"differs after a kill at write {point}"
    assert killed >= 10, "the kill points must fall inside the run"


def test_a_second_run_on_the_same_output_stops_with_a_clear_message(tmp_path, write_config, seeds_copy, cli):
    config = write_config()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time, pathlib; p = pathlib.Path(sys.argv[1]); p.mkdir(parents=True, exist_ok=True);"
        "f = open(p / '.lock', 'a+'); fcntl.flock(f, fcntl.LOCK_EX); f.write('4242'); f.flush();"
        "print('locked', flush=True); time.sleep(60)"), str(tmp_path / "out")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = cli("run", "-c", config, "--run-name", "second", "-q")
        assert result.exit_code == 2 and "another artnorm run is using" in result.output
        assert not (tmp_path / "out" / "second").exists()
    finally:
        holder.kill()
        holder.wait()
    assert cli("run", "-c", config, "--run-name", "second", "-q").exit_code == 0


@pytest.mark.slow
def test_two_runs_started_at_once_do_not_corrupt_each_other(reference, tmp_path):
    corpus, expected, _ = reference
    config = _config(tmp_path, corpus, tmp_path / "out", "c")
    command = [sys.executable, "-m", "pipeline", "run", "-c", str(config), "--run-name", "run", "-q"]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    time.sleep(0.05)
    second = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in (first, second)]
    assert all(code == 0 or (code == 2 and "another artnorm run" in err) for code, err in outcomes), outcomes
    assert _outputs(tmp_path / "out" / "run") == expected
