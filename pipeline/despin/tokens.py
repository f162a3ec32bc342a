"""Words of a paragraph with their character offsets, and case transfer.

The spinner works on words and keeps the first letter's case, so repair works
on the same units: runs of letters (with an inner apostrophe, straight or
curly). Hyphens split words ("Knowledge-Pushed" is two words) because the
spinner substitutes the parts of a hyphenated compound separately.
"""

from __future__ import annotations

import re
from typing import NamedTuple

WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")


class Token(NamedTuple):
    """A word; a named tuple because paragraphs make many of them (cheap to build)."""

    start: int
    end: int
    text: str
    #: lower-cased, curly apostrophe folded to straight: the lookup key
    norm: str
    #: True when only spaces or a hyphen separate this word from the previous one
    joined: bool
    #: True when a hyphen joins this word to the previous one ("data-driven")
    hyphen: bool = False


#: a word with the gap before it: one C-level findall gives both, so the
#: Python loop below only builds tokens (tokenizing was a tenth of the time)
_GAP_WORD_RE = re.compile(r"([^A-Za-z0-9]*)(" + WORD_RE.pattern + ")")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    pos = 0
    first = True
    for gap, word in _GAP_WORD_RE.findall(text):
        start = pos + len(gap)
        end = start + len(word)
        pos = end
        norm = word.lower()
        if "’" in norm:
            norm = norm.replace("’", "'")
        # joined: only blanks or a hyphen since the previous word
        if first:
            joined = hyphen = first = False
        else:
            joined = bool(gap) and not gap.strip(" \t-")
            hyphen = joined and "-" in gap
        append(Token(start, end, word, norm, joined, hyphen))
    return tokens


def in_lowercase_compound(tokens: list[Token], i: int) -> bool:
    """Part of a lower-case hyphenated compound ("data-driven", "high-performing"):
    the spinner leaves those alone, only title-case compounds get spun."""
    token = tokens[i]
    linked = token.hyphen or (i + 1 < len(tokens) and tokens[i + 1].hyphen)
    return linked and token.text.islower()


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
