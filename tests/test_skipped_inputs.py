"""What the input listing leaves out is recorded, not lost: found by a smoke
run, where files of other suffixes and unreadable directories vanished
without a word while the README said every input file ends in docs/ or failed/."""

from __future__ import annotations

import os

from conftest import read_manifest


def test_unsupported_unreadable_and_symlinked_inputs_are_in_the_manifest_and_summary(
        cli, write_config, seeds_copy, tmp_path, monkeypatch):
    (seeds_copy / "photo.jpg").write_bytes(b"\xff\xd8")
    (seeds_copy / "sub").mkdir()
    (seeds_copy / "sub" / "README").write_text("notes")
    (seeds_copy / ".DS_Store").write_bytes(b"\0")  # hidden: left out silently
    (seeds_copy / ".git").mkdir()
    (seeds_copy / ".git" / "config.txt").write_text("hidden directory")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text("An article outside the input.")
    (seeds_copy / "linked").symlink_to(elsewhere, target_is_directory=True)
    locked = seeds_copy / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("An article nobody may list.")
    # chmod 000 does not stop root (CI containers): refuse the listing instead.
    real_scandir = os.scandir

    def scandir(path="."):
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    config = write_config()
    result = cli("run", "-c", config, "--run-name", "r")
    assert result.exit_code == 0, result.output
    manifest = read_manifest(tmp_path / "out" / "r")
    assert manifest["documents"]["total"] == 5
    skipped = manifest["skipped"]
    assert skipped["count"] == 4 and not skipped["entries_truncated"]
    assert skipped["by_kind"] == {"symlinked directory": 1, "unreadable directory": 1, "unsupported suffix": 2}
    assert {(e["path"], e["kind"]) for e in skipped["entries"]} == {
        ("photo.jpg", "unsupported suffix"), ("sub/README", "unsupported suffix"),
        ("linked", "symlinked directory"), ("locked", "unreadable directory")}
    assert "Permission denied" in next(e["reason"] for e in skipped["entries"] if e["path"] == "locked")
    assert ("4 input paths skipped (1 symlinked directory, 1 unreadable directory, 2 unsupported suffix); "
            "see 'skipped' in manifest.json") in result.output
    # --only does not list the input again: the run's record stays.
    assert cli("run", "-c", config, "--run-name", "r", "--only", "language", "-q").exit_code == 0
    assert read_manifest(tmp_path / "out" / "r")["skipped"] == skipped


def test_nothing_skipped_says_nothing(cli, write_config, seeds_copy, tmp_path):
    result = cli("run", "-c", write_config(), "--run-name", "r")
    assert result.exit_code == 0
    assert read_manifest(tmp_path / "out" / "r")["skipped"]["count"] == 0
    assert "input paths skipped" not in result.output
