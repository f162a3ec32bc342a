"""A bad file fails alone, with its reason recorded; the rest go on."""

from __future__ import annotations

import json

from conftest import read_manifest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document import Document, SourceInfo
from pipeline.stages.encoding import EncodingStage
from pipeline.stages.language import LanguageStage


def test_broken_files_fail_alone(cli, write_config, seeds_copy, tmp_path):
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (seeds_copy / "huge.txt").write_bytes(b"a" * 50_000)
    (seeds_copy / "ignored.pdf").write_bytes(b"%PDF-1.4")
    config = write_config(max_document_bytes=45_000)
    result = cli("run", "-c", config, "--run-name", "r", "-q")
    assert result.exit_code == 1
    run_dir = tmp_path / "out" / "r"
    manifest = read_manifest(run_dir)
    assert manifest["documents"] == {"total": 8, "succeeded": 5, "failed": 3}
    reasons = {f["source"]: f for f in manifest["failures"]}
    assert "empty file" in reasons["empty.txt"]["reason"]
    assert reasons["binary.txt"]["stage"] == "ingest"
    assert "max_document_bytes" in reasons["huge.txt"]["reason"]
    for failure in manifest["failures"]:
        recorded = json.loads((run_dir / "failed" / f"{failure['id']}.json").read_text())
        assert recorded == failure
    assert len(list((run_dir / "docs").glob("*.txt"))) == 5


def test_a_fixed_file_leaves_the_failed_folder(cli, write_config, seeds_copy, tmp_path):
    broken = seeds_copy / "late.txt"
    broken.write_bytes(b"")
    config = write_config()
    assert cli("run", "-c", config, "--run-name", "r", "-q").exit_code == 1
    broken.write_text("Now there is a real paragraph of English text in this file.\n")
    assert cli("run", "-c", config, "--run-name", "r", "-q").exit_code == 0
    assert not list((tmp_path / "out" / "r" / "failed").glob("*.json"))


_plain = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=300)


@settings(max_examples=60, deadline=None)
@given(_plain)
def test_printable_ascii_is_never_changed_by_encoding(text):
    doc = Document("d", text, SourceInfo("a.txt", "0", 0))
    assert EncodingStage().process(doc).text == text


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_language_never_raises_and_covers_every_paragraph(text):
    from pipeline.text.paragraphs import split_paragraphs

    output = LanguageStage().process(Document("d", text, SourceInfo("a.txt", "0", 0)))
    assert output.text == text
    assert len(output.annotations["paragraphs"]) == len(split_paragraphs(text))


def test_undetermined_language_failure_quotes_the_best_guess(monkeypatch):
    """A bare best guess such as "it" read as prose ("best guess it at 0.30")."""
    import pytest

    from pipeline.stages.base import StageError
    from pipeline.stages.language import LanguageParams

    stage = LanguageStage(LanguageParams(fail_undetermined=True, threshold=0.5))
    monkeypatch.setattr(stage, "identify", lambda *args, **kwargs: ("it", 0.3, "langdetect"))
    with pytest.raises(StageError, match=r"best guess 'it' at 0\.30 < threshold 0\.5"):
        stage.process(Document("d", "Testo qualunque.", SourceInfo("a.txt", "0", 0)))
