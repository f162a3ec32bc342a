"""A cheap first look that lets clearly clean text leave early.

Two signals, both computed with C-speed regular expressions and one dict
lookup per word: strong spun forms of the lexicon, and the share of words
that are rare members of a WordNet synonym set whose main member is much more
frequent (a context-blind spinner picks such members; writers seldom do).
A document below both screening limits is not analysed further; the limits
sit far below what spun text shows (bench/despin/README.md), so the screen
saves time without deciding anything close.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import compress

from pipeline.despin.candidates import FUNCTION_WORDS
from pipeline.despin.compiled import typed_or
from pipeline.despin.lexicon import SpinLexicon
from pipeline.despin.tokens import WORD_RE

#: the repairer's words (dotted abbreviations such as "p.c" included), so that
#: the screen counts the same words and one-word lexicon forms as the repairer
WORDS_RE = WORD_RE
#: the words of a text (a list of str): WORDS_RE.findall, or the typed
#: tokenizer's C loop where it is built (same words, a third of the time)
word_list = typed_or("typed_tokens", "word_list", WORDS_RE.findall)
#: a synonym this many times more frequent makes a word "suspicious"
SUSPICION_RATIO = 8


@dataclass(frozen=True, slots=True)
class ScreenResult:
    words: int
    strong_hits: int
    suspicious: int
    #: words that are one-word spun forms of the lexicon (weak or strong)
    lexicon_forms: int = 0
    #: how many different strong forms `strong_hits` counts ("primarily
    #: based" twice is two hits of one form)
    strong_kinds: int = 0

    @property
    def strong_rate(self) -> float:
        return 100.0 * self.strong_hits / max(self.words, 1)

    @property
    def suspicious_rate(self) -> float:
        return 100.0 * self.suspicious / max(self.words, 1)

    @property
    def lexicon_form_rate(self) -> float:
        return 100.0 * self.lexicon_forms / max(self.words, 1)

    def to_dict(self) -> dict:
        return {"words": self.words, "strong_hits": self.strong_hits, "strong_kinds": self.strong_kinds,
                "suspicious_words": self.suspicious, "lexicon_forms": self.lexicon_forms}


#: the gaps a strong form may be written with (see `_char_regex`): one form however spaced
_SPACING_RE = re.compile(r"[\s\-]+")

#: unresolved spin syntax ("{that a}", "{a|b}"): a strong sign like the lexicon's strong forms
BRACES_RE = re.compile(r"\{[A-Za-z][^{}\n]{0,60}\}")


class StrongForms:
    """Where the strong spun forms and spin braces of a lower-cased text are:
    what one regular expression `phrases|braces` finds, left to right. The
    braces are matched apart and only where there is a "{" (an alternation
    after the phrases' prefix tree cost a third more on every text), and a
    phrase inside a brace is dropped, as the single expression would have
    consumed it with the brace (a phrase holds no brace, so that is the only
    overlap)."""

    __slots__ = ("phrases",)

    def __init__(self, phrases: re.Pattern):
        self.phrases = phrases

    def spans(self, lower: str) -> list[tuple[int, int]]:
        found = [m.span() for m in self.phrases.finditer(lower)]
        if "{" not in lower:
            return found
        braces = [m.span() for m in BRACES_RE.finditer(lower)]
        if not braces:
            return found
        outside = [span for span in found if not any(a <= span[0] < b for a, b in braces)]
        return sorted(outside + braces)

    def count(self, lower: str) -> int:
        return len(self.spans(lower))


def strong_pattern(lex: SpinLexicon) -> StrongForms | None:
    """The strong spun forms of the lexicon (plus spin braces), or None when it
    has none. The phrases are merged into a prefix tree: Python's `re` tries
    the branches of a flat alternation one by one at every word, which made
    the screen ten times slower."""
    phrases = sorted({" ".join(k) for k, e in lex.entries.items() if e.strong})
    if not phrases:
        return None
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    # matched against the lower-cased text: IGNORECASE made it four times slower
    return StrongForms(re.compile(r"\b(?:" + _trie_regex(trie) + r")(?![A-Za-z])"))


def _trie_regex(node: dict) -> str:
    branches, optional = [], False
    for char, child in sorted(node.items()):
        if char == "":
            optional = True
            continue
        branches.append(_char_regex(char) + _trie_regex(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if optional else body


def _char_regex(char: str) -> str:
    if char == " ":
        return r"[\s\-]+"  # the spinner's words may be spaced or hyphenated
    if char == "'":
        return "['’]"
    return re.escape(char)


def suspicious_words(candidates: dict[str, tuple[str, ...]], counts: dict[str, int]) -> set[str]:
    """Words (lower case) with a WordNet synonym at least SUSPICION_RATIO times
    more frequent: `candidates` maps a word to its likely originals. Worked out
    once for the whole vocabulary (pipeline.despin.tables)."""
    out = set()
    for norm, found in candidates.items():
        if len(norm) < 3 or norm in FUNCTION_WORDS or " " in norm:
            continue
        own = counts.get(norm, 0)
        if not own:
            continue  # names, numbers, typos: no synonym set to have been picked from
        if any(counts.get(c.split()[-1], 0) >= SUSPICION_RATIO * own for c in found):
            out.add(norm)
    return out


def _surface_forms(norms) -> frozenset[str]:
    """The written forms a screen counts for these lower-case words: lower
    case and capitalised (not ALL CAPS or CamelCase: names and acronyms), with
    straight or curly apostrophes."""
    out = set()
    for norm in norms:
        for form in (norm, norm[:1].upper() + norm[1:]):
            if form is norm or form[1:].islower():
                out.add(form)
                if "'" in form:
                    out.add(form.replace("'", "’"))
    return frozenset(out)


def _hits_and_kinds(spans: list[tuple[int, int]], lower: str) -> tuple[int, int]:
    """How many strong forms the spans hold, and how many different ones."""
    return len(spans), len({_SPACING_RE.sub(" ", lower[a:b]) for a, b in spans})


class Screen:
    """`lex`: the lexicon whose strong forms and one-word forms are counted;
    `suspicious`: lower-case words with a much more frequent WordNet synonym
    (None: that signal is off)."""

    def __init__(self, lex: SpinLexicon, suspicious=None):
        self.pattern = strong_pattern(lex) if lex.entries else None
        self.lexicon_words = frozenset(k[0] for k in lex.entries if len(k) == 1)
        self._lexicon_keys = self.lexicon_words | {w.replace("'", "’") for w in self.lexicon_words if "'" in w}
        self._suspicious = _surface_forms(suspicious) if suspicious else frozenset()

    def run(self, text: str) -> ScreenResult:
        """The first look at `text` (`scan` without the strong forms' places)."""
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[ScreenResult, list[tuple[int, int]] | None]:
        """One regex pass for the words, one for strong forms; then set
        lookups per word type (types repeat: Zipf), no per-word Python calls.
        Also where the strong forms are: (start, end) in `text`, or None where
        lower-casing changed the text's length (offsets would not line up)."""
        words = word_list(text)
        spans: list[tuple[int, int]] | None = []
        if self.pattern is not None:
            lower = text.lower()
            spans = self.pattern.spans(lower)
            strong, kinds = _hits_and_kinds(spans, lower)
            if len(lower) != len(text):
                spans = None
        else:
            strong = kinds = 0
        suspicious, forms = self._counts(Counter(words))
        return ScreenResult(len(words), strong, suspicious, forms, kinds), spans

    def _counts(self, counts: Counter) -> tuple[int, int]:
        """Suspicious words and lexicon forms among the counted words: per
        word type, with C-level set and map operations (integer sums, so the
        order they are added in does not matter)."""
        suspicious_forms, lexicon_keys = self._suspicious, self._lexicon_keys
        suspicious = sum(map(counts.__getitem__, suspicious_forms.intersection(counts))) if suspicious_forms else 0
        forms = (sum(compress(counts.values(), map(lexicon_keys.__contains__, map(str.lower, counts))))
                 if lexicon_keys else 0)
        return suspicious, forms

    def strong_counts(self, texts: list[str], spans: list[tuple[int, int]] | None) -> list[int]:
        """`strong_count` of each of `texts`, from the `spans` that `scan`
        found in "\n".join(texts): a match never begins on the newline, and
        one that stays inside a text is what that text alone gives (the
        pattern sees the newline as it sees the text's end). Where a match
        runs across a newline, or `spans` is None, each text is matched alone."""
        if spans is None:
            return [self.strong_count(text) for text in texts]
        counts = [0] * len(texts)
        if not spans:
            return counts
        ends, position = [], -1
        for text in texts:
            position += len(text) + 1
            ends.append(position)  # offset of the newline after each text
        for start, end in spans:
            k = bisect_right(ends, start)
            if end > ends[k]:
                return [self.strong_count(text) for text in texts]
            counts[k] += 1
        return counts

    def strong_count(self, text: str) -> int:
        """Strong spun forms and braces only (the part of `run` that the
        per-paragraph evidence needs; the words are counted by the repairer)."""
        return self.pattern.count(text.lower()) if self.pattern is not None else 0
