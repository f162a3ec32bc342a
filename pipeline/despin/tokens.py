"""Words of a paragraph with their character offsets, and case transfer.

The spinner works on words and keeps the first letter's case, so repair works
on the same units: runs of letters (with an inner apostrophe, straight or
curly). Hyphens split words ("Knowledge-Pushed" is two words) because the
spinner substitutes the parts of a hyphenated compound separately. A dotted
abbreviation is one word ("p.c", "U.S.A", "e.g"): the spinner writes "p.c"
for "percent" and "U.Okay." for "U.K." (it maps the letter K to "Okay"), and a
lexicon entry can only match what is one word.
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat
from operator import and_, contains
from typing import NamedTuple

from pipeline.despin.compiled import typed_or as _compiled_typed_or

#: a dotted abbreviation ("p.c", "U.S.A", "e.g"): single letters joined by
#: single dots, the last part may be a run of letters ("U.Okay", the spinner's
#: "U.K."). Tried first, and only where a word starts (the scan never stops
#: inside a run of letters), so "advancements.The" stays two words. A trailing
#: dot is a gap ("U.S." is the word "U.S"); digits are untouched ("3.1" is two words).
DOTTED_RE = r"[A-Za-z](?:\.[A-Za-z](?![A-Za-z]))*\.[A-Za-z]+"
#: the groups are non-capturing: _WORD_SPLIT_RE wraps the whole in one group
WORD_RE = re.compile(DOTTED_RE + r"|[A-Za-z0-9]+(?:['’][A-Za-z]+)*")


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


#: a capturing split of a text: gap, word, gap, word, ..., tail. Words are
#: maximal, so the gaps between them hold no letter or digit (nothing is
#: skipped: running sums of the parts' lengths are the words' offsets). One
#: C-level split gives all of it (cheaper than a findall of (gap, word)
#: tuples); building the tokens below is C-level too, no Python code per word.
_WORD_SPLIT_RE = re.compile("(" + WORD_RE.pattern + ")")
#: a gap that joins a word to the previous one: blanks and hyphens only
_JOINING_GAP_RE = re.compile(r"[ \t-]+")


class _GapJoins(dict):
    """gap -> whether it joins the next word to the previous one. Gaps are a
    small vocabulary (" ", ", ", ". ", " - "...): a word's gap is a dict hit
    (mapped in C), the regex runs once per new gap."""

    __slots__ = ()

    def __missing__(self, gap: str) -> bool:
        if len(self) >= 10_000:
            self.clear()  # bounded: odd text must not grow it without limit
        joins = self[gap] = _JOINING_GAP_RE.fullmatch(gap) is not None
        return joins


_GAP_JOINS = _GapJoins()
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
    parts = _WORD_SPLIT_RE.split(text)
    if len(parts) == 1:
        return Words([], [], [], [], [], [])
    words, gaps = parts[1::2], parts[0:-1:2]  # each word and the gap before it
    # offsets: part k ends at the running sum of the lengths up to it; word j is part 2j + 1
    offsets = list(accumulate(map(len, parts)))
    word_starts, word_ends = offsets[0:-1:2], offsets[1::2]
    norms = list(map(str.lower, words))
    if "’" in text:
        norms = [n.replace("’", "'") for n in norms]
    joined = list(map(_GAP_JOINS.__getitem__, gaps))
    joined[0] = False  # the first word of a text is joined to nothing
    if "-" in text:
        hyphen = list(map(and_, joined, map(contains, gaps, repeat("-"))))
    else:
        hyphen = [False] * len(joined)
    return Words(word_starts, word_ends, words, norms, joined, hyphen)


def in_lowercase_compound(tokens: list[Token], i: int) -> bool:
    """Part of a lower-case hyphenated compound ("data-driven", "high-performing"):
    the spinner leaves those alone, only title-case compounds get spun."""
    token = tokens[i]
    linked = token.hyphen or (i + 1 < len(tokens) and tokens[i + 1].hyphen)
    return linked and token.text.islower()


def apply_case(model: str, word: str) -> str:
    """Give `word` the case pattern of `model` (the spinner keeps only the
    first letter's case, so that is what we restore). Dotted words with as
    many parts take it part by part ("U.Okay" makes "u.k" "U.K")."""
    if "." in model and "." in word:  # rare: test the dot before splitting
        dotted = _apply_case_by_part(model, word)
        if dotted is not None:
            return dotted
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _apply_case_by_part(model: str, word: str) -> str | None:
    """`apply_case` on each dot-separated part, or None when the two have not
    as many parts (then the whole-word rule applies)."""
    model_parts, word_parts = model.split("."), word.split(".")
    if len(model_parts) != len(word_parts):
        return None
    return ".".join(map(apply_case, model_parts, word_parts))


def starts_sentence(text: str, offset: int) -> bool:
    """Whether the word at `offset` begins a sentence: only blanks and opening
    quotes between it and the paragraph's start or a full stop, "!" or "?".
    For words whose case tells nothing ("1000's" for *Thousands*)."""
    k = offset - 1
    while k >= 0 and text[k] in " \t\"'“‘(":
        k -= 1
    return k < 0 or text[k] in ".!?"


_SMALL_WORDS = frozenset("a an and as at by for in of on or the to with".split())


def title_case(words: list[str]) -> list[str]:
    """Headline case for a replacement inside a title-cased heading."""
    out = []
    for i, w in enumerate(words):
        out.append(w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:])
    return out


def uses_curly_apostrophe(text: str) -> bool:
    return "’" in text


#: the regular-expression version, which the typed one is tested against; the
#: typed one (one C loop, same words) where built: the split took as long as decoding
python_text_words = text_words
text_words = _compiled_typed_or("typed_tokens", "text_words", python_text_words)
