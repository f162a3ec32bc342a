"""Words of a paragraph with their character offsets, and case transfer.

The spinner works on words and keeps the first letter's case, so repair works
on the same units: runs of letters (with an inner apostrophe, straight or
curly). Hyphens split words ("Knowledge-Pushed" is two words) because the
spinner substitutes the parts of a hyphenated compound separately.
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat
from operator import add, and_, contains, sub
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


#: a word with the gap before it, the gap split in two groups: blanks and
#: hyphens only (the word is joined to the previous one) or anything else.
#: One C-level findall gives all of it; building the tokens below is C-level
#: too (map/accumulate), with no Python code per word.
_GAP_WORD_RE = re.compile(r"(?:([ \t-]+)|([^A-Za-z0-9]*))(" + WORD_RE.pattern + ")")
_new_token = tuple.__new__


def tokenize(text: str) -> list[Token]:
    return list(text_words(text))


class Words:
    """The words of a text as parallel lists (what `tokenize` gives, one
    list per Token field): the repairer reads a few fields of every word, and
    building a Token per word cost as much as the regex pass. `tokens[i]`
    (a Token) is built on demand, for the few words that get an edit."""

    __slots__ = ("starts", "ends", "texts", "norms", "joined", "hyphen")

    def __init__(self, starts, ends, texts, norms, joined, hyphen):
        self.starts, self.ends, self.texts, self.norms = starts, ends, texts, norms
        self.joined, self.hyphen = joined, hyphen

    @classmethod
    def from_tokens(cls, tokens: list[Token]) -> "Words":
        if not tokens:
            return cls([], [], [], [], [], [])
        return cls(*map(list, zip(*tokens)))

    def __len__(self) -> int:
        return len(self.norms)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.norms)))]
        return _new_token(Token, (self.starts[i], self.ends[i], self.texts[i], self.norms[i], self.joined[i],
                                  self.hyphen[i]))

    def __iter__(self):
        return map(_new_token, repeat(Token), zip(self.starts, self.ends, self.texts, self.norms, self.joined,
                                                 self.hyphen))


def text_words(text: str) -> Words:
    """`tokenize`, as parallel lists (same fields, same values)."""
    found = _GAP_WORD_RE.findall(text)
    if not found:
        return Words([], [], [], [], [], [])
    blanks, others, words = zip(*found)
    # offsets: running sum of the gap and word lengths (one of the two gap
    # groups is always empty)
    lengths = list(map(len, words))
    word_ends = list(accumulate(map(add, map(add, map(len, blanks), map(len, others)), lengths)))
    word_starts = list(map(sub, word_ends, lengths))
    norms = list(map(str.lower, words))
    if "’" in text:
        norms = [n.replace("’", "'") for n in norms]
    joined = list(map(bool, blanks))
    joined[0] = False  # the first word of a text is joined to nothing
    if "-" in text:
        hyphen = list(map(and_, joined, map(contains, blanks, repeat("-"))))
    else:
        hyphen = [False] * len(joined)
    return Words(word_starts, word_ends, list(words), norms, joined, hyphen)


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
