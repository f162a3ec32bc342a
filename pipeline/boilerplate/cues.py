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

from pipeline.boilerplate.cue_heads import HeadIndex, Heads, pattern_heads
from pipeline.boilerplate.tokens import word_runs

#: Categories whose header line opens a block that runs to the end of the
#: page: comment forms, related-link lists, footers.
SECTION_CATEGORIES = frozenset({"comments", "related", "footer"})

# Counts and decorations that may wrap a whole-line cue: "Comments (3)",
# "3 Reacties", "Share »", "Lees ook:", "Comments: (12)".
_LINE_WRAP = r"^(?:\d[\d.,]*\s*[kKm]?\s*)?(?:{cue})(?:\s*:?\s*[(\[]?\d[\d.,]*[kKm]?[)\]]?)?[\s:!.…»›>|/-]*$"
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
_LEADING_DECORATION = regex.compile(r"^(?:(?![©®])[\p{S}\p{Pd}•·*>»›|\s])+")  # © starts a footer: kept
# Whole-line cues are short; checking them on paragraphs only costs time.
_LINE_CUE_MAX_WORDS = 16
# A whole-line cue may follow a count ("3 Reacties"), so it need not start the line.
_LEADING_DIGIT = regex.compile(r"\d")


@dataclass(frozen=True, slots=True)
class CueHit:
    category: str
    scope: str


@dataclass(frozen=True, slots=True)
class CueSet:
    """The cues of some languages, compiled: one pattern per scope and
    category (the languages' alternatives merged), plus the whole-line
    alternatives one by one, as segments of a line."""

    patterns: tuple[tuple[str, str, "LazyPattern"], ...]  # (scope, category, pattern)
    #: Which patterns a line gives a chance, from their literal heads (`cue_heads`).
    index: HeadIndex
    segments: SegmentMatcher  # every whole-line alternative, as one segment of a line
    line_scope: frozenset[int]  # numbers of the whole-line patterns


class LazyPattern:
    """A cue pattern compiled on its first use. Compiling all of them takes
    about 0.5 s per process, and a line only runs the patterns whose heads
    it holds (`cue_heads`), so a small batch of pages never needs many."""

    __slots__ = ("source", "_compiled")

    def __init__(self, source: str):
        self.source = source
        self._compiled: regex.Pattern | None = None

    def compiled(self) -> regex.Pattern:
        if self._compiled is None:
            self._compiled = regex.compile(self.source, _FLAGS)
        return self._compiled

    def match(self, text: str) -> regex.Match | None:
        return self.compiled().match(text)

    def search(self, text: str) -> regex.Match | None:
        return self.compiled().search(text)


@dataclass(frozen=True, slots=True)
class SegmentMatcher:
    """Whole-line cue alternatives as segments of a line ("Teilen Drucken
    Merken"), longest first, so that "deel dit artikel" is tried before
    "deel" (alternation takes the first alternative that fits; POSIX
    longest-match compiles far slower).

    A pattern with all of them takes ~15 µs to try at one place, so at each
    place only the alternatives whose literal heads fit are put in a pattern
    (in the same order: the first that fits is the same one), compiled once
    per set of alternatives."""

    alternatives: tuple[str, ...]
    categories: tuple[str, ...]  # of each alternative
    index: HeadIndex  # alternative number -> heads
    every: frozenset[int]  # all alternative numbers
    #: alternative numbers -> (pattern, group number -> alternative number);
    #: filled as sets of alternatives are met (a few dozen).
    compiled: dict[frozenset[int], tuple[regex.Pattern, dict[int, int]]]

    @classmethod
    def build(cls, alternatives: list[tuple[str, str]]) -> SegmentMatcher:
        ordered = sorted(alternatives, key=lambda item: -len(item[0]))
        heads = [pattern_heads([alt], skip_leading_digits=True) for alt, _ in ordered]
        return cls(
            tuple(alt for alt, _ in ordered),
            tuple(category for _, category in ordered),
            HeadIndex.build(heads, [False] * len(heads)),
            frozenset(range(len(ordered))),
            {},
        )

    def match(self, norm: str, pos: int) -> tuple[int, str] | None:
        """(end, category) of the whole-line cue that starts at `pos`."""
        rest = norm[pos:]
        # A count may come first ("3 reacties"), so after a digit all are tried.
        numbers = self.every if _LEADING_DIGIT.match(rest) else frozenset(self.index.start_candidates(rest))
        if not numbers:
            return None
        pattern, groups = self._pattern(numbers)
        found = pattern.match(norm, pos)
        return None if found is None else (found.end(), self.categories[groups[found.lastindex]])

    def _pattern(self, numbers: frozenset[int]) -> tuple[regex.Pattern, dict[int, int]]:
        compiled = self.compiled.get(numbers)
        if compiled is None:
            cue = "|".join(f"(?P<s{i}>{self.alternatives[i]})" for i in sorted(numbers))
            pattern = regex.compile(_SEGMENT_WRAP.format(cue=cue), _FLAGS)
            # The alternative's group closes after any group nested in it and
            # no group follows it: it is the match's last group (`lastindex`).
            groups = {pattern.groupindex[f"s{i}"]: i for i in numbers}
            compiled = self.compiled[numbers] = (pattern, groups)
        return compiled


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
    ordered = sorted(merged.items())
    patterns = tuple(
        (scope, category, LazyPattern(_WRAPS[scope].format(cue="|".join(f"(?:{p})" for p in cues))))
        for (scope, category), cues in ordered
    )
    index = HeadIndex.build(
        [_heads(scope, cues) for (scope, _), cues in ordered], [scope == "phrase" for (scope, _), _ in ordered]
    )
    whole_line = [entry for entry in entries if entry["scope"] == "line"]
    segments = SegmentMatcher.build(
        [(alt, entry["category"]) for entry in whole_line for alt in _alternatives(entry["pattern"])]
    )
    line_scope = frozenset(number for number, (scope, _, _) in enumerate(patterns) if scope == "line")
    return CueSet(patterns, index, segments, line_scope)


