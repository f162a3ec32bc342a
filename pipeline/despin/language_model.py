"""Word and word-pair frequencies of ordinary English, as a bigram model.

The counts are the frequency lists that ship inside the PyPI package
`symspellpy` (82,765 words; 242,342 word pairs, both from Google Books
n-grams). Pairs below the list's cut-off (6.4 million occurrences) are
absent, so an absent pair is scored as "at most that rare" rather than as
impossible: a stupid-backoff score capped by the cut-off. Scores are log10.
"""

from __future__ import annotations

import math
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


class BigramModel:
    """log10 P(word) and log10 P(right | left), precomputed: scoring is two lookups.
    Built from the raw counts (`from_counts`) or from the cached tables
    (`load_bigram_model`, see `pipeline.despin.tables`)."""

    __slots__ = ("unigrams", "total", "bigram_floor", "_uni", "_bi", "_unseen", "_unknown", "cache_key")

    def __init__(self, unigrams: dict[str, int], total: int, bigram_floor: int, uni: dict[str, float],
                 bi: dict[str, float], unseen: dict[str, float]):
        self.unigrams, self.total, self.bigram_floor = unigrams, total, bigram_floor
        #: word -> log10 P(word); "left right" -> log10 P(right | left); word ->
        #: the cap of an unseen pair's score after that word
        self._uni, self._bi, self._unseen = uni, bi, unseen
        self._unknown = math.log10(UNKNOWN_COUNT) - math.log10(total)
        #: the disk cache's key of the tables this model was loaded from (None: built in memory)
        self.cache_key: str | None = None

    @classmethod
    def from_counts(cls, unigrams: dict[str, int], bigrams: dict[tuple[str, str], int]) -> "BigramModel":
        total, floor_count = sum(unigrams.values()), min(bigrams.values())
        log_total = math.log10(total)
        uni = {w: math.log10(c) - log_total for w, c in unigrams.items()}
        bi = {}
        for (left, right), count in bigrams.items():
            left_count = unigrams.get(left)
            if left_count:
                bi[f"{left} {right}"] = math.log10(min(count, left_count)) - math.log10(left_count)
        floor = math.log10(floor_count) - 0.3
        unseen = {w: floor - math.log10(c) for w, c in unigrams.items()}
        return cls(unigrams, total, floor_count, uni, bi, unseen)

    def to_tables(self) -> dict:
        return {"unigrams": self.unigrams, "total": self.total, "floor": self.bigram_floor,
                "uni": self._uni, "bi": self._bi, "unseen": self._unseen}

    @classmethod
    def from_tables(cls, data: dict) -> "BigramModel":
        return cls(data["unigrams"], data["total"], data["floor"], data["uni"], data["bi"], data["unseen"])

    def count(self, word: str) -> int:
        return self.unigrams.get(word, 0)

    def known(self, word: str) -> bool:
        return word in self.unigrams

    def unigram_logp(self, word: str) -> float:
        return self._uni.get(word, self._unknown)

    def logp(self, word: str, prev: str | None) -> float:
        """log10 P(word | prev); prev None means the start of a phrase. An
        absent pair occurred fewer than bigram_floor times: stupid backoff,
        capped by that bound."""
        uni = self._uni.get(word, self._unknown)
        if prev is None:
            return uni
        pair = self._bi.get(prev + " " + word)
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


def build_bigram_model() -> BigramModel:
    """Parse symspellpy's frequency lists (about a second)."""
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
    return BigramModel.from_counts(unigrams, bigrams)


@lru_cache(maxsize=1)
def load_bigram_model() -> BigramModel:
    """The model, from the on-disk table cache (built from the lists on first use)."""
    from pipeline.despin.tables import bigram_key, bigram_tables  # noqa: PLC0415

    model = BigramModel.from_tables(bigram_tables())
    model.cache_key = bigram_key()
    return model
