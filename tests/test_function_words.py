"""The function-word fast path of the language stage."""

from __future__ import annotations

import pytest

from pipeline.text.function_words import build_top_words, opinion, top_words


def test_clear_prose_is_decided():
    english = opinion("The council said that it would not be able to finish the work on the new bridge before "
                      "the end of the year, and that the costs were still being reviewed.")
    dutch = opinion("De gemeente zei dat het werk aan de nieuwe brug niet voor het einde van het jaar klaar zou "
                    "zijn en dat de kosten nog worden bekeken.")
    assert (english.lang, dutch.lang) == ("en", "nl") and english.is_clear() and dutch.is_clear()


@pytest.mark.parametrize("text", ["Home News Sport", "TikTok ByteDance Douyin", "", "1234 5678",
                                  "東京の市議会は新しい交通計画を承認した。"])
def test_unclear_text_is_left_to_langdetect(text):
    assert not opinion(text).is_clear()


def test_close_languages_are_not_forced():
    # Danish and Norwegian share most function words: the fast path must not guess.
    found = opinion("Det er ikke noe problem for oss, men vi må se hva som skjer med de andre etter dette.")
    assert found.lang == "no" or not found.is_clear()


def test_a_foreign_paragraph_in_an_english_document_is_found():
    from pipeline.document import Document, SourceInfo
    from pipeline.stages.language import LanguageStage

    english = ("The council said that it would not be able to finish the work on the new bridge before the end "
               "of the year, and that the costs were still being reviewed by the auditors.\n")
    spanish = "El gobierno prometió publicar un informe detallado antes del verano y pidió paciencia.\n"
    doc = Document("d", english * 3 + spanish + english, SourceInfo("a.txt", "0", 0))
    languages = [p["lang"] for p in LanguageStage().process(doc).annotations["paragraphs"]]
    assert languages == ["en", "en", "en", "es", "en"]


@pytest.mark.slow
def test_shipped_word_lists_match_wordfreq():
    assert top_words() == build_top_words(), "regenerate: python -m pipeline.text.function_words"
