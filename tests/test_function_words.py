"""The function-word fast path of the language stage."""

from __future__ import annotations

import pytest

from pipeline.text.function_words import build_top_words, opinion, top_words


def test_clear_prose_is_decided():
    assert opinion("The council said that it would not be able to finish the work on the new bridge before "
                   "the end of the year, and that the costs were still being reviewed.").lang == "en"
    assert opinion("De gemeente zei dat het werk aan de nieuwe brug niet voor het einde van het jaar klaar zou "
                   "zijn en dat de kosten nog worden bekeken.").lang == "nl"


@pytest.mark.parametrize("text", ["Home News Sport", "TikTok ByteDance Douyin", "", "1234 5678",
                                  "東京の市議会は新しい交通計画を承認した。"])
def test_unclear_text_is_left_to_langdetect(text):
    assert opinion(text).lang is None


def test_close_languages_are_not_forced():
    # Danish and Norwegian share most function words: the fast path must not guess.
    found = opinion("Det er ikke noe problem for oss, men vi må se hva som skjer med de andre etter dette.")
    assert found.lang in (None, "no")


@pytest.mark.slow
def test_shipped_word_lists_match_wordfreq():
    assert top_words() == build_top_words(), "regenerate: python -m pipeline.text.function_words"
