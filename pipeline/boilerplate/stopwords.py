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
a fraction of one, and wordfreq's top words come from the short lists
shipped in `pipeline/text/top_words.json` (generated from wordfreq).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Iterable

from pipeline.boilerplate.tokens import word_tokens
from pipeline.text.function_words import top_words

#: Languages scored by default: those wordfreq covers whose words are
#: separated by spaces (a per-token stop-word ratio is meaningless for zh/ja).
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "ca", "cs", "da", "de", "en", "es", "fi", "fr", "hu", "id", "it", "lt", "lv", "ms", "nb",
    "nl", "pl", "pt", "ro", "sk", "sl", "sv", "tr",
)


def words(text: str) -> list[str]:
    """Case-folded words of a line; digits and punctuation are not words."""
    return [w.casefold() for w in word_tokens(text)]


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
    return frozenset(w.casefold() for w in top_n(lang, size) if len(w) > 1 and w.isalpha())


def top_n(lang: str, size: int) -> list[str]:
    """wordfreq's `size` most frequent words of `lang`. Read from the small
    list shipped in `pipeline/text/top_words.json` (generated from wordfreq,
    a test keeps it equal) when it is long enough: wordfreq itself loads the
    language's whole frequency list, tens of MB per language and process."""
    shipped = top_words().get(lang)
    if shipped is not None and len(shipped) >= size:
        return shipped[:size]
    try:
        import wordfreq
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ImportError("the boilerplate stage needs wordfreq: pip install wordfreq") from exc
    return wordfreq.top_n_list(lang, size)


@lru_cache(maxsize=None)
def _guess_index(languages: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """word -> positions in `languages` of the candidates it votes for: one
    lookup per word instead of one per word and candidate."""
    index: dict[str, list[int]] = {}
    for position, lang in enumerate(languages):
        for word in guess_set(lang):
            index.setdefault(word, []).append(position)
    return {word: tuple(positions) for word, positions in index.items()}


def language_scores(tokens: Iterable[str], languages: Iterable[str]) -> dict[str, int]:
    """Function-word hits per candidate language."""
    langs = tuple(languages)
    index = _guess_index(langs)
    scores = [0] * len(langs)
    counts = Counter(tokens)
    for word in counts.keys() & index.keys():  # the function words of the text
        n = counts[word]
        for position in index[word]:
            scores[position] += n
    return dict(zip(langs, scores))


def document_languages(
    text: str, languages: Iterable[str] = DEFAULT_LANGUAGES, share: float = 0.25, limit: int = 3
) -> list[str]:
    """Candidates with at least `share` of the best one's function-word hits,
    best first (ties: earlier candidate). Scraped pages mix languages (a Dutch
    article quoting English, a Spanish paragraph in a German page), and a word
    is only "unknown" if none of the page's languages knows it."""
    return languages_of_words(words(text), languages, share, limit)


def languages_of_words(
    tokens: Iterable[str], languages: Iterable[str] = DEFAULT_LANGUAGES, share: float = 0.25, limit: int = 3
) -> list[str]:
    """`document_languages` for a text already split into case-folded words."""
    langs = list(languages)
    scores = language_scores(tokens, langs)
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
    return sum(map(stops.__contains__, tokens)) / len(tokens)
