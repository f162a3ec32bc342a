"""Word and word-pair frequencies of ordinary English, as a bigram model.

The counts are the frequency lists that ship inside the PyPI package
`symspellpy` (82,765 words; 242,342 word pairs, both from Google Books
n-grams). Pairs below the list's cut-off (6.4 million occurrences) are
absent, so an absent pair is scored as "at most that rare" rather than as
impossible: a stupid-backoff score capped by the cut-off. Scores are log10.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

INSTALL_HINT = "The despin stage needs the word lists of symspellpy: `pip install symspellpy`."
UNIGRAM_FILE = "frequency_dictionary_en_82_765.txt"
BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"
#: stupid-backoff factor for a pair below the list's cut-off
BACKOFF = 0.4
#: score of a word that is not in the vocabulary at all (names, typos): about
#: as rare as the rarest listed word, so it neither attracts nor repels edits
UNKNOWN_COUNT = 10_000


@dataclass(slots=True)
class BigramModel:
    unigrams: dict[str, int]
    bigrams: dict[tuple[str, str], int]
    total: int
    bigram_floor: int

    def count(self, word: str) -> int:
        return self.unigrams.get(word, 0)

    def known(self, word: str) -> bool:
        return word in self.unigrams

    def unigram_logp(self, word: str) -> float:
        return _log_ratio(self.unigrams.get(word, UNKNOWN_COUNT), self.total)

    def pair_count(self, left: str, right: str) -> int:
        return self.bigrams.get((left, right), 0)

    def logp(self, word: str, prev: str | None) -> float:
        """log10 P(word | prev); prev None means the start of a phrase."""
        uni = self.unigram_logp(word)
        if prev is None:
            return uni
        prev_count = self.unigrams.get(prev)
        pair = self.bigrams.get((prev, word))
        if pair is not None and prev_count:
            return _log_ratio(min(pair, prev_count), prev_count)
        backoff = uni + math.log10(BACKOFF)
        if prev_count:
            # an absent pair occurred fewer than bigram_floor times
            return min(backoff, _log_ratio(self.bigram_floor, prev_count) - 0.3)
        return backoff


def _log_ratio(num: int, den: int) -> float:
    return math.log10(num) - math.log10(den)


def _data_dir() -> Path:
    try:
        import symspellpy  # noqa: PLC0415 - optional, heavy data
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError(INSTALL_HINT) from exc
    return Path(symspellpy.__file__).parent


@lru_cache(maxsize=1)
def load_bigram_model() -> BigramModel:
    root = _data_dir()
    unigrams: dict[str, int] = {}
    with open(root / UNIGRAM_FILE, encoding="utf-8") as handle:
        for line in handle:
            word, count = line.split()
            unigrams[word] = int(count)
    bigrams: dict[tuple[str, str], int] = {}
    with open(root / BIGRAM_FILE, encoding="utf-8") as handle:
        for line in handle:
            left, right, count = line.split()
            bigrams[(left, right)] = int(count)
    return BigramModel(unigrams, bigrams, sum(unigrams.values()), min(bigrams.values()))
