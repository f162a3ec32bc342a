"""Paragraphs as the pipeline sees them: non-empty lines.

Scraped articles mark paragraphs inconsistently (seed 001 uses single newlines,
seed 000 blank lines), so every non-blank line is one paragraph. Offsets let a
stage map results back onto the text without re-splitting it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int
    text: str


def iter_paragraphs(text: str) -> Iterator[Paragraph]:
    index = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = offset + lead
            yield Paragraph(index, start, start + len(stripped), stripped)
            index += 1
        offset += len(line)


def split_paragraphs(text: str) -> list[Paragraph]:
    return list(_split(text))


# Several stages split the same text (language, translate's planning and
# cache key, despin): a small cache of the latest texts splits each once.
# Paragraphs are immutable, and callers get their own list.
@lru_cache(maxsize=32)
def _split(text: str) -> tuple[Paragraph, ...]:
    return tuple(iter_paragraphs(text))
