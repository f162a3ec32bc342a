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


@dataclass(frozen=True, slots=True)
class CueHit:
    category: str
    scope: str
    lang: str


@dataclass(frozen=True, slots=True)
class _Cue:
    category: str
    scope: str
    lang: str
    pattern: regex.Pattern


@lru_cache(maxsize=1)
def _raw_cues() -> dict[str, list[dict[str, str]]]:
    text = resources.files("pipeline.boilerplate").joinpath("data/cues.json").read_text(encoding="utf-8")
    return {lang: entries for lang, entries in json.loads(text).items() if not lang.startswith("_")}


def cue_languages() -> list[str]:
    return sorted(_raw_cues())


def _compile(entry: dict[str, str]) -> regex.Pattern:
    cue, scope = entry["pattern"], entry["scope"]
    if scope == "line":
        source = _LINE_WRAP.format(cue=cue)
    elif scope in ("prefix", "word"):
        source = rf"^(?:{cue})\b" if scope == "prefix" else rf"^(?:{cue})$"
    else:
        source = rf"(?:^|\W)(?:{cue})(?:\W|$)"
    return regex.compile(source, regex.IGNORECASE | regex.VERSION1)


@lru_cache(maxsize=None)
def compiled_cues(languages: tuple[str, ...]) -> tuple[_Cue, ...]:
    raw = _raw_cues()
    return tuple(
        _Cue(entry["category"], entry["scope"], lang, _compile(entry))
        for lang in languages
        if lang in raw
        for entry in raw[lang]
    )


def normalize_for_cues(line: str) -> str:
    """Case-fold and drop list bullets and icon glyphs that wrap chrome
    ("• Share", "▶ Related")."""
    folded = " ".join(line.casefold().split())
    return regex.sub(r"^[\p{S}\p{Pd}•·*>»›|\s]+", "", folded).strip()


def find_cues(line: str, languages: tuple[str, ...]) -> list[CueHit]:
    """Every cue matching the line; 'home' word cues are excluded (they are
    only meaningful as the first step of a breadcrumb)."""
    norm = normalize_for_cues(line)
    hits = []
    for cue in compiled_cues(languages):
        if cue.scope == "word" or not cue.pattern.search(norm):
            continue
        hits.append(CueHit(cue.category, cue.scope, cue.lang))
    return hits


def is_home_word(word: str, languages: tuple[str, ...]) -> bool:
    folded = word.casefold()
    return any(c.scope == "word" and c.pattern.match(folded) for c in compiled_cues(languages))
