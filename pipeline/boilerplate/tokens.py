"""Words of a line, found fast: the loop every line of every page goes through.

Two kinds of word are needed: `WORD_RE` tokens (letters and marks, joined by
apostrophes: "TikTok’s") for stop-word ratios, language guesses and glue
repair, and the `\\w+` runs of the lower-cased line that cue patterns start
with. The `regex` module takes 15-20 µs to find either in a 200-character
line. Most chunks between spaces are a plain word once the punctuation at
their edges is stripped, and `str.isalpha` recognises those in a fraction of
that; only the other chunks go through the regular expressions.

That shortcut rests on properties of Unicode as Python's `str` methods and
the `regex` module see it (their Unicode versions differ): every `isalpha`
character is `\\p{L}` and `\\w`; whitespace and `EDGE_PUNCT` are neither,
nor apostrophes. `tests/test_boilerplate_fast_paths.py` checks this for
every code point.
"""

from __future__ import annotations

import regex

WORD_RE = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*")
#: The `\w` runs cue patterns start with (same module, no flags, same `\w`).
WORD_RUN = regex.compile(r"\w+")
#: Punctuation that often sticks to a word ("said,", "(Reuters)").
EDGE_PUNCT = ".,;:!?\"()[]«»“”"


def word_tokens(text: str) -> list[str]:
    """`WORD_RE.findall(text)`."""
    tokens: list[str] = []
    for chunk in text.split():
        core = chunk.strip(EDGE_PUNCT)
        if core.isalpha():
            tokens.append(core)
        elif core:
            tokens.extend(WORD_RE.findall(chunk))
    return tokens


def word_runs(text: str) -> set[str]:
    """`set(WORD_RUN.findall(text))`."""
    runs: set[str] = set()
    for chunk in text.split():
        core = chunk.strip(EDGE_PUNCT)
        if core.isalpha():
            runs.add(core)
        elif core:
            runs.update(WORD_RUN.findall(chunk))
    return runs
