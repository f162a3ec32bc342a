"""Decide, line by line, which lines of a scraped page are site chrome.

Three passes, from the most certain signal to the most contextual:

1. *Line rules* need nothing but the line and the rest of the document: lines
   with no words, lone counters, breadcrumbs, hashtag lines, repeated lines,
   lines the user listed as known site chrome, and cue phrases whose line
   shape agrees (short, or several cues at once).
2. *The body* is the span from the first to the last line that reads like
   prose (enough words, enough function words of the page's language) and
   carries no cue. Chrome lives around it: menus and bylines above, comment
   forms, related links and footers below.
3. *Zone rules* act only outside the body, or from a section header to the
   end of the page: there a cue alone is enough, as are runs of short link
   lines, date lines and short fragments next to removed chrome.

Every decision names its rule, so the provenance can say why a line went.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.boilerplate.cues import SECTION_CATEGORIES, is_home_word
from pipeline.boilerplate.lines import LineInfo
from pipeline.boilerplate.tags import is_hashtag_line

_CRUMB_SPLIT = regex.compile(r"\s+[»›>→/|·]\s+|\s*[»›→]\s*")
_STRONG_CRUMB = regex.compile(r"[»›→]")
_DATE_TOKEN = regex.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}[:.h]\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_EDGE_PUNCT = regex.compile(r"^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$")


@dataclass(frozen=True, slots=True)
class ClassifierOptions:
    cue_languages: tuple[str, ...]
    known_lines: frozenset[str] = frozenset()  # normalized with `line_key`
    section_tail_share: float = 0.2
    remove_duplicates: bool = True


@dataclass(frozen=True, slots=True)
class Removal:
    number: int
    text: str
    rule: str


def line_key(text: str) -> str:
    """Comparison form of a line: case-folded, single spaces, no edge punctuation."""
    return _EDGE_PUNCT.sub("", " ".join(text.casefold().split()))


# ---------------------------------------------------------------- pass 1


def _breadcrumb(line: LineInfo, others: set[str], langs: tuple[str, ...]) -> bool:
    if line.text.rstrip().endswith((".", "!", "?")):
        return False
    segments = [s for s in _CRUMB_SPLIT.split(line.text) if s.strip()]
    if len(segments) >= 2 and len(segments[0].split()) <= 3 and all(len(s.split()) <= 20 for s in segments):
        first_is_home = is_home_word(segments[0].strip(), langs)
        if first_is_home or len(segments) >= 3 or _STRONG_CRUMB.search(line.text):
            return True
    return _breadcrumb_before_title(line, others, langs)


def _breadcrumb_before_title(line: LineInfo, others: set[str], langs: tuple[str, ...]) -> bool:
    """"Home Nieuws <title>": a few capitalized navigation words followed by
    a line that also stands on its own elsewhere in the page."""
    parts = line.text.split()
    if not parts or not is_home_word(_EDGE_PUNCT.sub("", parts[0]), langs):
        return False
    for k in range(1, min(5, len(parts) - 3)):
        if not parts[k - 1][:1].isupper():
            return False
        if line_key(" ".join(parts[k:])) in others:
            return True
    return False


def _cue_rule(line: LineInfo, outside_body: bool) -> str | None:
    """A cue removes a line only when the line's shape agrees with it."""
    for hit in line.cues:
        if hit.scope == "line":
            return f"cue_{hit.category}"
    for hit in line.cues:
        if hit.scope != "prefix":
            continue
        if hit.category in ("related", "source_label") and line.n_words <= 25:
            return f"cue_{hit.category}"
        if hit.category == "byline" and outside_body and line.n_words <= 12 and not line.is_prose:
            return "cue_byline"
    phrase = {h.category for h in line.cues if h.scope == "phrase"}
    if phrase and line.n_words <= 60 and (outside_body or len(line.cues) >= 2 or line.n_words <= 15):
        return f"cue_{sorted(phrase)[0]}"
    return None


def _line_rule(line: LineInfo, others: set[str], opts: ClassifierOptions) -> str | None:
    if line_key(line.text) in opts.known_lines:
        return "known_site_line"
    if not line.has_word_chars:
        return "no_words"
    if line.is_number_only:
        return "counter"
    if is_hashtag_line(line.text):
        return "hashtags"
    if _breadcrumb(line, others, opts.cue_languages):
        return "breadcrumb"
    return _cue_rule(line, outside_body=False)


