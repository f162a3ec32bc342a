"""The most plausible original word sequence through the lattice (Viterbi).

Score of a path = sum of log10 P(word | previous word) under the bigram
model, minus the arcs' costs, minus a penalty where "a"/"an" disagrees with
the next word (spinners keep the original article, so "a essential" says the
original word began with a consonant sound). Only islands around words with
alternatives are decoded; the rest of a paragraph costs nothing.
"""

from __future__ import annotations

from typing import NamedTuple

from pipeline.despin.candidates import Arc
from pipeline.despin.language_model import BigramModel
from pipeline.despin.tokens import Token

ARTICLE_PENALTY = 1.5
_VOWEL_SOUND_EXCEPTIONS = ("hour", "honest", "honor", "honour", "heir")
_CONSONANT_SOUND_EXCEPTIONS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ubiq", "ufo")


def starts_with_vowel_sound(word: str) -> bool:
    w = word.lower()
    if w.startswith(_VOWEL_SOUND_EXCEPTIONS):
        return True
    if w.startswith(_CONSONANT_SOUND_EXCEPTIONS):
        return False
    return w[:1] in "aeiou"


def article_mismatch(article: str | None, word: str) -> bool:
    if article == "a":
        return starts_with_vowel_sound(word)
    if article == "an":
        return not starts_with_vowel_sound(word)
    return False


class Choice(NamedTuple):
    arc: Arc
    #: log10 advantage of this arc over keeping the words, rest of the path fixed
    gain: float


#: most (word, previous word) scores a decoder keeps (about 200 MB at the limit)
MEMO_SIZE = 2_000_000


class _Scores(dict):
    """(word, previous word) -> log10 P with the article penalty, computed on
    first use: a hit is a plain dict subscript, no Python call."""

    __slots__ = ("lm",)

    def __init__(self, lm: BigramModel):
        super().__init__()
        self.lm = lm

    def __missing__(self, key: tuple[str, str | None]) -> float:
        word, prev = key
        value = self.lm.logp(word, prev)
        if article_mismatch(prev, word):
            value -= ARTICLE_PENALTY
        if len(self) < MEMO_SIZE:
            self[key] = value
        return value


class Decoder:
    def __init__(self, lm: BigramModel):
        self.lm = lm
        self._memo = _Scores(lm)

    def logp(self, word: str, prev: str | None) -> float:
        return self._memo[(word, prev)]

    def seq_score(self, words: tuple[str, ...], prev: str | None, next_word: str | None) -> float:
        memo = self._memo
        score = 0.0
        for word in words:
            score += memo[(word, prev)]
            prev = word
        if next_word is not None:
            score += memo[(next_word, prev)]
        return score

    def best_single(self, tokens: list[Token], arcs: list[Arc], i: int, context: str | None) -> Choice | None:
        """The decision at one position whose alternatives all replace just
        that word and have no alternative next to them (half of all islands):
        what `decode` followed by `gains` gives, without the lattice. The
        first best alternative wins ties with keeping, as in `decode`."""
        memo = self._memo
        nxt = tokens[i + 1].norm if i + 1 < len(tokens) and tokens[i + 1].joined else None
        kept = memo[(tokens[i].norm, context)]
        if nxt is not None:
            kept += memo[(nxt, tokens[i].norm)]
        best, best_gain = None, 0.0
        for arc in arcs:
            words = arc.words
            score = memo[(words[0], context)] - arc.cost
            if len(words) > 1:
                for left, right in zip(words, words[1:]):
                    score += memo[(right, left)]
            if nxt is not None:
                score += memo[(nxt, words[-1])]
            gain = score - kept
            if best is None or gain > best_gain:
                best, best_gain = arc, gain
        return Choice(best, best_gain) if best is not None and best_gain >= 0.0 else None

    def decode(self, tokens: list[Token], by_start: dict[int, list[Arc]], lo: int, hi: int,
               context: str | None) -> list[Arc]:
        """Best path over tokens[lo:hi] (arcs ending after hi are ignored);
        `context` is the fixed word before tokens[lo], if joined to it."""
        best: dict[int, dict] = {lo: {context: (0.0, None, None)}}
        memo = self._memo
        for i in range(lo, hi):
            states = best.get(i)
            if not states:
                continue
            joined = tokens[i].joined
            if not joined:  # no context crosses punctuation: only the best state matters
                top = max(states, key=lambda k: states[k][0])
                states = {top: states[top]}
            for arc in by_start[i]:
                if arc.end > hi:
                    continue
                words = arc.words
                inner = -arc.cost
                if len(words) > 1:
                    for left, right in zip(words, words[1:]):
                        inner += memo[(right, left)]
                slot = best.get(arc.end)
                if slot is None:
                    slot = best[arc.end] = {}
                key, first = words[-1], words[0]
                if joined:
                    for prev_word, state in states.items():
                        total = state[0] + inner + memo[(first, prev_word)]
                        old = slot.get(key)
                        if old is None or total > old[0]:
                            slot[key] = (total, prev_word, arc)
                else:
                    start_score = memo[(first, None)]
                    for prev_word, state in states.items():
                        total = state[0] + inner + start_score
                        old = slot.get(key)
                        if old is None or total > old[0]:
                            slot[key] = (total, prev_word, arc)
        return self._backtrack(best, lo, hi)

    @staticmethod
    def _backtrack(best, lo, hi) -> list[Arc]:
        path: list[Arc] = []
        position = hi
        key = max(best[hi], key=lambda k: best[hi][k][0])
        while position > lo:
            _, prev_key, arc = best[position][key]
            path.append(arc)
            position, key = arc.start, prev_key
        path.reverse()
        return path

    def gains(self, tokens: list[Token], path: list[Arc], context: str | None) -> list[Choice]:
        """Local advantage of each changing arc: the path with the arc versus
        the same path keeping that span's words as written."""
        choices = []
        for k, arc in enumerate(path):
            if arc.layer == "keep":
                continue
            prev = (path[k - 1].words[-1] if k else context) if tokens[arc.start].joined else None
            nxt = path[k + 1].words[0] if k + 1 < len(path) and tokens[arc.end].joined else None
            kept = tuple(t.norm for t in tokens[arc.start:arc.end])
            new = -arc.cost + self.seq_score(arc.words, prev, nxt)
            old = self.seq_score(kept, prev, nxt)
            choices.append(Choice(arc, new - old))
        return choices
