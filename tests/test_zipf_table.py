"""pipeline.text.zipf_table gives wordfreq.zipf_frequency's answers without
loading wordfreq's lists in each process."""

from __future__ import annotations

import random

import pytest
import wordfreq

from pipeline.boilerplate.stopwords import DEFAULT_LANGUAGES
from pipeline.text import zipf_table


def _probes(lang: str, count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    listed = list(wordfreq.get_frequency_dict(lang))
    sample = rng.sample(listed, min(count, len(listed)))
    letters = "abcdefghijklmnopqrstuvwxyzäöüéèñçşğıøåæ"
    probes = sample + [w.upper() for w in sample[:50]] + [w.capitalize() for w in sample[:50]]
    probes += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(count // 2)]
    probes += [a + b for a, b in zip(sample[::2], sample[1::2])][:100]  # glued pairs
    probes += ["", " ", "--", "1999", "covid19", "e-mail", "don't", "l'homme", "İstanbul", "STRASSE", "straße",
               "Ellison-Michael", "x" * 40, "naïve", "ﬁnance"]
    return probes


def _check(lang: str, count: int) -> None:
    for word in _probes(lang, count):
        assert zipf_table.zipf_frequency(word, lang) == wordfreq.zipf_frequency(word, lang), (lang, word)


@pytest.mark.parametrize("lang", ["en", "tr", "de"])
def test_same_answers_as_wordfreq(lang):
    _check(lang, 1500)


@pytest.mark.slow
@pytest.mark.parametrize("lang", DEFAULT_LANGUAGES)
def test_same_answers_as_wordfreq_in_every_boilerplate_language(lang):
    _check(lang, 3000)


def test_loading_a_table_does_not_load_wordfreqs_list(monkeypatch):
    zipf_table.zipf_table("en")  # built (or read) once per machine
    zipf_table.zipf_table.cache_clear()
    wordfreq.get_frequency_dict.cache_clear()
    value = zipf_table.zipf_table("en").zipf("newspaper")
    assert wordfreq.get_frequency_dict.cache_info().currsize == 0
    assert value == wordfreq.zipf_frequency("newspaper", "en") > 4
