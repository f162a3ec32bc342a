"""Language from function words: a fast first opinion before langdetect.

The most frequent words of a language (articles, prepositions, pronouns,
auxiliaries — wordfreq's top lists, offline) make up a large share of any
prose in it, and differ between languages. Counting them is a dictionary
lookup per token, about a hundred times cheaper than langdetect's sampling, so
the language stage asks this first and calls langdetect only when the answer
is not clear-cut (close languages such as da/nb/sv, short or unusual text,
scripts without spaces).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

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
    lang: str | None  # langdetect code, None when undecided
    score: float  # function words of the best language, weighted (below)
    runner_up_score: float
    hits: int  # tokens that are function words of the best language
    tokens: int

    @property
    def coverage(self) -> float:
        return self.hits / self.tokens if self.tokens else 0.0


@lru_cache(maxsize=4)
def _index(size: int) -> dict[str, tuple[str, ...]]:
    """word -> languages whose top-`size` list holds it. One-letter words are
    left out: 'a', 'e', 'i', 'o' are function words in too many languages."""
    import wordfreq

    owners: dict[str, list[str]] = {}
    for lang, code in LANGDETECT_CODES.items():
        for word in wordfreq.top_n_list(lang, size):
            if len(word) > 1 and word.isalpha():
                owners.setdefault(word.casefold(), []).append(code)
    return {word: tuple(langs) for word, langs in owners.items()}


def opinion(text: str, size: int = 200, min_hits: int = 4, min_coverage: float = 0.25,
            min_ratio: float = 3.0) -> Opinion:
    """The language whose function words dominate `text`, if it clearly does:
    at least `min_hits` of them, covering `min_coverage` of the tokens, and a
    weighted score `min_ratio` times the runner-up language's."""
    index = _index(size)
    tokens = _WORD.findall(text)
    scores: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for token in tokens:
        owners = index.get(token.casefold(), ())
        # A word shared by several languages ("in", "die", "de") is weak
        # evidence for each of them: it scores 1/len(owners).
        for lang in owners:
            scores[lang] += 1 / len(owners)
            hits[lang] += 1
    ranked = scores.most_common(2)
    if not ranked:
        return Opinion(None, 0.0, 0.0, 0, len(tokens))
    best, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    found = Opinion(best, score, second, hits[best], len(tokens))
    clear = found.hits >= min_hits and score >= min_ratio * second and found.coverage >= min_coverage
    return found if clear else Opinion(None, score, second, hits[best], len(tokens))
