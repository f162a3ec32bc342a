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


_new_choice = tuple.__new__

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
        if prev is None:
            value = self._uni.get(word, self._unknown)
        else:
            # the pair's score when listed; the word's own only when not
            # (each lookup in these large tables is a cache miss)
            value = self._bi.get(prev + " " + word)
            if value is None:
                value = self._uni.get(word, self._unknown) + LOG_BACKOFF
                cap = self._unseen.get(prev)
                if cap is not None and not value < cap:
                    value = cap
            if (prev == "a" or prev == "an") and article_mismatch(prev, word):
                value -= ARTICLE_PENALTY
        if len(self) < MEMO_SIZE:
            self[key] = value
        return value


def new_decoder(lm: BigramModel):
    """The decoder for this model: the typed one (`typed_decoder`, C arrays
    over word ids, same results) where its build is in use, else `Decoder`.
    The typed one has no memo to fill, so one per model serves every repairer."""
    from pipeline.despin.compiled import typed_or  # noqa: PLC0415

    TypedDecoder = typed_or("typed_decoder", "TypedDecoder", None)  # noqa: N806 - a class
    if TypedDecoder is None:
        return Decoder(lm)
    shared = _TYPED.get(id(lm))
    if shared is None or shared.lm is not lm:
        if lm.cache_key is None:  # a model built in memory (tests)
            shared = TypedDecoder(lm)
        else:  # the packed tables of the cached model, from the same disk cache
            from pipeline.despin.tables import typed_decoder_tables  # noqa: PLC0415

            shared = TypedDecoder(lm, typed_decoder_tables(lm.cache_key, lambda: TypedDecoder(lm).packed()))
        _TYPED[id(lm)] = shared
    return shared


#: id(model) -> its typed decoder (a process holds one or two models)
_TYPED: dict = {}


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
        return _new_choice(Choice, (best, best_gain)) if best is not None and best_gain >= 0.0 else None

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
        no_arcs = ()
        # arcs are read by index: arc[0] start, arc[1] end, arc[2] words, arc[4] cost
        # best[p - lo]: last word -> (score, last word before, arc; None: word p-1 kept)
        best: list = [None] * (hi - lo + 1)
        best[0] = {context: (0.0, None, None)}
        for i in range(lo, hi):
            states = best[i - lo]
            if not states:
                continue
            word = norms[i]
            arcs = get(i, no_arcs)
            if joined[i]:
                if len(states) == 1:
                    ((prev_word, state),) = states.items()
                    score = state[0]
                    for arc in arcs:
                        end = arc[1]
                        if end > hi:
                            continue
                        words = arc[2]
                        inner = -arc[4]
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
                # updating the slot state by state, strictly better only, keeps);
                # the states are read in place (most positions have no arc, so
                # a list of (score, word) pairs would be read only once)
                for arc in arcs:
                    end = arc[1]
                    if end > hi:
                        continue
                    words = arc[2]
                    inner = -arc[4]
                    if len(words) > 1:
                        for left, right in pairwise(words):
                            inner += memo[(right, left)]
                    slot = best[end - lo]
                    if slot is None:
                        slot = best[end - lo] = {}
                    first = words[0]
                    total = None
                    for prev_word, state in states.items():
                        value = state[0] + inner + memo[(first, prev_word)]
                        if total is None or value > total:
                            total, top = value, prev_word
                    key = words[-1]
                    old = slot.get(key)
                    if old is None or total > old[0]:
                        slot[key] = (total, top, arc)
                slot = best[i + 1 - lo]
                if slot is None:
                    slot = best[i + 1 - lo] = {}
                total = None
                for prev_word, state in states.items():
                    value = state[0] + memo[(word, prev_word)]
                    if total is None or value > total:
                        total, top = value, prev_word
                old = slot.get(word)
                if old is None or total > old[0]:
                    slot[word] = (total, top, None)
            else:
                # no context crosses punctuation: only the best state matters
                items = iter(states.items())
                top, top_state = next(items)
                for prev_word, state in items:
                    if state[0] > top_state[0]:
                        top, top_state = prev_word, state
                score = top_state[0]
                for arc in arcs:
                    end = arc[1]
                    if end > hi:
                        continue
                    words = arc[2]
                    inner = -arc[4]
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
        # backtrack from the best final state, and on the way (the path is
        # walked backwards anyway; one pass, no list of path items) the gains
        # of its changing arcs (same sums as seq_score, in the same order):
        # `nxt_word` is the first word of the item after, and the state word
        # stored before an item is the last word of the item before it, or the context
        items = iter(best[hi - lo].items())
        key, top_state = next(items)
        for last, state in items:
            if state[0] > top_state[0]:
                key, top_state = last, state
        choices = []
        nxt_word = None  # first word of the item after this one, None at the island's end
        end = hi
        while end > lo:
            _, prev_key, arc = best[end - lo][key]
            if arc is None:
                start = end - 1
                nxt_word = norms[start]
                end, key = start, prev_key
                continue
            start, words = arc[0], arc[2]
            prev = prev_key if joined[start] else None
            nxt = nxt_word if nxt_word is not None and joined[end] else None
            new = 0.0
            p = prev
            for w in words:
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
            choices.append(_new_choice(Choice, (arc, -arc[4] + new - old)))
            nxt_word = words[0]
            end, key = start, prev_key
        choices.reverse()
        return choices
