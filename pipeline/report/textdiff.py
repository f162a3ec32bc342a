"""Text differences as segments the templates mark up: ("eq" | "del" | "ins", text).

Lines are matched first and words only inside changed blocks (the approach of
`pipeline.diffing.word_diff`, with `pipeline.worddiff` for the words): a
token-level match over a whole article is quadratic. Long unchanged stretches are folded to a few lines of context so
that a report of hundreds of documents stays small.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from pipeline.worddiff import word_ops

@dataclass(frozen=True)
class Segment:
    kind: str  # eq, del, ins, fold (a folded unchanged stretch; text says how many lines)
    text: str


def _merge(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        if not seg.text:
            continue
        if out and out[-1].kind == seg.kind and seg.kind != "fold":
            out[-1] = Segment(seg.kind, out[-1].text + seg.text)
        else:
            out.append(seg)
    return out


def word_segments(a: str, b: str) -> list[Segment]:
    """Word-level segments of a changed block, by `pipeline.worddiff` (near
    linear on long paragraphs: a block of any size is shown word by word)."""
    out: list[Segment] = []
    for op, old, new in word_ops(a, b):
        if op == "equal":
            out.append(Segment("eq", old))
        else:
            out += [Segment("del", old), Segment("ins", new)]
    return _merge(out)


def char_segments(a: str, b: str) -> list[Segment]:
    """Character-level difference of two short strings (an encoding repair)."""
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Segment("eq", a[i1:i2]))
        else:
            out.append(Segment("del", a[i1:i2]))
            out.append(Segment("ins", b[j1:j2]))
    return _merge(out)


def trim_equal(segments: list[Segment], keep: int = 40) -> list[Segment]:
    """Shorten long unchanged runs of a one-line difference to `keep`
    characters on each side of a change, with a "gap" in between."""
    out: list[Segment] = []
    for position, seg in enumerate(segments):
        if seg.kind != "eq" or len(seg.text) <= 2 * keep + 10:
            out.append(seg)
            continue
        head = seg.text[:keep] if position > 0 else ""
        tail = seg.text[-keep:] if position < len(segments) - 1 else ""
        out += [Segment("eq", head), Segment("gap", "…"), Segment("eq", tail)]
    return [s for s in out if s.text]


def _fold(lines: list[str], context: int, first: bool, last: bool) -> list[Segment]:
    """An unchanged block: keep `context` lines next to each change, fold the rest."""
    head = [] if first else lines[:context]
    tail = [] if last else lines[-context:] if context else []
    if len(head) + len(tail) >= len(lines):
        return [Segment("eq", "".join(lines))]
    hidden = len(lines) - len(head) - len(tail)
    return [Segment("eq", "".join(head)), Segment("fold", f"{hidden} unchanged line{'s' * (hidden != 1)}"),
            Segment("eq", "".join(tail))]


def text_segments(a: str, b: str, context: int | None = 2) -> list[Segment]:
    """Word-level diff of two texts; context=None keeps every unchanged line."""
    lines_a, lines_b = a.splitlines(keepends=True), b.splitlines(keepends=True)
    # autojunk as in `diffing`: without it, blank lines (hundreds in a long
    # article) make the line match slow, and they anchor nothing
    opcodes = difflib.SequenceMatcher(None, lines_a, lines_b).get_opcodes()
    out: list[Segment] = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            block = lines_a[i1:i2]
            out += [Segment("eq", "".join(block))] if context is None else \
                _fold(block, context, first=index == 0, last=index == len(opcodes) - 1)
        else:
            out += word_segments("".join(lines_a[i1:i2]), "".join(lines_b[j1:j2]))
    return _merge(out)


def counts(segments: list[Segment]) -> tuple[int, int]:
    """(characters inserted, characters deleted): a size for the summary."""
    inserted = sum(len(s.text) for s in segments if s.kind == "ins")
    deleted = sum(len(s.text) for s in segments if s.kind == "del")
    return inserted, deleted


def fold_equal(segments: list, context: int = 1) -> list:
    """Fold unchanged text far from any change into a "fold" segment; other
    segments (changes, and the despin view's edits) pass through."""
    out = []
    for position, seg in enumerate(segments):
        lines = seg.text.splitlines(keepends=True) if seg.kind == "eq" else []
        if len(lines) <= 2 * context + 1:
            out.append(seg)
            continue
        head = lines[:context] if position > 0 else []
        tail = lines[-context:] if position < len(segments) - 1 else []
        hidden = len(lines) - len(head) - len(tail)
        out += [Segment("eq", "".join(head)), Segment("fold", f"{hidden} unchanged lines"),
                Segment("eq", "".join(tail))]
    return [s for s in out if s.kind != "eq" or s.text]
