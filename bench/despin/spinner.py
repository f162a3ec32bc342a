"""Context-blind thesaurus spinners, to make spun text whose truth we know.

It imitates the spinner behind seed 002: a thesaurus of synonym sets, every
occurrence of a set member swapped for another member of its set without
looking at the context, longest phrase first, first-letter case kept,
articles left as they were, and a few unresolved single-option braces
("{that a}"). The thesaurus is built from WordNet (each common word's most
frequent sense) filtered by `wordfreq` frequencies, not from the despin
lexicon, so scoring the repair on this text is not circular with it.

Two thesauri:
  * `Thesaurus` ("wordnet"): every common word's most frequent WordNet sense,
    with whatever members pass a frequency floor. Harsh: "last" goes to
    "finale" because that synset's other members are common enough.
  * `CuratedThesaurus` ("curated"): built the way a hand-made thesaurus of
    common synonym sets is, i.e. a set only groups words that *mainly* mean
    the same thing: every member's own most frequent sense (same part of
    speech) is the set's sense, and every member is a common word. This is
    closer to seed 002's spinner ("crew" for team, "gross sales" for sales),
    whose swaps are between everyday words.
"""

from __future__ import annotations

import difflib
import random
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

from pipeline.despin.tokens import apply_case, tokenize
from pipeline.despin.wordnet_data import POS_FILES, analyses, find_wordnet_dir, inflections, load_wordnet

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
        return self.replacement_for(word, analyses(self.wn, word), rng)

    def replacement_for(self, word: str, readings, rng: random.Random) -> str | None:
        if _zipf(word) > MAX_ZIPF:
            return None
        for lemma, pos, form in readings:
            members = self.synonym_set(lemma, pos)
            others = [m for m in members if m != lemma]
            if not others:
                continue
            choice = rng.choice(others)
            forms = [f for f in inflections(self.wn, choice, pos, form) if _zipf(f.split()[-1]) > 1.0]
            if forms:
                return max(forms, key=_zipf)
        return None


class CuratedThesaurus(Thesaurus):
    """Synonym sets of a curated thesaurus: mutual main senses, common members."""

    #: a curated thesaurus lists everyday words only
    MIN_MEMBER_ZIPF = 3.8

    @lru_cache(maxsize=100_000)
    def synonym_set(self, lemma: str, pos: str) -> tuple[str, ...]:
        if not MIN_ZIPF <= _zipf(lemma) <= MAX_ZIPF:
            return ()
        senses = self.wn.senses.get((lemma, pos), ())
        if not senses:
            return ()
        sense = senses[0]
        members = tuple(m for m in self.wn.synsets[sense]
                        if len(m.split()) <= 2 and m.replace(" ", "").isalpha() and m not in self.wn.proper
                        and _zipf(m) >= self.MIN_MEMBER_ZIPF
                        and self.wn.senses.get((m, pos), ("",))[0] == sense)
        # a thesaurus lists words, not spellings: of "programme"/"program" keep one
        kept: list[str] = []
        for m in members:
            if not any(_same_word(m, k) for k in kept):
                kept.append(m)
        members = tuple(kept)[:MAX_SET]
        return members if lemma in members and len(members) > 1 else ()

    def replacement(self, word: str, rng: random.Random) -> str | None:
        # a thesaurus files a word form under its dominant use only ("found"
        # under find, not under found = establish): the reading whose lemma
        # has the most sense-tagged occurrences in WordNet's corpus
        readings = analyses(self.wn, word)
        if not readings:
            return None
        counts = _tagged_counts()
        top = max(readings, key=lambda r: counts.get((r[0], r[1]), 0))
        return super().replacement_for(word, [top], rng)


def _same_word(a: str, b: str) -> bool:
    """Spelling variants (harbour/harbor, organise/organize): same start, nearly the same letters."""
    return a[:3] == b[:3] and difflib.SequenceMatcher(a=a, b=b).ratio() >= 0.8


@lru_cache(maxsize=1)
def _tagged_counts() -> dict[tuple[str, str], int]:
    """(lemma, pos) -> sense-tagged occurrences (the index files' tagsense_cnt)."""
    root, counts = find_wordnet_dir(), {}
    for pos, name in POS_FILES.items():
        with open(root / f"index.{name}", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("  "):
                    continue
                parts = line.split()
                n_pointers = int(parts[3])
                counts[(parts[0].replace("_", " "), pos)] = int(parts[5 + n_pointers])
    return counts


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


def spin_document(text: str, seed: int, brace_rate: float = 0.15, kind: str = "wordnet"):
    """Spin every paragraph (line) of a document; offsets are document-wide.
    `kind`: "wordnet" (harsh, any common member of the main sense) or
    "curated" (mutual main senses of common words, see CuratedThesaurus)."""
    thesaurus = _thesaurus(kind)
    rng = random.Random(seed)
    out, subs, offset = [], [], 0
    for line in text.splitlines(keepends=True):
        spun, line_subs = spin_paragraph(line, thesaurus, rng, brace_rate)
        subs += [Substitution(s.start + offset, s.end + offset, s.original, s.spun) for s in line_subs]
        out.append(spun)
        offset += len(spun)
    return "".join(out), subs


@lru_cache(maxsize=2)
def _thesaurus(kind: str = "wordnet") -> Thesaurus:
    if kind not in ("wordnet", "curated"):
        raise ValueError(f"unknown thesaurus kind {kind!r}")
    return CuratedThesaurus() if kind == "curated" else Thesaurus()
