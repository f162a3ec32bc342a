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
from collections import Counter
from dataclasses import dataclass

from pipeline.despin.candidates import FUNCTION_WORDS, WordNetCandidates
from pipeline.despin.language_model import BigramModel
from pipeline.despin.lexicon import SpinLexicon

WORDS_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
#: a synonym this many times more frequent makes a word "suspicious"
SUSPICION_RATIO = 8


@dataclass(frozen=True, slots=True)
class ScreenResult:
    words: int
    strong_hits: int
    suspicious: int
    #: words that are one-word spun forms of the lexicon (weak or strong)
    lexicon_forms: int = 0

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
        return {"words": self.words, "strong_hits": self.strong_hits, "suspicious_words": self.suspicious,
                "lexicon_forms": self.lexicon_forms}


def strong_pattern(lex: SpinLexicon) -> re.Pattern | None:
    """One regular expression for every strong spun form (plus spin braces).
    The alternatives are merged into a prefix tree: Python's `re` tries the
    branches of a flat alternation one by one at every word, which made the
    screen ten times slower."""
    phrases = sorted({" ".join(k) for k, e in lex.entries.items() if e.strong})
    if not phrases:
        return None
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(r"\b(?:" + _trie_regex(trie) + r")(?![A-Za-z])|\{[A-Za-z][^{}\n]{0,60}\}", re.IGNORECASE)


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


class Screen:
    def __init__(self, lex: SpinLexicon, lm: BigramModel, wordnet: WordNetCandidates | None):
        self.pattern = strong_pattern(lex) if lex.entries else None
        self.lm, self.wordnet = lm, wordnet
        self._suspicion: dict[str, bool] = {}
        self.lexicon_words = frozenset(k[0] for k in lex.entries if len(k) == 1)

    def run(self, text: str) -> ScreenResult:
        words = WORDS_RE.findall(text)
        strong = len(self.pattern.findall(text)) if self.pattern is not None else 0
        suspicious = forms = 0
        cache, lexicon_words = self._suspicion, self.lexicon_words
        # word types repeat (Zipf): count them in C, judge each type once
        for word, count in Counter(words).items():
            if self.wordnet is not None:
                flag = cache.get(word)
                if flag is None:
                    flag = cache[word] = self._suspicious(word)
                if flag:
                    suspicious += count
            if word.lower().replace("’", "'") in lexicon_words:
                forms += count
        return ScreenResult(len(words), strong, suspicious, forms)

    def strong_count(self, text: str) -> int:
        """Strong spun forms and braces only (the part of `run` that the
        per-paragraph evidence needs; the words are counted by the repairer)."""
        return len(self.pattern.findall(text)) if self.pattern is not None else 0

    def _suspicious(self, word: str) -> bool:
        norm = word.lower().replace("’", "'")
        if len(norm) < 3 or norm in FUNCTION_WORDS or (word[0].isupper() and word[1:].islower() is False):
            return False
        own = self.lm.count(norm)
        if not own:
            return False  # names, numbers, typos: no synonym set to have been picked from
        return any(self.lm.count(c.split()[-1]) >= SUSPICION_RATIO * own for c in self.wordnet.lookup(norm))
