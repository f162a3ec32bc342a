"""A context-blind thesaurus spinner, to make spun text whose truth we know.

It imitates the spinner behind seed 002: a thesaurus of synonym sets, every
occurrence of a set member swapped for another member of its set without
looking at the context, longest phrase first, first-letter case kept,
articles left as they were, and a few unresolved single-option braces
("{that a}"). The thesaurus is built from WordNet (each common word's most
frequent sense) filtered by `wordfreq` frequencies, not from the despin
lexicon, so scoring the repair on this text is not circular with it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

from pipeline.despin.tokens import apply_case, tokenize
from pipeline.despin.wordnet_data import analyses, inflections, load_wordnet

#: the ~150 most frequent English words (be, have, of, ...) are left alone, as
#: real spinners' thesauri leave them
MAX_ZIPF = 6.1
MIN_ZIPF = 3.5
MAX_SET = 4
BRACE_PAIRS = ("that a", "of the", "and the", "in a", "to the", "for a", "with the", "on the")


@dataclass(frozen=True, slots=True)
class Substitution:
    start: int
    end: int
    original: str
    spun: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "original": self.original, "spun": self.spun}


class Thesaurus:
    """word (lemma, pos) -> the synonym set the spinner swaps it within."""

    def __init__(self) -> None:
        self.wn = load_wordnet()

    @lru_cache(maxsize=100_000)
    def synonym_set(self, lemma: str, pos: str) -> tuple[str, ...]:
        if not MIN_ZIPF <= _zipf(lemma) <= MAX_ZIPF:
            return ()
        senses = self.wn.senses.get((lemma, pos), ())
        if not senses:
            return ()
        members = tuple(m for m in self.wn.synsets[senses[0]]
                        if len(m.split()) <= 2 and _zipf(m) >= MIN_ZIPF
                        and m.replace(" ", "").isalpha() and m not in self.wn.proper)[:MAX_SET]
        return members if lemma in members and len(members) > 1 else ()

    def replacement(self, word: str, rng: random.Random) -> str | None:
        if _zipf(word) > MAX_ZIPF:
            return None
        for lemma, pos, form in analyses(self.wn, word):
            members = self.synonym_set(lemma, pos)
            others = [m for m in members if m != lemma]
            if not others:
                continue
            choice = rng.choice(others)
            forms = [f for f in inflections(self.wn, choice, pos, form) if _zipf(f.split()[-1]) > 1.0]
            if forms:
                return max(forms, key=_zipf)
        return None


@lru_cache(maxsize=200_000)
def _zipf(phrase: str) -> float:
    return zipf_frequency(phrase, "en")


def spin_paragraph(text: str, thesaurus: Thesaurus, rng: random.Random, brace_rate: float):
    """Spun text and the substitutions, with offsets in the spun text."""
    tokens = tokenize(text)
    out, subs, cursor, i = [], [], 0, 0
    while i < len(tokens):
        span, replacement = _longest_match(tokens, i, thesaurus, rng)
        if replacement is None:
            i += 1
            continue
        first, last = tokens[i], tokens[i + span - 1]
        out.append(text[cursor:first.start])
        original = text[first.start:last.end]
        spun = apply_case(first.text, replacement)
        start = sum(len(p) for p in out)
        out.append(spun)
        subs.append(Substitution(start, start + len(spun), original, spun))
        cursor, i = last.end, i + span
    out.append(text[cursor:])
    spun_text = "".join(out)
    if rng.random() < brace_rate:
        spun_text, subs = _add_brace(spun_text, subs, rng)
    return spun_text, subs


def _longest_match(tokens, i, thesaurus: Thesaurus, rng):
    for span in (3, 2, 1):
        if i + span > len(tokens) or any(not t.joined for t in tokens[i + 1:i + span]):
            continue
        words = " ".join(t.norm for t in tokens[i:i + span])
        if span > 1 and not thesaurus.wn.has(words, "n") and not thesaurus.wn.has(words, "v"):
            continue
        replacement = thesaurus.replacement(words, rng)
        if replacement is not None:
            return span, replacement
    return 1, None


def _add_brace(text: str, subs: list[Substitution], rng: random.Random):
    """Wrap one untouched two-word phrase in braces, as a spin-syntax group
    with a single option that the spinner left unresolved."""
    spots = []
    for pair in BRACE_PAIRS:
        start = text.find(f" {pair} ")
        if start >= 0 and not any(s.start <= start + 1 < s.end for s in subs):
            spots.append((start + 1, pair))
    if not spots:
        return text, subs
    start, pair = rng.choice(sorted(spots))
    spun = "{" + pair + "}"
    shifted = [s if s.end <= start else Substitution(s.start + 2, s.end + 2, s.original, s.spun) for s in subs]
    shifted.append(Substitution(start, start + len(spun), pair, spun))
    return text[:start] + spun + text[start + len(pair):], sorted(shifted, key=lambda s: s.start)


def spin_document(text: str, seed: int, brace_rate: float = 0.15):
    """Spin every paragraph (line) of a document; offsets are document-wide."""
    thesaurus = _thesaurus()
    rng = random.Random(seed)
    out, subs, offset = [], [], 0
    for line in text.splitlines(keepends=True):
        spun, line_subs = spin_paragraph(line, thesaurus, rng, brace_rate)
        subs += [Substitution(s.start + offset, s.end + offset, s.original, s.spun) for s in line_subs]
        out.append(spun)
        offset += len(spun)
    return "".join(out), subs


@lru_cache(maxsize=1)
def _thesaurus() -> Thesaurus:
    return Thesaurus()
