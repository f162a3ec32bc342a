"""One document through the boilerplate step: classify lines, drop chrome,
move hashtag lines into tags, repair glue and whitespace, and say what was done.

The result depends only on the text and the options (the runner's cache key
is stage version + params + input text), so nothing here looks at other
documents; chrome shared by a whole site comes in through `known_lines`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from pipeline.boilerplate.classify import ClassifierOptions, Removal, classify_lines, line_key
from pipeline.boilerplate.lines import build_lines
from pipeline.boilerplate.repair import GlueContext, Repair, repair_line
from pipeline.boilerplate.stopwords import DEFAULT_LANGUAGES, languages_of_words, stopword_set
from pipeline.boilerplate.tokens import word_tokens
from pipeline.boilerplate.tags import merge_tags


class NothingLeftError(ValueError):
    """Every line of the document looks like chrome."""


@dataclass(frozen=True, slots=True)
class CleanOptions:
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    cue_languages: tuple[str, ...] = ("de", "en", "es", "fr", "it", "nl", "pt")
    known_lines: tuple[str, ...] = ()
    protected_words: tuple[str, ...] = ()
    remove_lines: bool = True
    remove_duplicates: bool = True
    extract_hashtags: bool = True
    repair_glue: bool = True
    section_tail_share: float = 0.2


@dataclass(slots=True)
class CleanResult:
    text: str
    language: str | None
    removed: list[Removal] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    whitespace_lines: list[int] = field(default_factory=list)
    blank_runs_collapsed: int = 0
    tags: list[str] = field(default_factory=list)

    def detail(self) -> dict[str, Any]:
        """Provenance record: every removed line and every repair with its rule."""
        return {
            "language_guess": self.language,
            "lines_removed": len(self.removed),
            "removed_by_rule": dict(sorted(Counter(r.rule for r in self.removed).items())),
            "removed": [{"line": r.number, "rule": r.rule, "text": r.text} for r in self.removed],
            "repairs_by_rule": dict(sorted(Counter(r.rule for r in self.repairs).items())),
            "repairs": [r.to_dict() for r in self.repairs],
            "whitespace": {
                "lines_normalized": self.whitespace_lines,
                "blank_runs_collapsed": self.blank_runs_collapsed,
            },
            "tags": self.tags,
        }


@dataclass(frozen=True, slots=True)
class _Page:
    """The page split once: raw lines, whitespace-normalized lines, and the
    words of each line (as `WORD_RE` finds them, and case-folded). Every
    step reads these instead of splitting the text again."""

    raw_lines: list[str]
    texts: list[str]
    tokens: list[list[str]]
    words: list[list[str]]

    @classmethod
    def split(cls, text: str) -> "_Page":
        raw_lines = text.splitlines()
        texts = [" ".join(raw.split()) for raw in raw_lines]
        # Words never span lines or whitespace, so the page's words are its
        # lines' words one after the other.
        tokens = [word_tokens(line) for line in texts]
        words = [list(map(str.casefold, line)) for line in tokens]
        return cls(raw_lines, texts, tokens, words)


def _removals(page: _Page, lang: str | None, opts: CleanOptions) -> list[Removal]:
    stops = stopword_set(lang) if lang else frozenset()
    infos = build_lines(page.texts, page.words, stops, opts.cue_languages)
    classifier = ClassifierOptions(
        cue_languages=opts.cue_languages,
        known_lines=frozenset(line_key(k) for k in opts.known_lines if k.strip()),
        section_tail_share=opts.section_tail_share,
        remove_duplicates=opts.remove_duplicates,
    )
    removed = sorted(classify_lines(infos, classifier).values(), key=lambda r: r.number)
    if not opts.extract_hashtags:
        removed = [r for r in removed if r.rule != "hashtags"]
    if infos and len(removed) == len(infos):
        raise NothingLeftError(f"all {len(infos)} lines look like site chrome")
    return removed


def _assemble(page: _Page, dropped: set[int], ctx: GlueContext | None, result: CleanResult) -> list[str]:
    """Kept lines, whitespace-normalized and repaired, one blank line at most
    between paragraphs."""
    out: list[str] = []
    blank_run = 0
    for number, (raw, text, tokens) in enumerate(zip(page.raw_lines, page.texts, page.tokens), start=1):
        if number in dropped:
            continue
        if not text:
            blank_run += 1
            continue
        if text != raw:
            result.whitespace_lines.append(number)
        if ctx is not None:
            text, repairs = repair_line(text, number, ctx, tokens)
            result.repairs.extend(repairs)
        if out and blank_run:
            out.append("")
        result.blank_runs_collapsed += blank_run > 1
        blank_run = 0
        out.append(text)
    return out


def clean_text(text: str, opts: CleanOptions = CleanOptions()) -> CleanResult:
    page = _Page.split(text)
    langs = languages_of_words(chain.from_iterable(page.words), opts.languages)
    lang = langs[0] if langs else None
    result = CleanResult(text="", language=lang)
    if opts.remove_lines:
        result.removed = _removals(page, lang, opts)
    hashtag_lines = [r.text for r in result.removed if r.rule == "hashtags"]
    result.tags = merge_tags(hashtag_lines)
    ctx = None
    if opts.repair_glue:
        protected = frozenset(w.casefold() for w in opts.protected_words)
        tokens = chain.from_iterable(page.tokens)
        ctx = GlueContext.for_page(lang, tokens, protected, tuple(langs[1:]), opts.languages)
    out = _assemble(page, {r.number for r in result.removed}, ctx, result)
    result.text = "\n".join(out) + ("\n" if out and text.endswith(("\n", "\r")) else "")
    return result
