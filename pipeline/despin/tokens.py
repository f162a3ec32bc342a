"""Words of a paragraph with their character offsets, and case transfer.

The spinner works on words and keeps the first letter's case, so repair works
on the same units: runs of letters (with an inner apostrophe, straight or
curly). Hyphens split words ("Knowledge-Pushed" is two words) because the
spinner substitutes the parts of a hyphenated compound separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
# Characters between two words that keep them in one phrase for the language
# model; anything else (punctuation) starts a new context.
_JOINERS = re.compile(r"^[ \t\-]*$")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    #: lower-cased, curly apostrophe folded to straight: the lookup key
    norm: str
    #: True when only spaces or a hyphen separate this word from the previous one
    joined: bool


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    prev_end = None
    for match in WORD_RE.finditer(text):
        gap = text[prev_end:match.start()] if prev_end is not None else "."
        word = match.group()
        tokens.append(
            Token(
                match.start(),
                match.end(),
                word,
                word.lower().replace("’", "'"),
                bool(_JOINERS.match(gap)) and gap != "",
            )
        )
        prev_end = match.end()
    return tokens


def apply_case(model: str, word: str) -> str:
    """Give `word` the case pattern of `model` (the spinner keeps only the
    first letter's case, so that is what we restore)."""
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_SMALL_WORDS = frozenset("a an and as at by for in of on or the to with".split())


def title_case(words: list[str]) -> list[str]:
    """Headline case for a replacement inside a title-cased heading."""
    out = []
    for i, w in enumerate(words):
        out.append(w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:])
    return out


def uses_curly_apostrophe(text: str) -> bool:
    return "’" in text
