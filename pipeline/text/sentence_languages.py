"""Paragraphs whose sentences are in different languages.

A paragraph gets one language, the one most of its text is in, so a Spanish
paragraph that quotes fourteen words of English can come out as English and
keep its Spanish half untranslated (or the quote goes through a Spanish
engine). Each sentence is therefore detected too, and where they disagree the
paragraph is described as segments of consecutive sentences in one language.

Short sentences give unreliable detections (a Dutch line read as Afrikaans),
so a sentence is detected only from `min_chars` on, only a decided answer
counts (function words, CLD2's reliable call, or langdetect above the
threshold), and only the languages already in the document are believed
(its own, its paragraphs') and English (the language the documents end in,
and the one news in other languages quotes most). A shorter sentence counts only
when two or more of its function words belong to one of those languages and
none to the others ("La protesta terminó sin incidentes.": la, sin); else it
chooses between the languages found in the paragraph by its function words,
and on a tie takes the paragraph's language.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable

from pipeline.text.function_words import owner_counts

UNDETERMINED = "und"
QUOTED = "en"

Identify = Callable[[str], tuple[str, "float | None", str]]


def mixed_segments(text: str, par_lang: str, doc_langs: set[str], identify: Identify, min_chars: int,
                   threshold: float, counts: tuple[Counter, int] | None = None) -> list[dict[str, Any]] | None:
    """[{start, end, lang}] over the paragraph's sentences (offsets in
    `text`), or None when its sentences do not disagree. `doc_langs`: the
    document's language and its paragraphs'. `counts`: the paragraph's
    `owner_counts`, when the caller has them already."""
    if len(text) < 2 * min_chars:
        return None
    from pipeline.translate.segment import split_sentences  # noqa: PLC0415 - sentencex loads on demand

    believed = ({par_lang, QUOTED} | doc_langs) - {UNDETERMINED}
    if not _other_language_words(counts or owner_counts(text), par_lang, believed):
        return None
    spans = split_sentences(text, par_lang if par_lang != UNDETERMINED else "en")
    if len(spans) < 2:
        return None
    langs: list[str | None] = []
    for span in spans:
        lang = None
        if len(span.text) >= min_chars:
            found, prob, _ = identify(span.text)
            if found in believed and (prob is None or prob >= threshold):
                lang = found
        else:
            lang = _unanimous(span.text, believed)
        langs.append(lang)
    found = {lang for lang in langs if lang}
    if len(found) < 2:
        return None
    filled = [lang or _choose(span.text, found, par_lang) for span, lang in zip(spans, langs)]
    segments: list[dict[str, Any]] = []
    for span, lang in zip(spans, filled):
        if segments and segments[-1]["lang"] == lang:
            segments[-1]["end"] = span.end
        else:
            segments.append({"start": span.start, "end": span.end, "lang": lang})
    return segments


def _other_language_words(found: tuple[Counter, int], par_lang: str, believed: set[str]) -> bool:
    """A cheap gate before sentence splitting (which costs more than the
    paragraph's detection): at least two function words of another believed
    language that are not also the paragraph language's ("the", "will" in
    Spanish; not "de", shared by many). `found`: the paragraph's owner_counts."""
    counts, _ = found
    return any(sum(n for owners, n in counts.items() if lang in owners and par_lang not in owners) >= 2
               for lang in believed - {par_lang})


def _hits(text: str, candidates: set[str]) -> dict[str, int]:
    counts, _ = owner_counts(text)
    return {lang: sum(n for owners, n in counts.items() if lang in owners) for lang in sorted(candidates)}


def _unanimous(text: str, candidates: set[str]) -> str | None:
    """A short sentence's language when at least two of its function words
    belong to one candidate and none to another ("La protesta terminó sin
    incidentes." against English); None otherwise."""
    hits = _hits(text, candidates)
    found = [lang for lang, n in hits.items() if n]
    return found[0] if len(found) == 1 and hits[found[0]] >= 2 else None


def _choose(text: str, candidates: set[str], default: str) -> str:
    """The candidate with the most function words in `text`; `default` on a
    tie (or when the paragraph's own language is undetermined, the first)."""
    hits = _hits(text, candidates)
    ranked = sorted(hits.values(), reverse=True)
    if ranked[0] > ranked[1]:
        return max(hits, key=hits.__getitem__)
    return default if default in candidates else sorted(candidates)[0]
