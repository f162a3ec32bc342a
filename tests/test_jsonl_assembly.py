"""documents.jsonl is assembled from ready-made lines (pipeline.jsonl): the
same bytes as rebuilding every line from the exported files, reused by link
when a run's content is unchanged, and rebuilt when a line is missing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.jsonl import PARTS_DIR, rebuild_line
from pipeline.rundir import RunLayout
from pipeline.sources import path_suffix


@pytest.fixture(autouse=True, params=["in memory", "sqlite"])
def assembly(request, monkeypatch):
    """Every test runs with both ways of sorting the lines."""
    if request.param == "sqlite":
        monkeypatch.setattr("pipeline.jsonl.IN_MEMORY_DOCUMENTS", 0)
    return request.param


def _run(cli, config, name, *extra):
    result = cli("run", "-c", config, "--run-name", name, "-q", *extra)
    assert result.exit_code == 0, result.output
    return config.parent / "out" / name


def _rebuilt(run_dir: Path) -> bytes:
    layout = RunLayout(run_dir)
    ids = sorted(p.stem for p in layout.docs_dir.glob("*.json"))
    return b"".join(rebuild_line(layout, doc_id) for doc_id in ids)


def test_lines_are_the_exported_files(cli, write_config, seeds_copy):
    run = _run(cli, write_config(), "cold")
    jsonl = (run / "documents.jsonl").read_bytes()
    assert jsonl == _rebuilt(run)
    records = [json.loads(line) for line in jsonl.splitlines()]
    assert [r["id"] for r in records] == sorted(r["id"] for r in records) and len(records) == 5
    assert not (run / PARTS_DIR).exists()


def test_an_unchanged_run_links_the_earlier_jsonl(cli, write_config, seeds_copy):
    config = write_config()
    cold = _run(cli, config, "cold")
    warm = _run(cli, config, "warm")
    assert (warm / "documents.jsonl").stat().st_ino == (cold / "documents.jsonl").stat().st_ino
    # Read-only: editing one run's JSONL in place must not change the other's.
    assert (warm / "documents.jsonl").stat().st_mode & 0o222 == 0


def test_a_changed_document_gets_a_new_jsonl(cli, write_config, seeds_copy):
    config = write_config()
    cold = _run(cli, config, "cold")
    before = (cold / "documents.jsonl").read_bytes()
    source = next(seeds_copy.glob("001*"))
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more closing line of the article.\n",
                      encoding="utf-8")
    changed = _run(cli, config, "changed")
    assert (changed / "documents.jsonl").stat().st_ino != (cold / "documents.jsonl").stat().st_ino
    assert (cold / "documents.jsonl").read_bytes() == before
    after = (changed / "documents.jsonl").read_bytes()
    assert after != before and after == _rebuilt(changed)
    assert b"One more closing line of the article." in after


def test_a_deleted_earlier_run_or_line_blobs_are_rebuilt(cli, write_config, seeds_copy):
    config = write_config()
    cold = _run(cli, config, "cold")
    expected = (cold / "documents.jsonl").read_bytes()
    shutil.rmtree(cold)
    for blob in (config.parent / "out" / ".cache" / "blobs").rglob("*"):
        if blob.is_file() and blob.read_bytes().startswith(b'{"id":'):
            blob.unlink()  # the JSONL lines, not the files a replay links
    warm = _run(cli, config, "warm")
    assert (warm / "documents.jsonl").read_bytes() == expected


def test_only_rerun_keeps_every_document_in_the_jsonl(cli, write_config, seeds_copy):
    config = write_config()
    run = _run(cli, config, "cold")
    expected = (run / "documents.jsonl").read_bytes()
    result = cli("run", "-c", config, "--only", "despin", "-q")
    assert result.exit_code == 0, result.output
    assert (run / "documents.jsonl").read_bytes() == expected


def test_failed_documents_are_left_out(cli, write_config, seeds_copy):
    (seeds_copy / "empty.txt").write_bytes(b"")
    config = write_config()
    result = cli("run", "-c", config, "--run-name", "cold", "-q")
    assert result.exit_code == 1
    run = config.parent / "out" / "cold"
    ids = [json.loads(line)["id"] for line in (run / "documents.jsonl").read_bytes().splitlines()]
    assert len(ids) == 5 and not any(i.startswith("empty") for i in ids)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="ab.", min_size=1, max_size=6).filter(lambda p: p not in (".", "..")),
                min_size=1, max_size=3))
def test_path_suffix_is_pathlibs(parts):
    from pathlib import PurePosixPath

    path = "/".join(parts)
    assert path_suffix(path) == PurePosixPath(path).suffix


def test_a_source_removed_before_a_rerun_leaves_docs_and_export(cli, write_config, seeds_copy):
    # Re-running into the same run folder after a source was removed: the
    # document exported the first time used to stay in docs/ and have its
    # line rebuilt, while the manifest no longer counted it. A full run now
    # starts from an empty docs/ (tests/test_rerun_same_name.py).
    config = write_config()
    run = _run(cli, config, "same")
    removed = next(seeds_copy.glob("004*"))
    removed.unlink()
    _run(cli, config, "same")
    jsonl = (run / "documents.jsonl").read_bytes()
    assert jsonl == _rebuilt(run) and len(jsonl.splitlines()) == 4
    assert not any(line.startswith(b'{"id":"004') for line in jsonl.splitlines())
