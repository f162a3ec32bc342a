"""The CLI end to end on the seed articles: outputs, provenance, cache, re-runs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from conftest import SEEDS, read_manifest


def _run(cli, config, name, *extra):
    result = cli("run", "-c", config, "--run-name", name, "-q", *extra)
    assert result.exit_code == 0, result.output
    return config.parent / "out" / name


def test_cold_run_writes_documents_with_provenance(cli, write_config, seeds_copy):
    run_dir = _run(cli, write_config(), "first")
    docs = sorted((run_dir / "docs").glob("*.txt"))
    assert len(docs) == len(list(SEEDS.iterdir())) == 5
    for text_path in docs:
        meta = json.loads(text_path.with_suffix(".json").read_text())
        source_file = seeds_copy / meta["source"]["path"]
        assert meta["source"]["sha256"] == hashlib.sha256(source_file.read_bytes()).hexdigest()
        assert meta["source"]["bytes"] == source_file.stat().st_size
        assert meta["source"]["encoding"] == "utf_8"
        assert meta["id"] == text_path.stem and meta["id"].startswith(source_file.stem)
        assert meta["pipeline"]["version"] and len(meta["pipeline"]["config_hash"]) == 16
        names = [record["stage"] for record in meta["stages"]]
        assert names[:2] == ["ingest", "encoding"] and "language" in names
        for record in meta["stages"]:
            assert set(record) == {"stage", "version", "params_hash", "changed", "detail"}
    dutch = json.loads(next((run_dir / "docs").glob("003_*.json")).read_text())
    assert dutch["language"] == "nl"


def test_jsonl_and_manifest(cli, write_config, seeds_copy):
    run_dir = _run(cli, write_config(), "first")
    lines = (run_dir / "documents.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == sorted(p.stem for p in (run_dir / "docs").glob("*.txt"))
    assert all(set(r) == {"id", "text", "metadata"} and r["text"] for r in records)
    manifest = read_manifest(run_dir)
    assert manifest["documents"] == {"total": 5, "succeeded": 5, "failed": 0}
    assert manifest["stages"]["ingest"]["computed"] == 5
    assert (run_dir.parent / "latest").resolve() == run_dir.resolve()


def test_unchanged_rerun_computes_nothing(cli, write_config, seeds_copy):
    config = write_config()
    _run(cli, config, "cold")
    warm = read_manifest(_run(cli, config, "warm"))
    for name, row in warm["stages"].items():
        assert row["computed"] == 0, name
        assert row["cache_hits"] == 5, name


def test_only_language_recomputes_language_and_later_stages(cli, write_config, seeds_copy):
    config = write_config()
    _run(cli, config, "base")
    manifest = read_manifest(_run(cli, config, "base", "--only", "language"))
    stages = list(manifest["stages"])
    position = stages.index("language")
    for name in stages[:position]:
        assert manifest["stages"][name]["loaded"] == 5 and manifest["stages"][name]["processed"] == 0, name
    assert manifest["stages"]["language"]["computed"] == 5
    for name in stages[position + 1:]:
        row = manifest["stages"][name]
        assert row["computed"] + row["cache_hits"] == 5, name


def test_from_forces_stage_and_everything_after(cli, write_config, seeds_copy):
    config = write_config()
    _run(cli, config, "base")
    manifest = read_manifest(_run(cli, config, "base", "--from", "encoding"))
    stages = list(manifest["stages"])
    assert manifest["stages"]["ingest"]["loaded"] == 5
    for name in stages[stages.index("encoding"):]:
        assert manifest["stages"][name]["computed"] == 5, name


def test_parameter_change_recomputes_only_that_stage_and_later(cli, write_config, seeds_copy):
    _run(cli, write_config(), "a")
    changed = write_config({"stages": {"language": {"threshold": 0.9}}}, name="changed.yaml")
    manifest = read_manifest(_run(cli, changed, "b"))
    assert manifest["stages"]["ingest"]["cache_hits"] == 5
    assert manifest["stages"]["encoding"]["cache_hits"] == 5
    assert manifest["stages"]["language"]["computed"] == 5


def test_force_recomputes_everything(cli, write_config, seeds_copy):
    config = write_config()
    _run(cli, config, "a")
    manifest = read_manifest(_run(cli, config, "b", "--force"))
    assert all(row["computed"] == 5 for row in manifest["stages"].values())


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_identical_runs_give_identical_texts_and_provenance(cli, tmp_path, write_config, seeds_copy):
    # Separate output directories, so both runs compute cold.
    one = _run(cli, write_config(output=str(tmp_path / "out")), "same")
    two = _run(cli, write_config(output=str(tmp_path / "out2"), name="two.yaml"), "same")
    two = tmp_path / "out2" / "same"
    assert _tree_bytes(one / "docs") == _tree_bytes(two / "docs")
    assert (one / "documents.jsonl").read_bytes() == (two / "documents.jsonl").read_bytes()
    assert _tree_bytes(one / "stages") == _tree_bytes(two / "stages")


def test_workers_give_the_same_output(cli, tmp_path, write_config, seeds_copy):
    one = _run(cli, write_config(output=str(tmp_path / "out")), "w1")
    two = _run(cli, write_config(output=str(tmp_path / "outw"), name="w.yaml", batch_size=2), "w2", "--workers", "2")
    two = tmp_path / "outw" / "w2"
    assert _tree_bytes(one / "docs") == _tree_bytes(two / "docs")