def _heads(scope: str, cues: list[str]) -> Heads | None:
    """What a line needs for these cues to have a chance. Whole-line cues are
    only tested this way on lines that do not start with a digit (a count
    may come first), so cues that start with one are left out."""
    return pattern_heads([alt for cue in cues for alt in _alternatives(cue)], skip_leading_digits=scope == "line")


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


def normalize_for_cues(line: str, single_spaced: bool = False) -> str:
    """Lower-case (not casefold: "schließen" must stay as the cue lists spell
    it) and drop list bullets and icon glyphs that wrap chrome ("• Share").
    `single_spaced`: the line is `" ".join(line.split())` already, which
    lower-casing keeps (it never makes or changes whitespace; the tests check
    every code point)."""
    folded = line.lower() if single_spaced else " ".join(line.lower().split())
    if folded[:1].isalnum():
        return folded  # letters and digits are never decoration (most lines start so)
    return _LEADING_DECORATION.sub("", folded).strip()


def find_cues(line: str, languages: tuple[str, ...], single_spaced: bool = False) -> list[CueHit]:
    """Every (scope, category) whose cues match the line; 'home' word cues
    are left out (they only mean something as the first step of a breadcrumb).
    Only patterns the line gives a chance run (`HeadIndex.candidates`).
    `single_spaced`: as for `normalize_for_cues`."""
    norm = normalize_for_cues(line, single_spaced)
    cues = compiled_cues(languages)
    candidates = cues.index.candidates(norm, word_runs(norm))
    if _LEADING_DIGIT.match(norm):
        candidates |= cues.line_scope  # "3 reacties": the cue comes after the count
    hits = []
    short = norm.count(" ") < _LINE_CUE_MAX_WORDS
    for number in sorted(candidates):
        scope, category, pattern = cues.patterns[number]
        if scope == "word" or (scope == "line" and not short):
            continue
        if number in cues.index.words_decide:
            found = True
        else:
            found = pattern.search(norm) if scope == "phrase" else pattern.match(norm)
        if found:
            hits.append(CueHit(category, scope))
    return hits


@lru_cache(maxsize=4096)
def is_home_word(word: str, languages: tuple[str, ...]) -> bool:
    folded = word.lower()
    return any(
        scope == "word" and pattern.match(folded) for scope, _, pattern in compiled_cues(languages).patterns
    )


def segment_cues(
    line: str, languages: tuple[str, ...], max_segments: int = 12, single_spaced: bool = False
) -> list[str] | None:
    """Categories of the cues that, one after the other, make up the whole
    line; None when some part of the line is not a cue. Numbers (counters)
    count as segments of category 'counter'. `single_spaced`: as for
    `normalize_for_cues`."""
    norm = normalize_for_cues(line, single_spaced)
    segments: list[str] = []
    pos = 0
    cues = compiled_cues(languages)
    while pos < len(norm) and len(segments) < max_segments:
        best_end, best_category = pos, ""
        number = _NUMBER_SEGMENT.match(norm, pos)
        if number:
            best_end, best_category = number.end(), "counter"
        match = cues.segments.match(norm, pos)
        if match and match[0] > best_end:
            best_end, best_category = match
        if best_end == pos:
            return None
        segments.append(best_category)
        pos = best_end
    return segments if pos >= len(norm) else None
