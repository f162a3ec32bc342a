"""Cue phrases of site chrome per language, loaded from `data/cues.json`.

A cue says *what kind* of chrome a line could be (share bar, comment prompt,
cookie notice...). It is one signal: `classify.py` only acts on it when the
line's shape agrees, so an article about cookies keeps its sentences.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

#: Categories whose header line opens a block that runs to the end of the
#: page: comment forms, related-link lists, footers.
SECTION_CATEGORIES = frozenset({"comments", "related", "footer"})

# Counts and decorations that may wrap a whole-line cue: "Comments (3)",
# "3 Reacties", "Share »", "Lees ook:".
_LINE_WRAP = r"^(?:\d[\d.,]*\s*[kKm]?\s*)?(?:{cue})(?:\s*[(\[]?\d[\d.,]*[kKm]?[)\]]?)?[\s:!.…»›>|/-]*$"
# One item of a chrome line made of several cues ("Teilen Drucken Merken",
# "214 Shares Facebook Twitter"), with the separators that follow it.
_SEGMENT_WRAP = r"(?:{cue})(?:\s*[(\[]?\d[\d.,]*[kKm]?[)\]]?)?(?=[\s:!.…»›>|/·,-]|$)[\s:!.…»›>|/·,-]*"
_NUMBER_SEGMENT = regex.compile(r"\d[\d.,]*\s*[kKm]?(?=[\s|·/,-]|$)[\s|·/,-]*")
_WRAPS = {
    "line": _LINE_WRAP,
    "prefix": r"^(?:{cue})(?!\w)",
    "word": r"^(?:{cue})$",
    "phrase": r"(?:^|\W)(?:{cue})(?:\W|$)",
}
# Lines are lower-cased before matching (`normalize_for_cues`) and the cue
# lists are lower case, so no IGNORECASE: with full Unicode case folding the
# `regex` module takes seconds to compile the merged patterns.
_FLAGS = 0
_LEADING_DECORATION = regex.compile(r"^[\p{S}\p{Pd}•·*>»›|\s]+")
# Whole-line cues are short; checking them on paragraphs only costs time.
_LINE_CUE_MAX_WORDS = 16


@dataclass(frozen=True, slots=True)
class CueHit:
    category: str
    scope: str


@dataclass(frozen=True, slots=True)
class CueSet:
    """The cues of some languages, compiled: one pattern per scope and
    category (the languages' alternatives merged), plus one segment pattern
    per whole-line cue."""

    patterns: tuple[tuple[str, str, regex.Pattern], ...]  # (scope, category, pattern)
    segment: regex.Pattern  # every whole-line alternative, longest first, as group s<i>
    segment_categories: tuple[str, ...]  # category of group s<i>


@lru_cache(maxsize=1)
def _raw_cues() -> dict[str, list[dict[str, str]]]:
    text = resources.files("pipeline.boilerplate").joinpath("data/cues.json").read_text(encoding="utf-8")
    return {lang: entries for lang, entries in json.loads(text).items() if not lang.startswith("_")}


def cue_languages() -> list[str]:
    return sorted(_raw_cues())


@lru_cache(maxsize=None)
def compiled_cues(languages: tuple[str, ...]) -> CueSet:
    raw = _raw_cues()
    entries = [entry for lang in languages for entry in raw.get(lang, [])]
    merged: dict[tuple[str, str], list[str]] = {}
    for entry in entries:
        merged.setdefault((entry["scope"], entry["category"]), []).append(entry["pattern"])
    patterns = tuple(
        (scope, category, regex.compile(_WRAPS[scope].format(cue="|".join(f"(?:{p})" for p in cues)), _FLAGS))
        for (scope, category), cues in sorted(merged.items())
    )
    # One pattern for all whole-line cues, alternatives longest first, so
    # that "deel dit artikel" is tried before "deel" (alternation takes the
    # first alternative that fits; POSIX longest-match compiles far slower).
    whole_line = [entry for entry in entries if entry["scope"] == "line"]
    alternatives = sorted(
        ((alt, entry["category"]) for entry in whole_line for alt in _alternatives(entry["pattern"])),
        key=lambda item: -len(item[0]),
    )
    groups = "|".join(f"(?P<s{i}>{alt})" for i, (alt, _) in enumerate(alternatives))
    segment = regex.compile(_SEGMENT_WRAP.format(cue=groups), _FLAGS)
    return CueSet(patterns, segment, tuple(category for _, category in alternatives))


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression ("a|b(c|d)" -> "a", "b(c|d)")."""
    parts, depth, start, escaped, in_class = [], 0, 0, False, False
    for i, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def normalize_for_cues(line: str) -> str:
    """Lower-case (not casefold: "schließen" must stay as the cue lists spell
    it) and drop list bullets and icon glyphs that wrap chrome ("• Share")."""
    folded = " ".join(line.lower().split())
    return _LEADING_DECORATION.sub("", folded).strip()


def find_cues(line: str, languages: tuple[str, ...]) -> list[CueHit]:
    """Every (scope, category) whose cues match the line; 'home' word cues
    are left out (they only mean something as the first step of a breadcrumb)."""
    norm = normalize_for_cues(line)
    short = norm.count(" ") < _LINE_CUE_MAX_WORDS
    hits = []
    for scope, category, pattern in compiled_cues(languages).patterns:
        if scope == "word" or (scope == "line" and not short):
            continue
        found = pattern.search(norm) if scope == "phrase" else pattern.match(norm)
        if found:
            hits.append(CueHit(category, scope))
    return hits


def is_home_word(word: str, languages: tuple[str, ...]) -> bool:
    folded = word.lower()
    return any(
        scope == "word" and pattern.match(folded) for scope, _, pattern in compiled_cues(languages).patterns
    )


def segment_cues(line: str, languages: tuple[str, ...], max_segments: int = 12) -> list[str] | None:
    """Categories of the cues that, one after the other, make up the whole
    line; None when some part of the line is not a cue. Numbers (counters)
    count as segments of category 'counter'."""
    norm = normalize_for_cues(line)
    segments: list[str] = []
    pos = 0
    cues = compiled_cues(languages)
    while pos < len(norm) and len(segments) < max_segments:
        best_end, best_category = pos, ""
        number = _NUMBER_SEGMENT.match(norm, pos)
        if number:
            best_end, best_category = number.end(), "counter"
        match = cues.segment.match(norm, pos)
        if match and match.end() > best_end:
            group = next(name for name, value in match.groupdict().items() if value is not None)
            best_end, best_category = match.end(), cues.segment_categories[int(group[1:])]
        if best_end == pos:
            return None
        segments.append(best_category)
        pos = best_end
    return segments if pos >= len(norm) else None
