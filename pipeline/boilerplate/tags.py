"""Hashtag lines ("#TikTok, #ByteDance, #Ecommerce") become document tags.

A line made only of hashtags is metadata the page template printed below the
article; keeping it as text would feed "#SalesGoals" to translation. Hashtags
inside a sentence are left alone: there they are words of the sentence.
"""

from __future__ import annotations

import regex

# At least one letter: "#1", "#2" number forum posts and list items.
_HASHTAG = r"#(?=[\p{N}_]*\p{L})[\p{L}\p{N}_][\p{L}\p{N}\p{M}_]*"
_HASHTAG_LINE = regex.compile(rf"^(?:(?:tags?|hashtags?)\s*:\s*)?{_HASHTAG}(?:[\s,;|·]+{_HASHTAG})*[\s,;.]*$", regex.I)
_HASHTAG_TOKEN = regex.compile(_HASHTAG)


def is_hashtag_line(line: str) -> bool:
    return "#" in line and bool(_HASHTAG_LINE.match(line.strip()))  # ("#" first: most lines have none)


def hashtags(line: str) -> list[str]:
    """Tags in order of appearance, without '#'."""
    return [tag[1:] for tag in _HASHTAG_TOKEN.findall(line)]


def merge_tags(lines: list[str]) -> list[str]:
    """Tags of several lines, first spelling kept, duplicates (any case) dropped."""
    seen: set[str] = set()
    merged = []
    for line in lines:
        for tag in hashtags(line):
            if tag.casefold() not in seen:
                seen.add(tag.casefold())
                merged.append(tag)
    return merged
