"""How ingest reads the bytes of a text file."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.ingest import MIXED_UTF8, decode_bytes

ARTICLE = ("The planet lies in its star’s habitable zone, where “liquid water” could exist. "
           "The signal is still modest — about 3 sigma — said Dr. Élise Fournier of the Université de Montréal.")


def test_stray_cp1252_bytes_in_utf8_text_are_read_as_cp1252():
    """A cp1252 apostrophe (0x92) and dash (0x97) pasted into UTF-8 text: the
    file is UTF-8 with two stray bytes, not a Mac code page ("starís")."""
    data = ARTICLE.encode("utf-8").replace("star’s".encode(), b"star\x92s").replace(" — about".encode(), b" \x97 about")
    text, encoding, _ = decode_bytes(data)
    assert (text, encoding) == (ARTICLE, MIXED_UTF8)


def test_legacy_files_are_still_detected_as_a_whole():
    text = ("Le café était fermé à Genève, et la fête prévue à l'été fut annulée. Les élèves ont été déçus, "
            "mais la mairie a promis une nouvelle fête en septembre.")
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252", False)
    assert decode_bytes(ARTICLE.encode("utf-8")) == (ARTICLE, "utf_8", False)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200))
def test_utf8_text_reads_back_unchanged(text):
    assert decode_bytes(text.encode("utf-8"))[:2] == (text, "utf_8")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["café ", "naïve ", "“quoted” ", "plain words ", "Zürich ", "\x92", "\x97", "\x85"]),
                min_size=1, max_size=30))
def test_stray_bytes_never_outnumber_the_utf8_they_sit_in(parts):
    """Each stray byte comes back as its cp1252 character when the text holds at
    least as many valid multi-byte characters; otherwise a code page is
    detected, and where none fits the mixed reading is the fallback: the file
    never fails."""
    data = b"".join(p.encode("latin-1") if len(p) == 1 else p.encode("utf-8") for p in parts)
    text, encoding, _ = decode_bytes(data)
    stray = sum(len(p) == 1 for p in parts)
    multibyte = sum(sum(ch > "\x7f" for ch in p) for p in parts if len(p) > 1)
    mixed = "".join(p.encode("latin-1").decode("cp1252") if len(p) == 1 else p for p in parts)
    if stray and multibyte >= stray:
        assert (text, encoding) == (mixed, MIXED_UTF8)
    elif not stray:
        assert encoding == "utf_8"
    elif encoding == MIXED_UTF8:
        assert text == mixed
