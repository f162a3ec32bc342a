"""Sentence batches for the neural engine.

Sentences from every paragraph and document of a chunk are sorted by length
and cut into batches by a token budget that counts padding, so a batch of
short sentences is wide and a batch of long ones narrow: little padding, and
a memory use bounded by the budget rather than by the longest document.
"""

from __future__ import annotations

from dataclasses import dataclass


#: Sentences are grouped by source length (upper bounds below, then steps of
#: 256), and a batch never spans two groups. CTranslate2's decoding limit
#: applies to a whole batch, so the limit is set from the group, not from the
#: batch's longest member: a sentence then decodes the same whatever it is
#: batched with, and batching changes speed, never output. The groups grow
#: with length (about 1.4x) so a chunk of news text falls into a handful of
#: them and batches stay full.
LENGTH_BUCKETS = (8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256)


@dataclass(frozen=True, slots=True)
class SentenceBatch:
    #: Positions in the caller's sentence list, shortest first.
    indices: tuple[int, ...]
    #: Longest source in the batch, in tokens.
    max_tokens: int
    #: Upper bound of the batch's length group (sets the decoding limit).
    bucket: int


def length_bucket(tokens: int) -> int:
    for bound in LENGTH_BUCKETS:
        if tokens <= bound:
            return bound
    return -(-tokens // 256) * 256


def plan_batches(lengths: list[int], max_batch_tokens: int, max_batch_sentences: int) -> list[SentenceBatch]:
    """Greedy cut of the length-sorted sentences; ties keep input order, so the
    plan (and with it the output) is deterministic."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    batches: list[SentenceBatch] = []
    current: list[int] = []
    for index in order:
        width = max(lengths[index], 1)
        # Sorted ascending, so the newcomer is the widest: it sets the padding.
        if current and (width * (len(current) + 1) > max_batch_tokens or len(current) >= max_batch_sentences
                        or length_bucket(width) != length_bucket(lengths[current[-1]])):
            batches.append(_batch(current, lengths))
            current = []
        current.append(index)
    if current:
        batches.append(_batch(current, lengths))
    return batches


def _batch(indices: list[int], lengths: list[int]) -> SentenceBatch:
    widest = max(lengths[indices[-1]], 1)
    return SentenceBatch(tuple(indices), widest, length_bucket(widest))
