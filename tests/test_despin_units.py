"""Despin building blocks: words, case, word forms, articles, lexicon, screen."""

from __future__ import annotations

import pytest

from pipeline.despin.decoder import article_mismatch, starts_with_vowel_sound
from pipeline.despin.tokens import apply_case, title_case, tokenize

wordnet = pytest.importorskip("pipeline.despin.wordnet_data")


def test_tokens_split_hyphens_and_keep_apostrophes():
    tokens = tokenize("Knowledge-Pushed Choices, TikTok’s 12 months.")
    assert [t.text for t in tokens] == ["Knowledge", "Pushed", "Choices", "TikTok’s", "12", "months"]
    assert [t.norm for t in tokens][3] == "tiktok's"
    assert [t.joined for t in tokens] == [False, True, True, False, True, True]


@pytest.mark.parametrize("model, word, expected", [
    ("Steadily", "frequently", "Frequently"), ("steadily", "frequently", "frequently"),
    ("KPI", "index", "INDEX"), ("A", "an", "An"),
])
def test_case_follows_the_written_word(model, word, expected):
    assert apply_case(model, word) == expected


def test_title_case_leaves_small_words():
    assert title_case(["frequently", "asked", "questions", "about", "the", "role"])[4] == "the"


@pytest.mark.parametrize("word, vowel", [("essential", True), ("critical", False), ("hour", True),
                                         ("user", False), ("one", False), ("honest", True)])
def test_vowel_sound(word, vowel):
    assert starts_with_vowel_sound(word) is vowel


def test_article_mismatch():
    assert article_mismatch("a", "essential") and article_mismatch("an", "critical")
    assert not article_mismatch("a", "critical") and not article_mismatch("the", "essential")


def _wordnet():
    try:
        return wordnet.load_wordnet()
    except wordnet.WordNetMissing:
        pytest.skip("wordnet-base not installed")


def test_word_forms_round_trip():
    wn = _wordnet()
    assert ("strategy", "n", "plural") in wordnet.analyses(wn, "strategies")
    assert ("run", "v", "ing") in wordnet.analyses(wn, "running")
    assert "strategies" in wordnet.inflections(wn, "strategy", "n", "plural")
    assert "took" in wordnet.inflections(wn, "take", "v", "ed")
    assert "running" in wordnet.inflections(wn, "run", "v", "ing")


def test_lexicon_generates_inflected_forms():
    _wordnet()
    from pipeline.despin.lexicon import cached_lexicon

    lex = cached_lexicon(())
    assert ("strategies",) in lex.lookup(("techniques",)).originals
    assert lex.lookup(("embodies",)).originals == [("includes",)]
    assert lex.lookup(("gross", "sales")).strong


def test_screen_counts_strong_forms_with_curly_apostrophes():
    _wordnet()
    from pipeline.stages.despin import _despinner

    screen = _despinner(("braces", "lexicon", "articles"), (), True).screen
    result = screen.run("The corporate’s gross sales and {that a} web site.")
    assert result.strong_hits == 4  # corporate’s, gross sales, {that a}, web site
