"""The encoding stage's fast path skips ftfy for text ftfy would not change;
check that claim against ftfy itself on generated text."""

from __future__ import annotations

import pytest
from ftfy import fix_text
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.document import Document, SourceInfo
from pipeline.stages.encoding import EncodingParams, EncodingStage, untouched_pattern

SAFE = [c for c in map(chr, range(0x2100)) if untouched_pattern(False).search(c) is None]


@pytest.mark.parametrize("uncurl", [False, True])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_text_the_fast_path_skips_is_text_ftfy_leaves_alone(uncurl, data):
    allowed = [c for c in SAFE if untouched_pattern(uncurl).search(c) is None]
    plain = [c for c in allowed if c.isascii()]
    # Non-ASCII characters one at a time (two side by side never take the fast path).
    lone = st.tuples(st.sampled_from([c for c in allowed if not c.isascii()]), st.sampled_from(plain)).map("".join)
    pieces = st.sampled_from(plain) | lone | st.sampled_from(["&", "#", ";", "amp", "&amp;", "& ", "&#"])
    text = "".join(data.draw(st.lists(pieces, max_size=200)))
    assume(untouched_pattern(uncurl).search(text) is None)  # what the fast path lets through
    stage = EncodingStage(EncodingParams(uncurl_quotes=uncurl))
    assert fix_text(text, config=stage._config._replace(explain=False)) == text


@pytest.mark.parametrize("uncurl", [False, True])
def test_every_pair_the_fast_path_lets_through_is_left_alone(uncurl):
    # Some of the characters are lead bytes in an encoding ftfy tries: "»º" is
    # MacRoman for "ȼ". Pairs of non-ASCII characters must go through ftfy.
    pattern = untouched_pattern(uncurl)
    stage = EncodingStage(EncodingParams(uncurl_quotes=uncurl))
    config = stage._config._replace(explain=False)
    allowed = [c for c in SAFE if pattern.search(c) is None]
    for first in (c for c in allowed if not c.isascii()):
        for second in allowed:
            for text in (first + second, second + first, f"w{first}{second}w"):
                if pattern.search(text) is None:
                    assert fix_text(text, config=config) == text, repr(text)
    assert pattern.search("»º") is not None
    out = stage.process(Document("d", "Prices »º here", SourceInfo("a.txt", "0", 0)))
    assert out.text == fix_text("Prices »º here", config=config)


def test_every_safe_character_alone_and_in_context_is_left_alone():
    stage = EncodingStage()
    config = stage._config._replace(explain=False)
    for char in SAFE:
        for text in (char, f"word{char}word", f"{char}{char}{char}", f"A {char} b\n"):
            assert fix_text(text, config=config) == text, repr(char)


def test_mojibake_and_entities_still_go_through_ftfy():
    stage = EncodingStage()
    for broken, fixed in (("The companyâ€™s plan", "The company’s plan"), ("Fish &amp; chips", "Fish & chips"),
                          ("Itâ€™s Â» here", "It’s » here")):
        out = stage.process(Document("d", broken, SourceInfo("a.txt", "0", 0)))
        assert out.text == fixed and out.detail["lines_changed"] == 1
    uncurled = EncodingStage(EncodingParams(uncurl_quotes=True)).process(
        Document("d", "It’s “quoted”", SourceInfo("a.txt", "0", 0)))
    assert uncurled.text == "It's \"quoted\""


def test_compatibility_normalization_turns_the_fast_path_off():
    out = EncodingStage(EncodingParams(normalization="NFKC")).process(
        Document("d", "Wait… ½ done", SourceInfo("a.txt", "0", 0)))
    assert out.text == "Wait... 1⁄2 done"


#: pieces of text around a right double quote whose last byte (0x9D) was lost
LOST_QUOTE_PIECES = st.sampled_from(["â€", "â€œ", "â€\ufffd", "â€\x9d", "â€™", " ", ".", ",", "\n", "yes", "Ã©",
                                     "†", "–", "“", "”", "x", "\xa0", "Â"])


@pytest.mark.parametrize("remove_control_chars", [True, False])
@settings(max_examples=300, deadline=None)
@given(st.lists(LOST_QUOTE_PIECES, max_size=12).map("".join))
def test_restored_quote_bytes_never_stay_in_the_text(remove_control_chars, text):
    """The byte put back for ftfy (0x9D) either becomes part of a decoded
    quote or is taken out again: it never appears where the input had none,
    even with control characters kept."""
    stage = EncodingStage(EncodingParams(remove_control_chars=remove_control_chars))
    out = stage.process(Document("d", text, SourceInfo("d", "0" * 64, len(text.encode("utf-8"))))).text
    assert out.count("\x9d") <= text.count("\x9d")
