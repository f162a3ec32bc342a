"""Per-language function words, and the document language they point to.

The boilerplate stage runs before language detection, so it guesses the
language itself from function-word hits. wordfreq's most frequent words per
language are an offline, registry-installed source of those function words
for ~40 languages; the top of each list is almost entirely articles,
prepositions, pronouns and auxiliaries, which is what separates prose ("the
report said that...") from chrome ("Home News Sport").
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Iterable

import regex

#: Languages scored by default: those wordfreq covers whose words are
#: separated by spaces (a per-token stop-word ratio is meaningless for zh/ja).
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "ca", "cs", "da", "de", "en", "es", "fi", "fr", "hu", "id", "it", "lt", "lv", "ms", "nb",
    "nl", "pl", "pt", "ro", "sk", "sl", "sv", "tr",
)

WORD_RE = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*")


def words(text: str) -> list[str]:
    """Case-folded words of a line; digits and punctuation are not words."""
    return [w.casefold() for w in WORD_RE.findall(text)]


@lru_cache(maxsize=None)
def stopword_set(lang: str, size: int = 150) -> frozenset[str]:
    """The `size` most frequent words of `lang`, minus one-letter tokens that
    are stop words in so many languages that they say nothing (a, e, i, o)."""
    try:
        import wordfreq
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ImportError("the boilerplate stage needs wordfreq: pip install wordfreq") from exc
    top = wordfreq.top_n_list(lang, size)
    return frozenset(w.casefold() for w in top if len(w) > 1 and w.isalpha())


def language_scores(tokens: Iterable[str], languages: Iterable[str]) -> dict[str, int]:
    """Function-word hits per candidate language."""
    counts = Counter(tokens)
    return {lang: sum(n for w, n in counts.items() if w in stopword_set(lang)) for lang in languages}


def guess_language(text: str, languages: Iterable[str] = DEFAULT_LANGUAGES) -> str | None:
    """The candidate with most function-word hits, or None when nothing hit.
    Ties go to the earlier candidate so the result is deterministic."""
    langs = list(languages)
    scores = language_scores(words(text), langs)
    best = max(langs, key=lambda lang: (scores[lang], -langs.index(lang)), default=None)
    if best is None or scores[best] == 0:
        return None
    return best


def stop_ratio(tokens: list[str], stops: frozenset[str]) -> float:
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t in stops) / len(tokens)
