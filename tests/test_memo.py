"""The document memo: unchanged documents are replayed whole with hard links,
and anything that could change an output falls back to the stage-by-stage path."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import read_manifest


def _run(cli, config, name, *extra):
    result = cli("run", "-c", config, "--run-name", name, "-q", *extra)
    assert result.exit_code == 0, result.output
    return config.parent / "out" / name


def _files(run_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(run_dir).as_posix(): p.read_bytes() for p in sorted(run_dir.rglob("*"))
            if p.is_file() and p.name != "manifest.json"}


def test_unchanged_rerun_replays_every_document_identically(cli, write_config, seeds_copy):
    config = write_config()
    cold = _run(cli, config, "cold")
    warm = _run(cli, config, "warm")
    manifest = read_manifest(warm)
    assert read_manifest(cold)["memo"]["replayed"] == 0
    assert manifest["memo"]["replayed"] == 5
    assert all(row["cache_hits"] == 5 and row["computed"] == 0 for row in manifest["stages"].values())
    assert [row["changed"] for row in manifest["stages"].values()] == \
        [row["changed"] for row in read_manifest(cold)["stages"].values()]
    assert _files(warm) == _files(cold)
    # Replayed files are links to the stored ones, not copies.
    text = next((warm / "docs").glob("001_*.txt"))
    assert text.stat().st_nlink >= 3 and text.stat().st_ino == (cold / "docs" / text.name).stat().st_ino


def test_stored_files_are_read_only(cli, write_config, seeds_copy):
    _run(cli, write_config(), "cold")
    # Stage states and blobs are what run folders link to; memo entries and
    # the records of where a JSONL was written are not linked.
    stored = [p for p in (seeds_copy.parent / "out" / ".cache").rglob("*")
              if p.is_file() and not {"memo", "jsonl"} & set(p.parts)]
    assert stored and all(p.stat().st_mode & 0o222 == 0 for p in stored)


def test_a_changed_parameter_is_not_replayed(cli, write_config, seeds_copy):
    _run(cli, write_config(), "cold")
    changed = write_config({"stages": {"encoding": {"uncurl_quotes": True}}}, name="changed.yaml")
    run = _run(cli, changed, "changed")
    manifest = read_manifest(run)
    assert manifest["memo"]["replayed"] == 0
    assert manifest["stages"]["ingest"]["cache_hits"] == 5  # the stage cache still serves ingest
    assert manifest["stages"]["encoding"]["computed"] == 5


def test_an_edited_source_is_not_replayed(cli, write_config, seeds_copy):
    config = write_config()
    _run(cli, config, "cold")
    edited = next(seeds_copy.glob("001_*"))
    edited.write_text(edited.read_text() + "\nOne more paragraph, added after the first run.\n")
    run = _run(cli, config, "warm")
    assert read_manifest(run)["memo"]["replayed"] == 4
    assert "One more paragraph" in next((run / "docs").glob("001_*.txt")).read_text()


def test_missing_stored_files_fall_back_to_the_stage_cache(cli, write_config, seeds_copy):
    config = write_config()
    cold = _run(cli, config, "cold")
    shutil.rmtree(seeds_copy.parent / "out" / ".cache" / "blobs")
    warm = _run(cli, config, "warm")
    manifest = read_manifest(warm)
    assert manifest["memo"]["replayed"] == 0
    assert all(row["computed"] == 0 for row in manifest["stages"].values())
    assert _files(warm) == _files(cold)


def test_memo_can_be_turned_off(cli, write_config, seeds_copy):
    config = write_config(memo=False)
    cold = _run(cli, config, "cold")
    warm = _run(cli, config, "warm")
    assert read_manifest(warm)["memo"]["replayed"] == 0
    assert all(row["cache_hits"] == 5 for row in read_manifest(warm)["stages"].values())
    assert _files(warm) == _files(cold)


def test_only_and_force_do_not_replay(cli, write_config, seeds_copy):
    config = write_config()
    _run(cli, config, "cold")
    assert read_manifest(_run(cli, config, "forced", "--force"))["memo"]["replayed"] == 0
    only = cli("run", "-c", config, "-q", "--only", "despin")
    assert only.exit_code == 0, only.output
    latest = (seeds_copy.parent / "out" / "latest").resolve()
    assert read_manifest(latest)["memo"]["replayed"] == 0
    assert read_manifest(latest)["stages"]["despin"]["computed"] == 5


def test_unchanged_rerun_with_workers_starts_no_worker(cli, write_config, seeds_copy, monkeypatch):
    config = write_config(workers=2)
    cold = _run(cli, config, "cold")

    class NoWorkers:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, *args, **kwargs):
            raise AssertionError("a warm run must not hand work to worker processes")

    monkeypatch.setattr("pipeline.runner.ProcessPoolExecutor", NoWorkers)
    warm = _run(cli, config, "warm")
    assert read_manifest(warm)["memo"]["replayed"] == 5
    assert _files(warm) == _files(cold)


def test_an_edited_extra_lexicon_invalidates_despin_results(cli, write_config, seeds_copy, tmp_path):
    lexicon = tmp_path / "extra.yaml"
    lexicon.write_text("version: 1\nweak_phrases:\n  gross sales: sales\n", encoding="utf-8")
    config = write_config({"stages": {"despin": {"extra_lexicons": [str(lexicon)]}}})
    _run(cli, config, "cold")
    lexicon.write_text("version: 1\nweak_phrases:\n  gross sales: revenue\n", encoding="utf-8")
    manifest = read_manifest(_run(cli, config, "edited"))
    assert manifest["memo"]["replayed"] == 0
    assert manifest["stages"]["despin"]["computed"] == 5 and manifest["stages"]["language"]["computed"] == 0


def test_documents_sharing_cache_entries_keep_their_own_outputs(cli, write_config, tmp_path):
    # Two identical files have the same cache keys but different ids: a forced
    # recompute stores one document's state under the keys the other's memo
    # entry points to. The memo names content-named blobs, which keep each
    # document's own state.
    corpus = tmp_path / "seeds"
    corpus.mkdir()
    text = "The council met on Monday.\n\nIt approved the new budget for the coming year.\n"
    for name in ("a.txt", "b.txt"):
        (corpus / name).write_text(text, encoding="utf-8")
    config = write_config()
    _run(cli, config, "cold")
    _run(cli, config, "forced", "--force")
    (corpus / "a.txt").touch()  # same bytes: still replayable
    warm = _run(cli, config, "warm")
    for doc in (warm / "docs").glob("*.json"):
        stem = doc.stem
        for state in (warm / "stages").glob(f"*/{stem}.json"):
            assert f'"id":"{stem}"' in state.read_text(encoding="utf-8")
    assert _files(warm) == _files(config.parent / "out" / "forced")


def test_a_large_unchanged_run_replays_in_the_workers(cli, write_config, seeds_copy, monkeypatch):
    config = write_config(workers=2)
    cold = _run(cli, config, "cold")
    monkeypatch.setattr("pipeline.runner.PARALLEL_REPLAY_PER_WORKER", 1)  # 5 documents count as large
    warm = _run(cli, config, "warm")
    assert read_manifest(warm)["memo"]["replayed"] == 5
    assert _files(warm) == _files(cold)


def test_memo_entries_name_only_blobs_and_old_entries_are_misses(cli, write_config, seeds_copy):
    import json

    config = write_config()
    cold = _run(cli, config, "cold")
    cache = config.parent / "out" / ".cache"
    entries = [json.loads(p.read_bytes()) for p in (cache / "memo").rglob("*.json")]
    assert len(entries) == 5
    for entry in entries:
        # Every file a replay links is named by its content: nothing to verify but its presence.
        assert all(blob.startswith("blobs/") for _, blob in entry["files"]) and entry["line"].startswith("blobs/")
        for in_run, blob in entry["files"]:
            assert (cold / in_run).stat().st_ino == (cache / blob).stat().st_ino
    # An entry of the earlier layout (with stamps, no format) is not trusted.
    for path in (cache / "memo").rglob("*.json"):
        entry = json.loads(path.read_bytes())
        old = {"files": [[a, b, [0, 0, 0]] for a, b in entry["files"]], "stages": entry["stages"]}
        path.chmod(0o644)
        path.write_text(json.dumps(old), encoding="utf-8")
    warm = _run(cli, config, "warm")
    assert read_manifest(warm)["memo"]["replayed"] == 0
    assert _files(warm) == _files(cold)
