"""pipeline.translate.numbers: the source's local numbers, rewritten the
English way in the translation, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.translate.numbers import english_number, localize_numbers


@pytest.mark.parametrize("local, english", [
    ("50.000", "50,000"), ("1.234.567,89", "1,234,567.89"), ("3,5", "3.5"), ("0,25", "0.25"),
    ("10 000", "10,000"), ("10\u202f000,5", "10,000.5"), ("1\u00a0500", "1,500"),
])
def test_english_number(local, english):
    assert english_number(local) == english


@pytest.mark.parametrize("translation, source, lang, expected", [
    ("build 50.000 houses, 3,5 % more", "construir 50.000 viviendas, 3,5 % más", "es",
     "build 50,000 houses, 3.5 % more"),
    ("plant 10 000 trees for 2,5 million", "planter 10\u202f000 arbres pour 2,5 millions", "fr",
     "plant 10,000 trees for 2.5 million"),
    ("the 1.500 workers", "de 1.500 werknemers", "nl", "the 1,500 workers"),
    # the engine wrote English already: nothing to do
    ("build 50,000 houses", "construir 50.000 viviendas", "es", "build 50,000 houses"),
    # dates, times, addresses and numbers the source did not write locally stay
    ("on 1.12.2024 at 10.30, 192.168.1.1, 2.5", "am 1.12.2024 um 10.30, 192.168.1.1", "de",
     "on 1.12.2024 at 10.30, 192.168.1.1, 2.5"),
    # a comma before exactly three digits may group thousands ("1,500 personas" in Mexico)
    ("1,500 people and 2,5 tons", "1,500 personas y 2,5 toneladas", "es", "1,500 people and 2.5 tons"),
    # English sources and languages of other conventions are left alone
    ("growth of 3,5 percent", "growth of 3,5 percent", "en", "growth of 3,5 percent"),
    ("growth of 3,5 percent", "成長 3,5", "zh", "growth of 3,5 percent"),
])
def test_localize_numbers(translation, source, lang, expected):
    assert localize_numbers(translation, source, lang)[0] == expected


NUMBERISH = st.sampled_from(list("0123456789.,  x") + ["\u00a0", "\u202f", "1.000", "3,5", "10 000"])


@settings(max_examples=300, deadline=None)
@given(st.lists(NUMBERISH, max_size=12).map("".join), st.lists(NUMBERISH, max_size=12).map("".join),
       st.sampled_from(["de", "fr", "en"]))
def test_only_numbers_the_source_wrote_change(translation, source, lang):
    """Every change replaces a number found in the source by its English
    form; the text between changes is the translation's own."""
    out, replaced = localize_numbers(translation, source, lang)
    spaced = str.maketrans("\u00a0\u202f", "  ")
    for local, english in replaced:
        assert english == english_number(local)
        assert local.translate(spaced) in source.translate(spaced)
    assert len(out) - len(translation) == sum(len(e) - len(l) for l, e in replaced)
    if lang == "en":
        assert out == translation and not replaced