def first_pass(lines: list[LineInfo], opts: ClassifierOptions) -> dict[int, Removal]:
    removed: dict[int, Removal] = {}
    keys = [line_key(line.text) for line in lines]
    # A breadcrumb's title part is a proper suffix of it, never the line
    # itself, so the set of all keys serves as "the other lines".
    titles = {k for k in keys if len(k.split()) >= 3}
    seen: set[str] = set()
    for i, line in enumerate(lines):
        rule = _line_rule(line, titles, opts)
        if rule is None and opts.remove_duplicates and keys[i] and keys[i] in seen:
            rule = "duplicate_line"
        if rule is not None:
            removed[i] = Removal(line.number, line.text, rule)
        else:
            seen.add(keys[i])
    return removed


# ---------------------------------------------------------------- pass 2


def body_span(lines: list[LineInfo], removed: dict[int, Removal]) -> tuple[int, int] | None:
    """Indexes of the first and last kept prose line without any cue."""
    anchors = [i for i, line in enumerate(lines) if i not in removed and line.is_prose and not line.cues]
    if not anchors:
        return None
    return anchors[0], anchors[-1]


# ---------------------------------------------------------------- pass 3


def _section_cut(lines: list[LineInfo], removed: dict[int, Removal], opts: ClassifierOptions) -> int | None:
    """Index of the first section header (comments, related, footer) after
    which little prose remains: everything from there on is that section."""
    prose = [line.chars if (i not in removed and line.is_prose) else 0 for i, line in enumerate(lines)]
    total = sum(prose)
    if total == 0:
        return None
    after = total
    for i, line in enumerate(lines):
        after -= prose[i]
        headers = line.cue_categories("line") & SECTION_CATEGORIES
        if headers and after <= opts.section_tail_share * total and i > 0:
            return i
    return None


def _is_dateline(line: LineInfo) -> bool:
    return line.n_words <= 7 and bool(_DATE_TOKEN.search(line.text)) and not line.is_prose


def _link_runs(lines: list[LineInfo], indexes: list[int]) -> set[int]:
    """Runs of three or more consecutive short non-sentence lines: menus,
    tag clouds, related-link lists."""
    short = [i for i in indexes if lines[i].n_words <= 4 and not lines[i].ends_sentence]
    runs: list[list[int]] = []
    for i in short:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return {i for run in runs if len(run) >= 3 for i in run}


def _zone_rules(lines: list[LineInfo], zone: list[int], removed: dict[int, Removal]) -> None:
    for i in zone:
        if i in removed:
            continue
        line = lines[i]
        rule = _cue_rule(line, outside_body=True) or ("dateline" if _is_dateline(line) else None)
        if rule:
            removed[i] = Removal(line.number, line.text, rule)
    for i in _link_runs(lines, [i for i in zone if i not in removed]):
        removed[i] = Removal(lines[i].number, lines[i].text, "link_list")


def _tail_fragments(lines: list[LineInfo], tail: list[int], removed: dict[int, Removal]) -> None:
    """Below the body, short non-prose lines next to removed chrome are part
    of it (form labels, author boxes, "Nieuwsbron"-style labels)."""
    changed = True
    while changed:
        changed = False
        for i in tail:
            if i in removed or lines[i].is_prose or lines[i].n_words > 8:
                continue
            if (i - 1) in removed or (i + 1) in removed:
                removed[i] = Removal(lines[i].number, lines[i].text, "tail_fragment")
                changed = True


def classify_lines(lines: list[LineInfo], opts: ClassifierOptions) -> dict[int, Removal]:
    """Removals keyed by index into `lines`."""
    removed = first_pass(lines, opts)
    cut = _section_cut(lines, removed, opts)
    if cut is not None:
        for i in range(cut, len(lines)):
            removed.setdefault(i, Removal(lines[i].number, lines[i].text, "section_to_end"))
    span = body_span(lines, removed)
    if span is None:
        return removed
    start, end = span
    head = list(range(0, start))
    tail = list(range(end + 1, len(lines)))
    _zone_rules(lines, head, removed)
    _zone_rules(lines, tail, removed)
    if any(i in removed for i in tail):
        _tail_fragments(lines, tail, removed)
    return removed
