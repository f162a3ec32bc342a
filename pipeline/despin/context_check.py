"""The trigram layer: a second look at each lexicon or WordNet decision, in context.

The word-pair decoder reads a spun form's originals mostly in the lexicon's
rank order: its pairs are too sparse to tell "the main parties" from "the
first parties". This pass walks the decoded paragraph left to right and, at
every span the lexicon (or WordNet) offers alternatives for, chooses again
between keeping the written words and each original, by a trigram model over the two words
before and the word after (the neighbours as already decided) plus a prior:

* the lexicon's preference for changing at all (its best original's rank
  bonus, weighted by `change_weight`) stays almost as strong as in the
  decoder: whether a word is spun is the lexicon's knowledge, not the
  context's;
* its order *among* originals (`rank_weight` of the rank steps between
  them) becomes a mild tie-break: which original fits is the context's call;
* where the best reading beats the next one by less than `abstain_margin`,
  the pass keeps the written words: such near-ties were right about half
  the time, far below the precision every edit must have.

WordNet's candidates all cost the same (`LatticeCosts.wordnet_cost`), so for
them the pass is the trigram model's word on keeping or changing, against the
same prior the decoder used (weighted by `change_weight`).

Measured (bench/despin, tests/test_despin_heldout.py) with the pocketsphinx
US English model: seed 002 recall / precision 0.868 / 0.935 -> 0.889 / 0.941,
the held-out check set 0.827 / 0.883 -> 0.861 / 0.903; the WordNet layer on
the synthetic spun set 0.358 / 0.959 -> 0.392 / 0.971, the curated one
0.171 / 0.916 -> 0.184 / 0.938. The two weights and the context's reach were
chosen on seed 002 and the held-out set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from operator import attrgetter

from pipeline.despin.candidates import Arc
from pipeline.despin.decoder import Choice
from pipeline.despin.trigram import TrigramModel

#: a span with one original that the decoder chose by this log10 gain or more
#: is not looked at again. Measured on seed 002 and the held-out set: of 984
#: such choices 3 were overturned (none at 4 or more), of 270 below it 28; a
#: strong form's one original was never overturned at all (352). 3 rather
#: than 4: the same figures, 10 % faster.
SETTLED = 3.0
#: how many decided words before a choice it is scored with (a trigram's history)
LEFT_CONTEXT = 2
#: and after it: the next word only. The word after that depends on the
#: choice too, but scoring it was worse (seed 002 0.887 / 0.941 with one
#: word, 0.882 / 0.934 with two; the held-out set equal) and about 20 % slower
RIGHT_CONTEXT = 1  # the next token's reading (a replaced token may read as several words)


@dataclass(frozen=True, slots=True)
class RecheckWeights:
    #: share of the best original's prior (its rank bonus over keeping) kept
    #: against keeping the written words (0.6-1.3 measured; 0.8 best on both sets)
    change_weight: float = 0.8
    #: share of the rank steps between originals kept (0: the context alone
    #: chooses, which lost seed 002 precision 0.935 -> 0.887; 0.1-0.2 equal)
    rank_weight: float = 0.15
    #: a change must beat the next reading (keeping, or another original) by
    #: this log10 margin, else the written words stay. Measured at 0 / 0.4
    #: (chosen on seed 002): seed 002 0.889 / 0.941 -> 0.877 / 0.955, held-out
    #: check set 0.861 / 0.903 -> 0.853 / 0.907, synthetic 0.392 / 0.971 ->
    #: 0.373 / 0.984, curated 0.184 / 0.938 -> 0.173 / 0.947 (recall / precision).
    #: Below 0.4 the changes were about half right (9 of 18 on both sets).
    abstain_margin: float = 0.4


def recheck(norms: list[str], joined: list[bool], arcs: list[Arc], choices: list[Choice],
            model: TrigramModel, weights: RecheckWeights = RecheckWeights(),
            layers: tuple[str, ...] = ("lexicon",)) -> list[Choice]:
    """The decoder's `choices` (in position order) with each span that holds
    arcs of `layers` decided again. A span where the decoder chose an arc of
    another length overlapping it is left as decoded. Where this pass agrees
    with the decoder, the decoder's choice (and its gain) is kept; where its
    best reading wins by less than `weights.abstain_margin`, the written
    words are (the decoder's choice is dropped).

    With a typed model (`typed_trigram.TypedTrigram`) the typed pass runs,
    `typed_trigram.typed_recheck`: the same decisions, step for step;
    `python_recheck` is the reference."""
    model_class, typed_pass = _typed_pass()
    if model_class is not None and type(model) is model_class:
        return typed_pass(norms, joined, arcs, choices, model, weights.change_weight, weights.rank_weight,
                          weights.abstain_margin, layers, SETTLED, LEFT_CONTEXT, RIGHT_CONTEXT, Choice)
    return python_recheck(norms, joined, arcs, choices, model, weights, layers)


@lru_cache(maxsize=1)
def _typed_pass() -> tuple:
    """(TypedTrigram, typed_recheck) where the typed module is in use, else (None, None)."""
    from pipeline.despin.compiled import typed_or  # noqa: PLC0415

    return typed_or("typed_trigram", "TypedTrigram", None), typed_or("typed_trigram", "typed_recheck", None)


def python_recheck(norms: list[str], joined: list[bool], arcs: list[Arc], choices: list[Choice],
                   model: TrigramModel, weights: RecheckWeights = RecheckWeights(),
                   layers: tuple[str, ...] = ("lexicon",)) -> list[Choice]:
    """`recheck` in Python, for any model with `window_score` (the reference)."""
    n = len(norms)
    # what each token reads as now: its words (empty inside a longer arc)
    reading: list[tuple[str, ...]] = [(w,) for w in norms]
    span_of: list[tuple[int, int] | None] = [None] * n
    decided: dict[tuple[int, int], Choice] = {}
    for choice in choices:
        arc = choice.arc
        span = (arc.start, arc.end)
        decided[span] = choice
        if arc.end == arc.start + 1:
            reading[arc.start], span_of[arc.start] = arc.words, span
        else:
            _place(reading, span_of, arc.start, arc.end, arc.words)
    window = model.window_score
    change_weight, rank_weight, margin = weights.change_weight, weights.rank_weight, weights.abstain_margin
    for span, group in groupby(sorted((a for a in arcs if a.layer in layers), key=_span), key=_span):
        alternatives = list(group)
        before = decided.get(span)
        if len(alternatives) == 1 and (alternatives[0].strong or (before is not None and before.gain >= SETTLED)):
            continue  # one original, and the decoder's choice is settled: not worth a look
        start, end = span
        if end == start + 1:  # most spans: one word
            if span_of[start] is not None and span_of[start] != span:
                continue  # inside another decided span: the decoder's reading stands
        elif any(span_of[k] is not None and span_of[k] != span for k in range(start, end)):
            continue  # inside or across another decided span: the decoder's reading stands
        left = _left_context(reading, joined, start)
        right = reading[end] if end < n and joined[end] else ()
        if len(right) > RIGHT_CONTEXT:
            right = right[:RIGHT_CONTEXT]
        written = tuple(norms[start:end])
        kept = window(left, written, right)
        best_prior = min(arc.cost for arc in alternatives) if len(alternatives) > 1 else alternatives[0].cost
        best, best_score, runner_up = None, kept, -math.inf
        for arc in alternatives:  # lattice order: the first of equals wins, as in the decoder
            prior = change_weight * best_prior + rank_weight * (arc.cost - best_prior)
            score = window(left, arc.words, right) - prior
            if score > best_score:
                best, best_score, runner_up = arc, score, best_score
            elif score > runner_up:
                runner_up = score
        if best is None or best_score - runner_up < margin:  # keep, or too close to call: keep
            if before is not None:
                del decided[span]
                _place(reading, span_of, start, end, None, written)
            continue
        if before is not None and before.arc == best:
            continue
        # recorded as this layer's decision (the provenance says who chose,
        # and from whose candidates: "lexicon+trigram", "wordnet+trigram")
        decided[span] = Choice(best._replace(layer=best.layer + "+trigram"), best_score - kept)
        _place(reading, span_of, start, end, best.words)
    return [decided[span] for span in sorted(decided)]


_span = attrgetter("start", "end")


def _place(reading, span_of, start: int, end: int, words: tuple[str, ...] | None,
           written: tuple[str, ...] = ()) -> None:
    """Tokens start..end-1 read as `words` (None: as `written`, undecided)."""
    if words is None:
        for k, word in zip(range(start, end), written):
            reading[k], span_of[k] = (word,), None
        return
    reading[start] = words
    for k in range(start + 1, end):
        reading[k] = ()
    for k in range(start, end):
        span_of[k] = (start, end)


def _left_context(reading, joined, start: int) -> tuple[str, ...]:
    """Up to LEFT_CONTEXT decided words before token `start`, not across punctuation."""
    words: tuple[str, ...] = ()
    k = start
    while k > 0 and joined[k] and len(words) < LEFT_CONTEXT:
        k -= 1
        words = reading[k] + words
    return words[-LEFT_CONTEXT:]
