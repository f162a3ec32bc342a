"""Word and word-pair frequencies of ordinary English, as a bigram model.

The counts are the frequency lists that ship inside the PyPI package
`symspellpy` (82,765 words; 242,342 word pairs, both from Google Books
n-grams). Pairs below the list's cut-off (6.4 million occurrences) are
absent, so an absent pair is scored as "at most that rare" rather than as
impossible: a stupid-backoff score capped by the cut-off. Scores are log10.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

INSTALL_HINT = "The despin stage needs the word lists of symspellpy: `pip install symspellpy`."
UNIGRAM_FILE = "frequency_dictionary_en_82_765.txt"
BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"
#: stupid-backoff factor for a pair below the list's cut-off
BACKOFF = 0.4
LOG_BACKOFF = math.log10(BACKOFF)
#: score of a word that is not in the vocabulary at all (names, typos): about
#: as rare as the rarest listed word, so it neither attracts nor repels edits
UNKNOWN_COUNT = 10_000


@dataclass(slots=True)
class BigramModel:
    unigrams: dict[str, int]
    bigrams: dict[tuple[str, str], int]
    total: int
    bigram_floor: int
    #: precomputed log10 P(word) and log10 P(right | left): scoring is two lookups
    _uni: dict[str, float] = field(default_factory=dict)
    _bi: dict[tuple[str, str], float] = field(default_factory=dict)
    _unseen: dict[str, float] = field(default_factory=dict)
    _unknown: float = 0.0

    def __post_init__(self) -> None:
        log_total = math.log10(self.total)
        self._uni = {w: math.log10(c) - log_total for w, c in self.unigrams.items()}
        for (left, right), count in self.bigrams.items():
            left_count = self.unigrams.get(left)
            if left_count:
                self._bi[(left, right)] = math.log10(min(count, left_count)) - math.log10(left_count)
        floor = math.log10(self.bigram_floor) - 0.3
        self._unseen = {w: floor - math.log10(c) for w, c in self.unigrams.items()}
        self._unknown = math.log10(UNKNOWN_COUNT) - log_total

    def count(self, word: str) -> int:
        return self.unigrams.get(word, 0)

    def known(self, word: str) -> bool:
        return word in self.unigrams

    def unigram_logp(self, word: str) -> float:
        return self._uni.get(word, self._unknown)

    def pair_count(self, left: str, right: str) -> int:
        return self.bigrams.get((left, right), 0)

    def logp(self, word: str, prev: str | None) -> float:
        """log10 P(word | prev); prev None means the start of a phrase. An
        absent pair occurred fewer than bigram_floor times: stupid backoff,
        capped by that bound."""
        uni = self._uni.get(word, self._unknown)
        if prev is None:
            return uni
        pair = self._bi.get((prev, word))
        if pair is not None:
            return pair
        backoff = uni + LOG_BACKOFF
        cap = self._unseen.get(prev)
        return backoff if cap is None or backoff < cap else cap


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
