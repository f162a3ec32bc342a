"""Paragraphs whose sentences are in different languages: the language stage
marks them sentence by sentence (`segments`), and translate follows."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.document import Document, SourceInfo
from pipeline.stages.language import LanguageStage
from pipeline.stages.translate import TranslateStage
from pipeline.text.paragraphs import split_paragraphs
from pipeline.translate.engine_apertium import installed_modes
from translate_fixtures import argos_dir  # noqa: F401

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

QUOTE = "\"The government has failed the people of this country and we will keep fighting,\" dijo Ana Vega ayer."
ARTICLE = (
    "El sindicato convocó una huelga general para el próximo jueves en todo el país.\n"
    "\n"
    f"{QUOTE} La protesta terminó sin incidentes.\n"
    "\n"
    "El ministro de Economía anunció un nuevo paquete de medidas para contener la inflación. "
    "\"We will not accept any deal that hurts the workers of this country,\" said the union leader. "
    "El Gobierno prevé aprobar el decreto la próxima semana.\n"
)


def _document(text: str, doc_id: str = "doc") -> Document:
    return Document(doc_id, text, SourceInfo(f"{doc_id}.txt", "0" * 64, len(text.encode())))


def _language(doc: Document, **params) -> dict:
    return LanguageStage(LanguageStage.Params(**params)).process(doc).annotations


def test_sentences_in_another_language_are_marked_as_segments():
    found = _language(_document(ARTICLE))
    first, mixed, quoted = found["paragraphs"]
    assert "segments" not in first
    # detected as English as a whole; its short Spanish sentence is told by its function words
    assert mixed["lang"] == "en"
    assert [(s["lang"], s["start"], s["end"]) for s in mixed["segments"]] == [
        ("en", 0, len(QUOTE)), ("es", len(QUOTE) + 1, len(split_paragraphs(ARTICLE)[1].text))]
    # Spanish as a whole, with an English quote in the middle
    assert quoted["lang"] == "es" and [s["lang"] for s in quoted["segments"]] == ["es", "en", "es"]


def test_mixed_paragraphs_can_be_turned_off():
    found = _language(_document(ARTICLE), mixed_paragraphs=False)
    assert not any("segments" in p for p in found["paragraphs"])


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_articles_have_no_mixed_paragraphs(path):
    """One language each (seed 003 is Dutch with English brand names and
    loanwords; it must stay Dutch, sentence by sentence too)."""
    found = _language(_document(path.read_text(encoding="utf-8"), path.stem))
    assert not [p["index"] for p in found["paragraphs"] if "segments" in p]
    if path.name.startswith("003"):
        assert found["lang"] == "nl"


def test_only_languages_of_the_document_and_english_are_believed():
    """A sentence read as a language found nowhere else in the document (a
    short Spanish line read as Portuguese, Dutch as Afrikaans) is not a segment."""
    from pipeline.text.sentence_languages import mixed_segments

    def identify(text):
        return ("pt", None, "cld2") if "Portugal" in text else ("es", None, "function-words")

    paragraph = ("El sindicato convocó una huelga general para el jueves en todo el país. "
                 "As negociações com Portugal não foram concluídas e ainda estão abertas.")
    assert mixed_segments(paragraph, "es", {"es"}, identify, 40, 0.8) is None
    assert [s["lang"] for s in mixed_segments(paragraph, "es", {"es", "pt"}, identify, 40, 0.8)] == ["es", "pt"]


MISSING = shutil.which("apertium") is None or "spa-eng" not in installed_modes()


@pytest.mark.skipif(MISSING and not os.environ.get("ARTNORM_REQUIRE_DEBIAN"),
                    reason="needs Debian's apertium and apertium-eng-spa (apt-get install them)")
def test_each_segment_is_translated_from_its_own_language(argos_dir):
    doc = _document(ARTICLE)
    doc = Document(doc.id, doc.text, doc.source, annotations={"language": _language(doc)})
    out = TranslateStage(TranslateStage.Params(engines_by_language={"es": ["apertium"]})).process(doc)
    english = [p.text for p in split_paragraphs(out.text)]
    # the English quote is kept as written, the Spanish sentence after it translated
    assert english[1].startswith(QUOTE) and english[1].endswith("The protest ended up safely.")
    assert "We will not accept any deal that hurts the workers of this country" in english[2]
    assert english[2].startswith("The minister of Economy") and "la próxima semana" not in english[2]
    record = out.detail["paragraphs"][1]
    assert record["action"] == "mixed_languages"
    assert [s["action"] for s in record["segments"]] == ["kept_target_language", "translated"]
    assert out.annotations["paragraphs"][1]["action"] == "mixed_languages"
