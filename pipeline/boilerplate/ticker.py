"""Times and minutes of a live blog or a live ticker: "15h47", "Posted at
17:41", "16:40"; "78.", "45'+2", "90.+4".

Alone, such a line is a page's publication time or a counter, and goes. On
a page where at least `MIN_MARKS` of them each head an entry the rules keep
(the update's heading or text), they are the entries' times: without them a
live blog is a list of undated paragraphs, and a ticker keeps some minutes
("90.+4", not a counter) and loses others ("78."). So there they stay, all
of them, whatever removed them.
"""

from __future__ import annotations

import regex

from pipeline.boilerplate.lines import LineInfo

MIN_MARKS = 3
_CLOCK = r"\d{1,2}[:.h]\d{2}(?:\s*(?:uhr|h|am|pm|a\.m\.|p\.m\.))?"
_MINUTE = r"\d{1,3}(?:[.'’′]|\+\d{1,2})(?:\s*\+\s*\d{1,2}[.'’′]?)?"
# A few words may introduce a time ("Posted at", "Publié à", "Aktualisiert um").
_MARK = regex.compile(rf"^(?:(?:\p{{L}}+\.?\s+){{0,3}}{_CLOCK}|{_MINUTE})$", regex.IGNORECASE)
# What removed a time as chrome: a time line is a counter or a date line to
# the line rules, and a short line next to chrome to the zone rules.
_RULES = frozenset({"counter", "dateline", "link_list", "head_fragment", "tail_fragment"})


def is_mark(line: LineInfo) -> bool:
    return line.n_words <= 5 and bool(_MARK.match(line.text))


def keep_entry_times(lines: list[LineInfo], removed: dict) -> None:
    """Take back the removal of each time that heads a kept entry, on a page
    with at least `MIN_MARKS` of them. `removed`: index -> Removal."""
    heads = [
        i for i, line in enumerate(lines[:-1])
        if is_mark(line) and (i + 1) not in removed and not is_mark(lines[i + 1])
    ]
    if len(heads) < MIN_MARKS:
        return
    for i in heads:
        if i in removed and removed[i].rule in _RULES:
            del removed[i]
