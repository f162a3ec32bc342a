"""Re-using a run name: the run folder ends as if the run were new.

Found by a smoke run: after an input file was deleted, a re-run with the same
--run-name kept the deleted document in docs/ and documents.jsonl, so the
manifest said 4 documents and the export held 5."""

from __future__ import annotations

import json

from conftest import read_manifest


def _exported_ids(run):
    docs = sorted(p.stem for p in (run / "docs").glob("*.json"))
    lines = [json.loads(line)["id"] for line in (run / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    return docs, lines


def test_a_deleted_input_leaves_the_rerun_folder_and_export(cli, write_config, seeds_copy, tmp_path):
    config, run = write_config(), tmp_path / "out" / "r"
    (seeds_copy / "broken.txt").write_bytes(b"")  # fails at ingest: a failure record
    assert cli("run", "-c", config, "--run-name", "r", "-q").exit_code == 1
    docs, lines = _exported_ids(run)
    assert len(docs) == len(lines) == 5 and len(list((run / "failed").glob("*.json"))) == 1
    gone = sorted(seeds_copy.glob("*.txt"))[0]
    gone.unlink()
    (seeds_copy / "broken.txt").unlink()
    assert cli("run", "-c", config, "--run-name", "r", "-q").exit_code == 0
    manifest = read_manifest(run)
    docs, lines = _exported_ids(run)
    assert manifest["documents"]["total"] == manifest["documents"]["succeeded"] == 4
    assert docs == lines and len(docs) == 4 == manifest["export"]["jsonl_documents"]
    assert not any(doc.startswith(gone.stem) for doc in docs)
    assert not list((run / "failed").glob("*.json")) and manifest["failures"] == []
    for stage_dir in (run / "stages").iterdir():
        assert sorted(p.stem for p in stage_dir.glob("*.json")) == docs, stage_dir.name


def test_a_rerun_without_jsonl_leaves_no_stale_export(cli, write_config, seeds_copy, tmp_path):
    run = tmp_path / "out" / "r"
    assert cli("run", "-c", write_config(), "--run-name", "r", "-q").exit_code == 0
    assert (run / "documents.jsonl").is_file()
    assert cli("run", "-c", write_config({"export": {"jsonl": False}}), "--run-name", "r", "-q").exit_code == 0
    assert not (run / "documents.jsonl").exists()
