"""Word-level differences that stay fast on long paragraphs.

difflib's SequenceMatcher is quadratic in the worst case, and a token list is
that case: the whitespace token and the commonest words recur thousands of
times in a long paragraph (a 146 KB one took minutes). So a changed block of
more than DIRECT_TOKENS tokens loses its common head and tail, the rest is cut
into chunks at content-defined points (sentence ends, and words whose hash
picks them), the chunk lists are matched (chunks rarely repeat, so this is
near-linear), and only the runs of changed chunks are matched word by word. Small blocks are matched token by
token as before, so ordinary diffs are unchanged.
"""

from __future__ import annotations

import difflib
import re
import zlib
from typing import Iterator

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_SENTENCE_END = frozenset(".!?…")

#: Up to this many tokens (both sides together) a stretch is matched token by
#: token (~0.2 s at worst, when nothing in it matches).
DIRECT_TOKENS = 2_000
#: A chunk ends after at least this many tokens, at a sentence end or a
#: hash-picked word: tiny chunks ("of the ") repeat, and repeated chunks are
#: poor anchors.
MIN_CHUNK_TOKENS = 8
#: ... and at the latest after this many (a text with no boundary at all).
MAX_CHUNK_TOKENS = 200
#: A word ends a chunk when its hash modulo this is 0: ~ every 16th word,
#: chosen by the word itself, so both texts cut their common parts alike.
_HASH_EVERY = 16

#: (op, old text, new text), op in equal, replace, delete, insert.
Op = tuple[str, str, str]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _chunks(toks: list[str]) -> list[str]:
    """Consecutive token runs joined into strings; a chunk ends after the
    whitespace that follows a sentence end or a hash-picked word. The cut
    points depend only on the text around them, so after a change both sides
    cut alike again within a chunk or two."""
    out: list[str] = []
    start = 0
    for index, tok in enumerate(toks):
        size = index + 1 - start
        cut = size >= MIN_CHUNK_TOKENS and tok.isspace() and index > 0 and _ends(toks[index - 1])
        if cut or size >= MAX_CHUNK_TOKENS:
            out.append("".join(toks[start:index + 1]))
            start = index + 1
    if start < len(toks):
        out.append("".join(toks[start:]))
    return out


def _ends(tok: str) -> bool:
    return tok[-1] in _SENTENCE_END or zlib.crc32(tok.encode("utf-8")) % _HASH_EVERY == 0


def _direct(toks_a: list[str], toks_b: list[str]) -> Iterator[Op]:
    matcher = difflib.SequenceMatcher(None, toks_a, toks_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        yield op, "".join(toks_a[i1:i2]), "".join(toks_b[j1:j2])


def _anchored(toks_a: list[str], toks_b: list[str], notes: list[str] | None) -> Iterator[Op]:
    if len(toks_a) + len(toks_b) <= DIRECT_TOKENS:
        yield from _direct(toks_a, toks_b)
        return
    chunks_a, chunks_b = _chunks(toks_a), _chunks(toks_b)
    # autojunk: a chunk repeated all over (a refrain) must not make the match
    # quadratic again; it only stops serving as an anchor.
    matcher = difflib.SequenceMatcher(None, chunks_a, chunks_b, autojunk=True)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = chunks_a[i1:i2], chunks_b[j1:j2]
        if op == "equal":
            yield op, "".join(old), "".join(new)
            continue
        sub_a, sub_b = tokens("".join(old)), tokens("".join(new))
        if len(sub_a) + len(sub_b) <= DIRECT_TOKENS:
            yield from _direct(sub_a, sub_b)
            continue
        # A long stretch with nothing in common to anchor on (a rewrite):
        # sentence by sentence (chunk by chunk) rather than minutes of matching.
        if notes is not None:
            words = sum(1 for tok in (*sub_a, *sub_b) if not tok.isspace())
            notes.append(f"a changed stretch of {words} words has no unchanged sentence to anchor on: "
                         "it is compared sentence by sentence, not word by word")
        yield from _chunk_level(old, new)


def _common_ends(toks_a: list[str], toks_b: list[str]) -> tuple[int, int]:
    """Lengths of the common token prefix and suffix (not overlapping): one
    change in a long, repetitive paragraph needs no matching at all."""
    limit = min(len(toks_a), len(toks_b))
    head = 0
    while head < limit and toks_a[head] == toks_b[head]:
        head += 1
    tail = 0
    while tail < limit - head and toks_a[-1 - tail] == toks_b[-1 - tail]:
        tail += 1
    return head, tail


def _chunk_level(old: list[str], new: list[str]) -> Iterator[Op]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=True)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        yield op, "".join(old[i1:i2]), "".join(new[j1:j2])


def word_ops(text_a: str, text_b: str, notes: list[str] | None = None) -> Iterator[Op]:
    """The word-level differences of two blocks of text, in order. `notes`
    receives a sentence for each stretch compared more coarsely than by word."""
    toks_a, toks_b = tokens(text_a), tokens(text_b)
    if len(toks_a) + len(toks_b) <= DIRECT_TOKENS:
        yield from _direct(toks_a, toks_b)  # as always: ordinary diffs stay as they were
        return
    head, tail = _common_ends(toks_a, toks_b)
    if head:
        yield "equal", "".join(toks_a[:head]), "".join(toks_b[:head])
    yield from _anchored(toks_a[head:len(toks_a) - tail], toks_b[head:len(toks_b) - tail], notes)
    if tail:
        yield "equal", "".join(toks_a[len(toks_a) - tail:]), "".join(toks_b[len(toks_b) - tail:])
