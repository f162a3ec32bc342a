"""Sentence segmentation of one paragraph, as character spans.

Argos's own splitters (stanza, MiniSBD, spaCy) all try to download resources
offline, so the pipeline segments sentences itself. Spans rather than strings
let the stage prove that every character of the source is in exactly one
sentence (nothing dropped, nothing duplicated).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Splitter = Literal["sentencex", "pysbd"]

# A break inside an over-long sentence is best placed after clause punctuation.
_SOFT_BREAK = re.compile(r"[,;:)\]»”]\s+|\s+[-–—]\s+")


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    start: int
    end: int
    text: str
    #: True when the splitter's sentence was too long and was cut at a blank.
    forced_break: bool = False


def split_sentences(paragraph: str, lang: str, splitter: Splitter = "sentencex",
                    max_chars: int = 1000) -> list[SentenceSpan]:
    """Sentences of `paragraph`, in order, covering all of its non-blank text."""
    pieces = _raw_sentences(paragraph, lang, splitter)
    spans = _locate(paragraph, pieces)
    out: list[SentenceSpan] = []
    for span in spans:
        out.extend(_cut_long(paragraph, span, max_chars) if len(span.text) > max_chars else [span])
    return out


def _raw_sentences(paragraph: str, lang: str, splitter: Splitter) -> list[str]:
    if splitter == "pysbd":
        return list(_pysbd_segmenter(_pysbd_lang(lang)).segment(paragraph))
    try:
        import sentencex
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("sentence splitting needs sentencex: pip install sentencex") from exc
    # sentencex knows ~300 languages and falls back along language families.
    return list(sentencex.segment(lang.split("-")[0] or "en", paragraph))


@lru_cache(maxsize=None)
def _pysbd_segmenter(lang: str):
    try:
        import pysbd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("the pysbd splitter needs pysbd: pip install pysbd") from exc
    return pysbd.Segmenter(language=lang, clean=False)


def _pysbd_lang(lang: str) -> str:
    import pysbd.languages

    code = lang.split("-")[0]
    return code if code in pysbd.languages.LANGUAGE_CODES else "en"


def _locate(paragraph: str, pieces: list[str]) -> list[SentenceSpan]:
    """Map splitter output back to offsets. Splitters may trim or normalise
    blanks, so each piece is searched from the end of the previous one; text
    a splitter skipped is attached to the next sentence, never lost."""
    spans: list[SentenceSpan] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = paragraph.find(piece, cursor)
        if found < 0:
            continue  # the remainder is picked up below
        end = found + len(piece)
        spans.append(_span(paragraph, cursor, end))
        cursor = end
    if paragraph[cursor:].strip():
        spans.append(_span(paragraph, cursor, len(paragraph)))
    return [s for s in spans if s.text]


def _span(paragraph: str, start: int, end: int, forced: bool = False) -> SentenceSpan:
    raw = paragraph[start:end]
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    return SentenceSpan(start + lead, start + lead + len(text), text, forced)


def _cut_long(paragraph: str, span: SentenceSpan, max_chars: int) -> list[SentenceSpan]:
    """Cut a run-on 'sentence' (a list, a table row flattened into one line)
    so the model never sees an input it would truncate."""
    out: list[SentenceSpan] = []
    start = span.start
    while span.end - start > max_chars:
        cut = start + _cut_point(paragraph[start:span.end], max_chars)
        out.append(_span(paragraph, start, cut, forced=True))
        start = cut
    out.append(_span(paragraph, start, span.end, forced=True))
    return [s for s in out if s.text]


def _cut_point(text: str, max_chars: int) -> int:
    window = text[:max_chars]
    soft = [m.end() for m in _SOFT_BREAK.finditer(window) if m.end() > max_chars // 2]
    if soft:
        return soft[-1]
    blank = window.rfind(" ", max_chars // 2)
    return blank + 1 if blank > 0 else max_chars
