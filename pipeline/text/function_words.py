"""Language from function words: a fast first opinion before langdetect.

The most frequent words of a language (articles, prepositions, pronouns,
auxiliaries — wordfreq's top lists) make up a large share of any
prose in it, and differ between languages. Counting them is a dictionary
lookup per token, about a hundred times cheaper than langdetect's sampling, so
the language stage asks this first and calls langdetect only when the answer
is not clear-cut (close languages such as da/nb/sv, short or unusual text,
scripts without spaces).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

#: wordfreq languages written with spaces between words, with the code
#: langdetect uses for each (the stage reports langdetect's codes).
LANGDETECT_CODES: dict[str, str] = {
    "ar": "ar", "bg": "bg", "ca": "ca", "cs": "cs", "da": "da", "de": "de", "el": "el", "en": "en",
    "es": "es", "fa": "fa", "fi": "fi", "fil": "tl", "fr": "fr", "he": "he", "hu": "hu", "id": "id",
    "it": "it", "lt": "lt", "lv": "lv", "mk": "mk", "nb": "no", "nl": "nl", "pl": "pl", "pt": "pt",
    "ro": "ro", "ru": "ru", "sh": "hr", "sk": "sk", "sl": "sl", "sv": "sv", "tr": "tr", "uk": "uk",
    "vi": "vi",
}

_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*")


@dataclass(frozen=True, slots=True)
class Opinion:
    lang: str | None  # langdetect code of the best-scoring language
    score: float  # function words of the best language, weighted (below)
    runner_up_score: float
    hits: int  # tokens that are function words of the best language
    tokens: int

    @property
    def coverage(self) -> float:
        return self.hits / self.tokens if self.tokens else 0.0

    def is_clear(self, min_hits: int = 4, min_coverage: float = 0.25, min_ratio: float = 2.0) -> bool:
        """At least `min_hits` function words of the best language, covering
        `min_coverage` of the tokens, scoring `min_ratio` times the runner-up."""
        return (self.lang is not None and self.hits >= min_hits and self.coverage >= min_coverage
                and self.score >= min_ratio * self.runner_up_score)


DATA_FILE = Path(__file__).with_name("top_words.json")
TOP_SIZE = 200


@lru_cache(maxsize=1)
def top_words() -> dict[str, list[str]]:
    """wordfreq language -> its TOP_SIZE most frequent words, most frequent
    first. Shipped as a small file generated from wordfreq (`python -m
    pipeline.text.function_words`): wordfreq itself loads each language's
    full frequency list, about 20 MB of memory per language."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def build_top_words() -> dict[str, list[str]]:
    import wordfreq

    return {lang: wordfreq.top_n_list(lang, TOP_SIZE) for lang in sorted(LANGDETECT_CODES)}


@lru_cache(maxsize=4)
def _index(size: int) -> dict[str, tuple[str, ...]]:
    """word -> languages whose top-`size` list holds it. One-letter words are
    left out: 'a', 'e', 'i', 'o' are function words in too many languages."""
    owners: dict[str, list[str]] = {}
    for lang, words in top_words().items():
        for word in words[:size]:
            if len(word) > 1 and word.isalpha():
                owners.setdefault(word.casefold(), []).append(LANGDETECT_CODES[lang])
    return {word: tuple(langs) for word, langs in owners.items()}


def owner_counts(text: str, size: int = 200) -> tuple[Counter, int]:
    """(how many tokens of `text` belong to each tuple of owning languages,
    number of tokens). Counts of consecutive texts add up to the counts of
    their concatenation, so a document's can be summed from its paragraphs'."""
    index = _index(size)
    tokens = _WORD.findall(text)
    # Lookups run at C speed (map over dict.get); scoring then loops once per
    # distinct owner tuple ("en",), ("de", "nl")..., not per token.
    return Counter(filter(None, map(index.get, map(str.casefold, tokens)))), len(tokens)


def opinion_from_counts(counts: Counter, tokens: int) -> Opinion:
    # Runs for every paragraph of every document: one pass adding scores
    # (in the counts' order, so the float sums are always the same), and the
    # hits of the winner only.
    scores: dict[str, float] = {}
    get = scores.get
    for owners, count in counts.items():
        # A word shared by several languages ("in", "die", "de") is weak
        # evidence for each of them: it scores 1/len(owners).
        weighted = (1 / len(owners)) * count
        for lang in owners:
            scores[lang] = get(lang, 0.0) + weighted
    if not scores:
        return Opinion(None, 0.0, 0.0, 0, tokens)
    # The first language with the highest score wins a tie (as a stable sort would).
    best = max(scores, key=get)
    score = scores[best]
    second = max((value for lang, value in scores.items() if lang != best), default=0.0)
    hits = sum(count for owners, count in counts.items() if best in owners)
    return Opinion(best, score, second, hits, tokens)


def opinion(text: str, size: int = 200) -> Opinion:
    """The language whose function words score highest in `text` (None when
    no function word occurs); `Opinion.is_clear` says whether to trust it."""
    return opinion_from_counts(*owner_counts(text, size))


if __name__ == "__main__":
    DATA_FILE.write_text(json.dumps(build_top_words(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {DATA_FILE}")
