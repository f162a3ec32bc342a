"""Hostile input: every file ends in output or in a recorded failure naming
stage and reason; the run completes; the exit status says whether any failed."""

from __future__ import annotations

import json
import re

import pytest
from conftest import read_manifest
from hostile import write_hostile_corpus

from pipeline.sources import make_doc_id


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    from click.testing import CliRunner
    import yaml

    from pipeline.cli import main

    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "in").mkdir()
    (tmp / "outside").mkdir()
    cases = write_hostile_corpus(tmp / "in", tmp / "outside")
    config = tmp / "config.yaml"
    config.write_text(yaml.safe_dump({"input": str(tmp / "in"), "output": str(tmp / "out")}))
    result = CliRunner().invoke(main, ["run", "-c", str(config), "--run-name", "r", "-q"], catch_exceptions=False)
    return tmp / "out" / "r", cases, result


def test_every_file_ends_in_output_or_a_recorded_failure(hostile_run):
    run_dir, cases, result = hostile_run
    manifest = read_manifest(run_dir)
    exported = {p.stem for p in (run_dir / "docs").glob("*.json")}
    failed = {f["id"]: f for f in manifest["failures"]}
    for relpath in cases:
        doc_id = make_doc_id(relpath)
        assert (doc_id in exported) != (doc_id in failed), f"{relpath}: in both or neither"
        if doc_id in failed:
            assert failed[doc_id]["stage"] and failed[doc_id]["reason"], relpath
            assert json.loads((run_dir / "failed" / f"{doc_id}.json").read_text()) == failed[doc_id]
    assert manifest["documents"]["total"] == len(cases)
    assert manifest["documents"]["succeeded"] + manifest["documents"]["failed"] == len(cases)
    assert result.exit_code == (1 if failed else 0)


@pytest.mark.parametrize("case, reason", [
    ("big", "max_document_bytes"), ("symlink", "outside the input directory"), ("dangling", "cannot read"),
    ("fifo", "not a regular file"), ("empty", "empty file"), ("binary", ""),
])
def test_expected_failures_name_their_reason(hostile_run, case, reason):
    run_dir, cases, _ = hostile_run
    relpath = next(k for k, v in cases.items() if v == case or k.startswith(case))
    failures = {f["id"]: f for f in read_manifest(run_dir)["failures"]}
    record = failures[make_doc_id(relpath)]
    assert record["stage"] == "ingest" and reason in record["reason"]


@pytest.mark.parametrize("case", ["utf16 bom.txt", "utf16 no bom.txt", "utf16 be no bom.md", "cjk.txt",
                                  "rtl arabic.txt", "rtl hebrew.txt", "emoji zero width.txt", "long line.txt",
                                  "ünïcødé 名前.txt", "..leading dots.txt", "sub dir/nested ..txt", "mojibake.txt"])
def test_difficult_but_valid_files_come_out(hostile_run, case):
    run_dir, _, _ = hostile_run
    doc_id = make_doc_id(case)
    text = (run_dir / "docs" / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert text.strip()
    meta = json.loads((run_dir / "docs" / f"{doc_id}.json").read_text())
    assert meta["source"]["path"] == case


def test_outputs_stay_inside_the_run_directory(hostile_run):
    run_dir, _, _ = hostile_run
    safe = re.compile(r"^[A-Za-z0-9_-]+\.(txt|json)$")
    for folder in ("docs", "failed"):
        for path in (run_dir / folder).iterdir():
            assert path.parent == run_dir / folder and safe.match(path.name), path
    assert not (run_dir.parent / "outside").exists()


def test_secret_behind_symlink_is_not_read(hostile_run):
    run_dir, _, _ = hostile_run
    jsonl = (run_dir / "documents.jsonl").read_text(encoding="utf-8")
    assert "outside the input directory\n" not in jsonl.replace("symlink points outside the input directory", "")
