"""Guards on neural decoding: a length limit tied to the input, and the
detection of truncated and looping output.

CTranslate2's default limit is a flat 256 tokens, which silently cuts a long
sentence and lets a short one that loops run for 256 tokens. Here the limit
follows the source length; an output that reaches it without the end token is
*truncated*, one that ends in a repeated n-gram is *looping*; both are retried
with repetition penalties and recorded.
"""

from __future__ import annotations

from pipeline.translate.params import GuardOptions

TRUNCATED = "truncated"
LOOPING = "looping"


def decoding_limit(source_tokens: int, guards: GuardOptions) -> int:
    limit = int(guards.length_ratio * source_tokens) + guards.length_extra
    return max(1, min(limit, guards.max_decoding_length))


def retry_limit(source_tokens: int, guards: GuardOptions) -> int:
    """A retry gets twice the room, so a sentence that was merely long is not
    truncated twice, while a loop still stops at the ceiling."""
    return max(1, min(2 * decoding_limit(source_tokens, guards), guards.max_decoding_length))


def problems(source: list[str], pieces: list[str], ended: bool, guards: GuardOptions) -> list[str]:
    found = []
    if not ended:
        found.append(TRUNCATED)
    if is_looping(source, pieces, guards.loop_repeats):
        found.append(LOOPING)
    return found


def is_looping(source: list[str], pieces: list[str], repeats: int) -> bool:
    """True when some n-gram (n ≤ 4) runs `repeats` times in a row in the
    output and the source has no run as long: the runaway pattern of neural
    decoders, told apart from a source that itself repeats ("-----", "ha ha")."""
    run = longest_repeat_run(pieces)
    return run >= repeats and run > longest_repeat_run(source)


def longest_repeat_run(pieces: list[str], max_n: int = 4) -> int:
    """The most consecutive copies of any n-gram with n ≤ max_n."""
    best = 1 if pieces else 0
    for n in range(1, max_n + 1):
        for start in range(n):
            run = 1
            for i in range(start + n, len(pieces) - n + 1, n):
                run = run + 1 if pieces[i:i + n] == pieces[i - n:i] else 1
                best = max(best, run)
    return best
