"""Scoring repairs against known substitutions.

A truth substitution and the edits that overlap it are judged together (a
cluster of overlapping spans): if applying the edits to the cluster gives
the original text, every substitution in it counts as restored and every
edit as correct. Otherwise only exact one-to-one matches count. Edits that
touch no substitution are damage.
"""

from __future__ import annotations

import difflib
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
        exact = {(e.start, e.end, e.text) for e in eds}
        matched = [s for s in subs if (s.start, s.end, s.text) in exact]
        score.restored += len(matched)
        score.correct += len(matched)
    return score


def truth_from_alignment(spun: str, original: str) -> list[Span]:
    """Substituted spans of `spun` found by aligning its words with the
    original's (for hand-restored text, where no spinner log exists)."""
    a, b = tokenize(spun), tokenize(original)
    matcher = difflib.SequenceMatcher(a=[t.text for t in a], b=[t.text for t in b], autojunk=False)
    spans = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i1 == i2:  # insertion: attach it to the following spun word
            if i1 < len(a):
                spans.append(Span(a[i1].start, a[i1].end, original[b[j1].start:b[j2 - 1].end] + " " + a[i1].text))
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
            spans.append(Span(start, end, original[b[j1].start:b[j2 - 1].end]))
    spans += [Span(m.start(), m.end(), m.group(1)) for m in BRACE_RE.finditer(spun) if "|" not in m.group(1)]
    return sorted(spans, key=lambda s: s.start)
