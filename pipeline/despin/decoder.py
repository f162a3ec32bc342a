"""The most plausible original word sequence through the lattice (Viterbi).

Score of a path = sum of log10 P(word | previous word) under the bigram
model, minus the arcs' costs, minus a penalty where "a"/"an" disagrees with
the next word (spinners keep the original article, so "a essential" says the
original word began with a consonant sound). Only islands around words with
alternatives are decoded; the rest of a paragraph costs nothing.
"""

from __future__ import annotations

from itertools import pairwise
from typing import NamedTuple

from pipeline.despin.candidates import Arc
from pipeline.despin.language_model import LOG_BACKOFF, BigramModel

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
    first use: a hit is a plain dict subscript, no Python call. A miss is
    worked out here in one frame (what `BigramModel.logp` and
    `article_mismatch` give, same arithmetic): the first pass over a
    document misses thousands of times."""

    __slots__ = ("_bi", "_uni", "_unknown", "_unseen", "lm")

    def __init__(self, lm: BigramModel):
        super().__init__()
        self.lm = lm
        self._uni, self._bi, self._unseen, self._unknown = lm._uni, lm._bi, lm._unseen, lm._unknown

    def __missing__(self, key: tuple[str, str | None]) -> float:
        word, prev = key
        value = self._uni.get(word, self._unknown)
        if prev is not None:
            pair = self._bi.get(prev + " " + word)
            if pair is not None:
                value = pair
            else:
                value += LOG_BACKOFF
                cap = self._unseen.get(prev)
                if cap is not None and not value < cap:
                    value = cap
            if (prev == "a" or prev == "an") and article_mismatch(prev, word):
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

    def best_single(self, norms: list[str], joined: list[bool], arcs: list[Arc], i: int,
                    context: str | None) -> Choice | None:
        """The decision at one position whose alternatives all replace just
        that word and have no alternative next to them (half of all islands):
        what `decode` gives, without the lattice. The first best alternative
        wins ties with keeping, as in `decode`."""
        memo = self._memo
        word = norms[i]
        nxt = norms[i + 1] if i + 1 < len(norms) and joined[i + 1] else None
        kept = memo[(word, context)]
        if nxt is not None:
            kept += memo[(nxt, word)]
        best, best_gain = None, 0.0
        for arc in arcs:
            words = arc.words
            score = memo[(words[0], context)] - arc.cost
            if len(words) > 1:
                for left, right in pairwise(words):
                    score += memo[(right, left)]
            if nxt is not None:
                score += memo[(nxt, words[-1])]
            gain = score - kept
            if best is None or gain > best_gain:
                best, best_gain = arc, gain
        return Choice(best, best_gain) if best is not None and best_gain >= 0.0 else None

    def decode(self, norms: list[str], joined: list[bool], by_start: dict[int, list[Arc]], lo: int, hi: int,
               context: str | None) -> list[Choice]:
        """Best path over words lo..hi-1 (Viterbi; a state is the last word
        read, since scores are word pairs), then the local advantage of each
        changing arc on it: the path with the arc versus the same path keeping
        that span's words as written. `by_start` holds the alternatives
        (arcs ending after hi are ignored); keeping a word is implicit, tried
        after a position's alternatives, at no cost. `context` is the fixed
        word before lo, if joined to it."""
        memo = self._memo
        get = by_start.get
        # best[p - lo]: last word -> (score, last word before, arc; None: word p-1 kept)
        best: list = [None] * (hi - lo + 1)
        best[0] = {context: (0.0, None, None)}
        for i in range(lo, hi):
            states = best[i - lo]
            if not states:
                continue
            word = norms[i]
            if joined[i]:
                if len(states) == 1:
                    for prev_word, state in states.items():
                        score = state[0]
                    for arc in get(i, ()):
                        end = arc.end
                        if end > hi:
                            continue
                        words = arc.words
                        inner = -arc.cost
                        if len(words) > 1:
                            for left, right in pairwise(words):
                                inner += memo[(right, left)]
                        slot = best[end - lo]
                        if slot is None:
                            slot = best[end - lo] = {}
                        key = words[-1]
                        total = score + inner + memo[(words[0], prev_word)]
                        old = slot.get(key)
                        if old is None or total > old[0]:
                            slot[key] = (total, prev_word, arc)
                    slot = best[i + 1 - lo]
                    if slot is None:
                        slot = best[i + 1 - lo] = {}
                    total = score + memo[(word, prev_word)]
                    old = slot.get(word)
                    if old is None or total > old[0]:
                        slot[word] = (total, prev_word, None)
                    continue
                # several states: per arc, the first best of them (what
                # updating the slot state by state, strictly better only, keeps)
                prevs = list(states)
                scores = [state[0] for state in states.values()]
                for arc in get(i, ()):
                    end = arc.end
                    if end > hi:
                        continue
                    words = arc.words
                    inner = -arc.cost
                    if len(words) > 1:
                        for left, right in pairwise(words):
                            inner += memo[(right, left)]
                    slot = best[end - lo]
                    if slot is None:
                        slot = best[end - lo] = {}
                    key, first = words[-1], words[0]
                    totals = [score + inner + memo[(first, prev_word)] for score, prev_word in zip(scores, prevs)]
                    total = max(totals)
                    old = slot.get(key)
                    if old is None or total > old[0]:
                        slot[key] = (total, prevs[totals.index(total)], arc)
                slot = best[i + 1 - lo]
                if slot is None:
                    slot = best[i + 1 - lo] = {}
                totals = [score + memo[(word, prev_word)] for score, prev_word in zip(scores, prevs)]
                total = max(totals)
                old = slot.get(word)
                if old is None or total > old[0]:
                    slot[word] = (total, prevs[totals.index(total)], None)
            else:
                # no context crosses punctuation: only the best state matters
                items = iter(states.items())
                top, top_state = next(items)
                for prev_word, state in items:
                    if state[0] > top_state[0]:
                        top, top_state = prev_word, state
                score = top_state[0]
                for arc in get(i, ()):
                    end = arc.end
                    if end > hi:
                        continue
                    words = arc.words
                    inner = -arc.cost
                    if len(words) > 1:
                        for left, right in pairwise(words):
                            inner += memo[(right, left)]
                    slot = best[end - lo]
                    if slot is None:
                        slot = best[end - lo] = {}
                    key = words[-1]
                    total = score + inner + memo[(words[0], None)]
                    old = slot.get(key)
                    if old is None or total > old[0]:
                        slot[key] = (total, top, arc)
                slot = best[i + 1 - lo]
                if slot is None:
                    slot = best[i + 1 - lo] = {}
                total = score + memo[(word, None)]
                old = slot.get(word)
                if old is None or total > old[0]:
                    slot[word] = (total, top, None)
        # backtrack from the best final state: path items (start, end, arc or None)
        items = iter(best[hi - lo].items())
        key, top_state = next(items)
        for last, state in items:
            if state[0] > top_state[0]:
                key, top_state = last, state
        path = []
        position = hi
        while position > lo:
            _, prev_key, arc = best[position - lo][key]
            start = position - 1 if arc is None else arc.start
            path.append((start, position, arc))
            position, key = start, prev_key
        path.reverse()
        # gains of the changing arcs (same sums as seq_score, in the same order)
        choices = []
        last = len(path) - 1
        for k, (start, end, arc) in enumerate(path):
            if arc is None:
                continue
            if joined[start]:
                if k:
                    before = path[k - 1]
                    prev = norms[before[0]] if before[2] is None else before[2].words[-1]
                else:
                    prev = context
            else:
                prev = None
            if k < last and joined[end]:
                after = path[k + 1]
                nxt = norms[after[0]] if after[2] is None else after[2].words[0]
            else:
                nxt = None
            new = 0.0
            p = prev
            for w in arc.words:
                new += memo[(w, p)]
                p = w
            if nxt is not None:
                new += memo[(nxt, p)]
            old = 0.0
            p = prev
            for w in norms[start:end]:
                old += memo[(w, p)]
                p = w
            if nxt is not None:
                old += memo[(nxt, p)]
            choices.append(Choice(arc, -arc.cost + new - old))
        return choices
