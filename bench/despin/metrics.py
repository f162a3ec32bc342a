"""Scoring repairs against known substitutions.

A truth substitution and the edits that overlap it are judged together (a
cluster of overlapping spans): if applying the edits to the cluster gives
the original text, every substitution in it counts as restored and every
edit as correct. Otherwise the cluster is judged word by word (`_word_level`):
an edit is correct when the words it wrote line up with the original, a
substitution restored when its original words line up with the repaired text.
Edits that touch no substitution are damage.

Truth spans of hand-restored text come from aligning the spun line with the
restored one, segment by segment between punctuation (`truth_from_alignment`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from pipeline.despin.repair import BRACE_RE
from pipeline.despin.tokens import tokenize


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str  # the original (truth) or the replacement (edit)


@dataclass(slots=True)
class Score:
    substitutions: int = 0
    restored: int = 0
    edits: int = 0
    correct: int = 0

    def add(self, other: "Score") -> None:
        self.substitutions += other.substitutions
        self.restored += other.restored
        self.edits += other.edits
        self.correct += other.correct

    def as_dict(self) -> dict:
        return {"substitutions": self.substitutions, "restored": self.restored, "edits": self.edits,
                "correct_edits": self.correct, "recall": _ratio(self.restored, self.substitutions),
                "precision": _ratio(self.correct, self.edits)}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _clusters(truth: list[Span], edits: list[Span]):
    items = sorted([(s.start, s.end, "t", s) for s in truth] + [(e.start, e.end, "e", e) for e in edits],
                   key=lambda x: (x[0], x[1]))
    clusters: list[list] = []
    end = -1
    for item in items:
        if clusters and item[0] < end:
            clusters[-1].append(item)
            end = max(end, item[1])
        else:
            clusters.append([item])
            end = item[1]
    return clusters


def _apply(text: str, base: int, spans: list[Span]) -> str:
    out, cursor = [], base
    for s in sorted(spans, key=lambda s: s.start):
        out.append(text[cursor:s.start])
        out.append(s.text)
        cursor = s.end
    out.append(text[cursor:])
    return "".join(out)


def score_document(spun: str, truth: list[Span], edits: list[Span]) -> Score:
    score = Score(substitutions=len(truth), edits=len(edits))
    for cluster in _clusters(truth, edits):
        subs = [c[3] for c in cluster if c[2] == "t"]
        eds = [c[3] for c in cluster if c[2] == "e"]
        lo, hi = min(c[0] for c in cluster), max(c[1] for c in cluster)
        if subs and eds and _apply(spun[:hi], lo, subs) == _apply(spun[:hi], lo, eds):
            score.restored += len(subs)
            score.correct += len(eds)
            continue
        restored, correct = _word_level(spun, lo, hi, subs, eds)
        score.restored += restored
        score.correct += correct
    return score


_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")


def _tagged_words(text: str, lo: int, hi: int, spans: list[Span]) -> list[tuple[str, int]]:
    """Words of text[lo:hi] with the spans applied, each tagged with the index
    of the span that produced it (-1: unchanged text)."""
    out, cursor = [], lo
    for k, span in enumerate(sorted(spans, key=lambda s: s.start)):
        out += [(w, -1) for w in _WORD.findall(text[cursor:span.start])]
        out += [(w, k) for w in _WORD.findall(span.text)]
        cursor = span.end
    return out + [(w, -1) for w in _WORD.findall(text[cursor:hi])]


def _word_level(spun: str, lo: int, hi: int, subs: list[Span], eds: list[Span]) -> tuple[int, int]:
    """A cluster whose edits do not give the original as a whole is judged
    word by word: the repaired and the original cluster are aligned, an edit
    is correct when every word it wrote lines up with the original, and a
    substitution is restored when every original word lines up with the
    repaired text. So "advertising and marketing" -> "marketing" counts as
    right even when the neighbouring "worldwide" was restored wrongly."""
    repaired, truth = _tagged_words(spun, lo, hi, eds), _tagged_words(spun, lo, hi, subs)
    matcher = difflib.SequenceMatcher(a=[w for w, _ in repaired], b=[w for w, _ in truth], autojunk=False)
    same_r, same_t = set(), set()
    for block in matcher.get_matching_blocks():
        same_r.update(range(block.a, block.a + block.size))
        same_t.update(range(block.b, block.b + block.size))
    edits_ok = _all_aligned(repaired, same_r, len(eds))
    subs_ok = _all_aligned(truth, same_t, len(subs))
    eds_sorted, subs_sorted = sorted(eds, key=lambda s: s.start), sorted(subs, key=lambda s: s.start)
    for k, sub in enumerate(subs_sorted):
        if not sub.text.strip():  # a deletion is restored when an edit removes its words
            subs_ok[k] = any(e.start <= sub.start and sub.end <= e.end for e in eds_sorted)
        elif not any(e.start < sub.end and sub.start < e.end for e in eds_sorted):
            subs_ok[k] = False  # untouched: "software program" still holds "software", yet nothing was restored
    return sum(subs_ok), sum(edits_ok)


def _all_aligned(words: list[tuple[str, int]], same: set[int], n: int) -> list[bool]:
    ok, seen = [True] * n, [False] * n
    for i, (_, tag) in enumerate(words):
        if tag >= 0:
            seen[tag] = True
            ok[tag] = ok[tag] and i in same
    return [a and b for a, b in zip(ok, seen)]


def _segments(text: str, tokens) -> list[tuple[int, int]]:
    """Token ranges separated by punctuation (anything but blanks, hyphens
    and spin braces between two words)."""
    cuts = [k for k in range(1, len(tokens)) if text[tokens[k - 1].end:tokens[k].start].strip(" -{}")]
    bounds = [0, *cuts, len(tokens)]
    return list(zip(bounds, bounds[1:]))


def truth_from_alignment(spun: str, original: str) -> list[Span]:
    """Substituted spans of `spun` found by aligning its words with the
    original's (for hand-restored text, where no spinner log exists).

    The spinner replaces phrases of adjacent words and never across
    punctuation, so when both lines have the same punctuation-delimited
    segments they are aligned segment by segment: otherwise a word match
    elsewhere ("sales" in "improvement, gross sales" / "development, sales")
    can merge two substitutions into one span across a comma."""
    a, b = tokenize(spun), tokenize(original)
    left, right = _segments(spun, a), _segments(original, b)
    pairs = list(zip(left, right)) if len(left) == len(right) else [((0, len(a)), (0, len(b)))]
    spans = []
    for (lo, hi), (blo, bhi) in pairs:
        spans += _segment_spans(spun, original, a, b, lo, hi, blo, bhi)
    spans += [Span(m.start(), m.end(), m.group(1)) for m in BRACE_RE.finditer(spun) if "|" not in m.group(1)]
    return sorted(spans, key=lambda s: s.start)


def truth_from_lines(spun: str, original: str) -> list[Span]:
    """`truth_from_alignment` line by line, for a spun text and its original
    with the same lines (the spinner never substitutes across a line break)."""
    truth, start = [], 0
    for line, orig in zip(spun.split("\n"), original.split("\n"), strict=True):
        truth += [Span(s.start + start, s.end + start, s.text) for s in truth_from_alignment(line, orig)]
        start += len(line) + 1
    return truth


def _segment_spans(spun: str, original: str, a, b, lo: int, hi: int, blo: int, bhi: int) -> list[Span]:
    matcher = difflib.SequenceMatcher(a=[t.text for t in a[lo:hi]], b=[t.text for t in b[blo:bhi]], autojunk=False)
    spans = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        i1, i2, j1, j2 = i1 + lo, i2 + lo, j1 + blo, j2 + blo
        if op == "equal":
            continue
        inserted = original[b[j1].start:b[j2 - 1].end] if j2 > j1 else ""
        if i1 == i2:  # insertion: attach it to the following spun word (else the preceding one)
            if i1 < hi:
                spans.append(Span(a[i1].start, a[i1].end, inserted + " " + a[i1].text))
            elif i1 > lo:
                spans.append(Span(a[i1 - 1].start, a[i1 - 1].end, a[i1 - 1].text + " " + inserted))
            continue
        start, end = a[i1].start, a[i2 - 1].end
        if j1 == j2:  # deletion: take one neighbouring blank too
            if end < len(spun) and spun[end] == " ":
                end += 1
            elif start > 0 and spun[start - 1] == " ":
                start -= 1
            spans.append(Span(start, end, ""))
        elif i2 - i1 == j2 - j1:  # word for word: one span per word
            spans += [Span(a[i].start, a[i].end, b[j].text) for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            spans.append(Span(start, end, inserted))
    return spans
