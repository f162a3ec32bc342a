"""Structural features of one line of a scraped page.

These are the language-independent signals the classifier leans on: how long
a line is, how much of it is function words (prose has many, menus and
headlines few), whether it ends like a sentence, and what cues it carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipeline.boilerplate.cues import CueHit, find_cues
from pipeline.boilerplate.stopwords import stop_ratio

SENTENCE_END = regex.compile(r"[.!?…:;][\"'”’»)\]]*$")
# `SENTENCE_END` read from the end of the line (a search tries every position).
_END_PUNCT = ".!?…:;"
_CLOSERS = "\"'”’»)]"
_NUMBER_ONLY = regex.compile(r"^[+\-]?\d[\d.,]*\s*[kKmM]?\+?$")
_HAS_WORD_CHAR = regex.compile(r"[\p{L}\p{N}]")
_LIST_MARKER = regex.compile(r"^(?:[-*•–]|\d{1,2}[.)])\s+\S")


@dataclass(slots=True)
class LineInfo:
    """One non-blank line with the features the rules read."""

    number: int  # 1-based line number in the stage's input
    text: str  # whitespace-normalized line
    tokens: list[str]
    stop_ratio: float
    cues: list[CueHit] = field(default_factory=list)
    # Read by many rules, so worked out once (`__post_init__`).
    ends_sentence: bool = field(init=False)
    is_prose: bool = field(init=False)

    def __post_init__(self) -> None:
        self.ends_sentence = ends_sentence(self.text)
        self.is_prose = self._reads_as_prose()

    @property
    def n_words(self) -> int:
        return len(self.tokens)

    @property
    def is_number_only(self) -> bool:
        return bool(_NUMBER_ONLY.match(self.text))

    @property
    def has_word_chars(self) -> bool:
        return bool(_HAS_WORD_CHAR.search(self.text))

    @property
    def is_list_item(self) -> bool:
        """Written as a list item ("- ", "* ", "1. "): the article's own
        lists, as the seeds and trafilatura's output write them; scraped
        menus and link lists carry no markers."""
        return bool(_LIST_MARKER.match(self.text))

    def _reads_as_prose(self) -> bool:
        """`is_prose`: reads like running text: several words, a fair share
        of function words, and either a sentence end or enough length to be
        a truncated paragraph (scrapes often cut the last sentence)."""
        if self.n_words < 6 or self.stop_ratio < 0.15:
            return False
        return self.ends_sentence or self.n_words >= 15

    def cue_categories(self, scope: str | None = None) -> set[str]:
        return {hit.category for hit in self.cues if scope is None or hit.scope == scope}

    @property
    def chars(self) -> int:
        return len(self.text)


def ends_sentence(text: str) -> bool:
    """`SENTENCE_END.search(text)`: sentence punctuation, then only closing
    quotes and brackets (`$` also matches before a final newline)."""
    body = text.removesuffix("\n").rstrip(_CLOSERS)
    return body[-1:] != "" and body[-1] in _END_PUNCT


def build_lines(
    texts: list[str], words: list[list[str]], stops: frozenset[str], cue_langs: tuple[str, ...]
) -> list[LineInfo]:
    """Features of every non-blank line (blank lines carry no decision).
    `texts` are the page's lines, whitespace-normalized; `words` their
    case-folded words (`stopwords.words`), found once for the whole page."""
    infos = []
    for number, (text, tokens) in enumerate(zip(texts, words), start=1):
        if text:
            cues = find_cues(text, cue_langs, single_spaced=True)
            infos.append(LineInfo(number, text, tokens, stop_ratio(tokens, stops), cues))
    return infos
