"""Per-language function words, and the document language they point to.

The boilerplate stage runs before language detection, so it guesses the
language itself from function-word hits. Two offline, registry-installed
sources: jusText's stop lists (shipped with trafilatura's dependency jusText,
100 languages, small files) to *guess* the page's languages cheaply, and
wordfreq's most frequent words for the *ratio* of function words per line in
the guessed language (the top of each list is almost entirely articles,
prepositions, pronouns and auxiliaries, which is what separates prose, "the
report said that...", from chrome, "Home News Sport"). Loading wordfreq's
list for all 23 candidates would cost seconds per process; jusText's cost
a fraction of one.
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


# wordfreq code -> jusText stop-list name, for the candidates jusText has.
_JUSTEXT_NAMES = {
    "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German", "en": "English", "es": "Spanish",
    "fi": "Finnish", "fr": "French", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "lt": "Lithuanian",
    "lv": "Latvian", "ms": "Malay", "nb": "Norwegian_Bokmal", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "sk": "Slovak", "sl": "Slovenian", "sv": "Swedish", "tr": "Turkish",
}


@lru_cache(maxsize=None)
def guess_set(lang: str) -> frozenset[str]:
    """Words that vote for `lang` when guessing a page's languages."""
    name = _JUSTEXT_NAMES.get(lang)
    if name is None:
        return stopword_set(lang)
    try:
        import justext
    except ImportError as exc:  # pragma: no cover - comes with trafilatura
        raise ImportError("the boilerplate stage needs jusText: pip install justext") from exc
    return frozenset(w.casefold() for w in justext.get_stoplist(name) if len(w) > 1)


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
    return {lang: sum(n for w, n in counts.items() if w in guess_set(lang)) for lang in languages}


def document_languages(
    text: str, languages: Iterable[str] = DEFAULT_LANGUAGES, share: float = 0.25, limit: int = 3
) -> list[str]:
    """Candidates with at least `share` of the best one's function-word hits,
    best first (ties: earlier candidate). Scraped pages mix languages (a Dutch
    article quoting English, a Spanish paragraph in a German page), and a word
    is only "unknown" if none of the page's languages knows it."""
    langs = list(languages)
    scores = language_scores(words(text), langs)
    ranked = sorted(langs, key=lambda lang: (-scores[lang], langs.index(lang)))
    if not ranked or scores[ranked[0]] == 0:
        return []
    return [lang for lang in ranked[:limit] if scores[lang] >= share * scores[ranked[0]]]


def guess_language(text: str, languages: Iterable[str] = DEFAULT_LANGUAGES) -> str | None:
    """The candidate with most function-word hits, or None when nothing hit."""
    found = document_languages(text, languages, limit=1)
    return found[0] if found else None


def stop_ratio(tokens: list[str], stops: frozenset[str]) -> float:
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t in stops) / len(tokens)
