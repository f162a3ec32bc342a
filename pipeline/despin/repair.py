"""Proposed repairs for one paragraph: braces, lexicon, WordNet, articles.

`Despinner.analyze` builds the lattice of a paragraph, decodes the islands
where alternatives exist, and returns every proposed edit with its
confidence. Nothing is applied here: the stage decides, from the detector's
verdict, which paragraphs get their edits. A `Despinner` also carries the
cheap `Screen` for the same layers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.despin.candidates import (FUNCTION_WORDS, Arc, LatticeCosts, WordNetCandidates, lexicon_arcs,
                                        wordnet_arcs)
from pipeline.despin.decoder import Choice, Decoder, article_mismatch
from pipeline.despin.language_model import BigramModel
from pipeline.despin.lexicon import SpinLexicon
from pipeline.despin.screen import Screen
from pipeline.despin.tokens import Token, apply_case, title_case, tokenize

# "{that a}" or "{a|b|c}": spin syntax the spinner failed to resolve
_new_arc = tuple.__new__
BRACE_RE = re.compile(r"\{([A-Za-z][A-Za-z '’\-]{0,60}(?:\|[A-Za-z '’\-]{1,60})*)\}")
LAYERS = ("braces", "lexicon", "wordnet", "articles")


class Edit(NamedTuple):
    """A proposed replacement of text[start:end] (a named tuple: a spun
    paragraph makes dozens, and a frozen dataclass costs four times as much)."""

    start: int
    end: int
    before: str
    after: str
    layer: str
    confidence: float
    #: the layer whose choice this edit serves (an article fix serves the word after it)
    basis: str = ""

    def to_dict(self, base: int = 0) -> dict:
        return {"offset": self.start + base, "from": self.before, "to": self.after,
                "layer": self.layer, "confidence": round(self.confidence, 3)}


@dataclass(slots=True)
class ParagraphAnalysis:
    words: int
    edits: list[Edit] = field(default_factory=list)
    #: words that the lexicon knows as one-word spun forms (detection evidence,
    #: counted here from the tokens instead of a second screening pass)
    lexicon_forms: int = 0

    def confident_edits(self, min_confidence: float, basis: str | None = None) -> list[Edit]:
        return [e for e in self.edits if e.confidence >= min_confidence and (basis is None or e.basis == basis)]


def confidence_from_gain(gain: float) -> float:
    return max(0.0, 1.0 - math.pow(10.0, -gain)) if gain > 0 else 0.0


class Despinner:
    """`tables`: the WordNet layer's precomputed tables (default: from the
    on-disk cache, pipeline.despin.tables); the WordNet database itself is
    read only to build them."""

    def __init__(self, lm: BigramModel, lex: SpinLexicon, layers=LAYERS, costs: LatticeCosts = LatticeCosts(),
                 tables: dict | None = None):
        self.lm, self.lex, self.layers, self.costs = lm, lex, frozenset(layers), costs
        self.decoder = Decoder(lm)
        self.wordnet = None
        if "wordnet" in self.layers:
            if tables is None:
                from pipeline.despin.tables import wordnet_tables  # noqa: PLC0415

                tables = wordnet_tables(costs)
            self.wordnet = WordNetCandidates(None, lm, costs, tables)
            self.wordnet.logp = self.decoder.logp  # share the decoder's memo of scores
        self.screen = Screen(lex if "lexicon" in self.layers else SpinLexicon(),
                             tables["suspicious"] if self.wordnet is not None else None)

    def analyze(self, text: str, lexicon_words: frozenset[str] | None = None) -> ParagraphAnalysis:
        """Proposed edits of one paragraph. `lexicon_words`: the one-word spun
        forms to count as evidence (default: this repairer's own lexicon; the
        stage passes the full lexicon's even when the lexicon layer is off)."""
        tokens = tokenize(text)
        brace_edits, protected = self._braces(text, tokens)
        arcs = self._lattice(tokens, text, protected)
        lexicon_words = self.screen.lexicon_words if lexicon_words is None else lexicon_words
        analysis = ParagraphAnalysis(len(tokens), list(brace_edits),
                                     sum(1 for t in tokens if t.norm in lexicon_words))
        changed = [c for c in self._decode(tokens, arcs)
                   if c.arc.words != _kept(tokens, c.arc) and not _unsupported_restructuring(c)]
        for choice in changed:
            analysis.edits.extend(self._render(text, tokens, choice))
        if "articles" in self.layers:
            analysis.edits.extend(self._articles(text, tokens, changed))
        analysis.edits.sort(key=lambda e: e.start)
        return analysis

    # -- lattice -------------------------------------------------------------
    def _lattice(self, tokens: list[Token], text: str, protected: set[int]) -> list[Arc]:
        arcs: list[Arc] = []
        if "lexicon" in self.layers:
            arcs += lexicon_arcs(tokens, self.lex, self.costs)
        if self.wordnet is not None:
            arcs += wordnet_arcs(tokens, text, self.wordnet, self.costs)
        if protected:
            arcs = [a for a in arcs if not protected.intersection(range(a.start, a.end))]
        return arcs

    # -- decoding --------------------------------------------------------------
    def _decode(self, tokens: list[Token], arcs: list[Arc]) -> list[Choice]:
        """Decode the islands around alternatives. Keeping a word costs
        nothing (every other arc is priced against it); keep arcs are made
        only inside islands, since most words of a paragraph lie outside."""
        by_start: dict[int, list[Arc]] = {}
        for arc in arcs:
            by_start.setdefault(arc.start, []).append(arc)
        choices: list[Choice] = []
        decoder = self.decoder
        for lo, hi in _islands(len(tokens), arcs):
            context = tokens[lo - 1].norm if lo and tokens[lo].joined else None
            here = by_start[lo]
            if hi - lo <= 2 and all(a.end == lo + 1 for a in here):
                # one position, its alternatives replace just that word
                choice = decoder.best_single(tokens, here, lo, context)
                if choice is not None:
                    choices.append(choice)
                continue
            for i in range(lo, hi):
                by_start.setdefault(i, []).append(_new_arc(Arc, (i, i + 1, (tokens[i].norm,), "keep", 0.0, False)))
            path = decoder.decode(tokens, by_start, lo, hi, context)
            choices += decoder.gains(tokens, path, context)
        return choices

    # -- rendering -------------------------------------------------------------
    def _render(self, text: str, tokens: list[Token], choice: Choice) -> list[Edit]:
        arc, span = choice.arc, tokens[choice.arc.start:choice.arc.end]
        conf = confidence_from_gain(choice.gain)
        curly = "’" in text
        if len(arc.words) == len(span):
            return [Edit(t.start, t.end, t.text, _fix_apostrophe(apply_case(t.text, w), curly), arc.layer, conf,
                         arc.layer) for t, w in zip(span, arc.words) if w != t.norm]
        words = list(arc.words)
        if len(span) > 1 and all(t.text[0].isupper() for t in span):
            replacement = " ".join(title_case(words))
        else:
            replacement = apply_case(span[0].text, " ".join(words))
        start, end = span[0].start, span[-1].end
        return [Edit(start, end, text[start:end], _fix_apostrophe(replacement, curly), arc.layer, conf, arc.layer)]

    def _articles(self, text: str, tokens: list[Token], changed: list[Choice]) -> list[Edit]:
        edits = []
        changed_starts = {c.arc.start for c in changed}
        for choice in changed:
            i = choice.arc.start
            if i == 0 or not tokens[i].joined or (i - 1) in changed_starts:
                continue
            article = tokens[i - 1]
            if article_mismatch(article.norm, choice.arc.words[0]):
                fixed = "an" if article.norm == "a" else "a"
                edits.append(Edit(article.start, article.end, article.text, apply_case(article.text, fixed),
                                  "articles", confidence_from_gain(choice.gain), choice.arc.layer))
        return edits

    def _braces(self, text: str, tokens: list[Token]) -> tuple[list[Edit], set[int]]:
        edits, protected = [], set()
        if "braces" not in self.layers or "{" not in text:
            return edits, protected
        for match in BRACE_RE.finditer(text):
            options = [o.strip() for o in match.group(1).split("|") if o.strip()]
            best, margin = self._best_option(text, match, options)
            edits.append(Edit(match.start(), match.end(), match.group(), best, "braces", margin, "braces"))
            protected.update(i for i, t in enumerate(tokens) if match.start() <= t.start < match.end())
        return edits, protected

    def _best_option(self, text: str, match: re.Match, options: list[str]) -> tuple[str, float]:
        if len(options) == 1:
            return options[0], 1.0
        left = tokenize(text[:match.start()])
        right = tokenize(text[match.end():])
        prev = left[-1].norm if left else None
        nxt = right[0].norm if right else None
        scored = sorted(((self.decoder.seq_score(tuple(o.lower().split()), prev, nxt), o) for o in options),
                        reverse=True)
        return scored[0][1], confidence_from_gain(scored[0][0] - scored[1][0])


def _unsupported_restructuring(choice: Choice) -> bool:
    """A weak lexicon rewrite that changes the number of words and yields a
    function word ("the place" -> "where", "have been" -> "were") changes
    the sentence's structure, not just a word: the lexicon's rank order alone
    does not license that, the context must prefer it too (log10 gain of the
    words themselves, the arc's prior cost left out, above zero). Measured on
    seed 002: such rewrites that the context disfavoured were wrong 5 times in 6."""
    arc = choice.arc
    if arc.layer != "lexicon" or arc.strong or len(arc.words) == arc.end - arc.start:
        return False
    return any(w in FUNCTION_WORDS for w in arc.words) and choice.gain + arc.cost <= 0.0


def _kept(tokens: list[Token], arc: Arc) -> tuple[str, ...]:
    return tuple(t.norm for t in tokens[arc.start:arc.end])


def _fix_apostrophe(word: str, curly: bool) -> str:
    return word.replace("'", "’") if curly else word


def _islands(n_tokens: int, arcs: list[Arc]) -> list[tuple[int, int]]:
    """Token ranges that hold alternatives, widened by one word on the right
    (its transition scores the last alternative) and merged when they touch."""
    merged: list[list[int]] = []
    for lo, hi in sorted((a.start, min(n_tokens, a.end + 1)) for a in arcs):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]
