"""Numbers written the source language's way, rewritten the English way.

Translation engines copy numbers as they find them: Apertium always, neural
models often. "50.000 viviendas" became "50.000 houses", which an English
reader takes for fifty; "3,5 %" stays "3,5 %". Here the numbers of a source
paragraph written in its language's convention (a dot or a space between
thousands, a decimal comma) are rewritten in the translation, and only where
the translation still holds them exactly as the source wrote them: an engine
that already wrote "50,000" is left alone, and nothing that was not a number
in the source is touched. Languages are grouped by the convention of their
news writing (CLDR's number symbols); a source language outside both groups,
English included, is left as it is.
"""

from __future__ import annotations

import regex

#: decimal comma, thousands grouped with a dot ("1.234.567,89")
DOT_GROUPED = frozenset("ca da de el es hr id is it nl pt ro sh sl sr tr vi".split())
#: decimal comma, thousands grouped with a space, a no-break or a thin space ("1 234 567,89")
SPACE_GROUPED = frozenset("bg cs et fi fr hu lt lv mk nb nn no pl ru sk sv uk".split())

_SPACES = " \u00a0\u202f\u2009"
#: not part of a longer number, a date ("1.12.2024") or an address ("192.168.1.1")
_BEFORE = r"(?<![\d.,])"
_AFTER = r"(?![\d]|[.,]\d)"
#: a decimal comma; not before exactly three digits: "1,500" is how Latin
#: American Spanish and English-minded writers group thousands
_DECIMAL = r"\d+,(?:\d{1,2}|\d{4,})"
_DOT_NUMBER = regex.compile(_BEFORE + r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|" + _DECIMAL + ")" + _AFTER)
_SPACE_NUMBER = regex.compile(_BEFORE + r"(?:\d{1,3}(?:[" + _SPACES + r"]\d{3})+(?:,\d+)?|" + _DECIMAL + ")" + _AFTER)


def english_number(local: str) -> str:
    """'1.234,5' or '1 234,5' -> '1,234.5'; '3,5' -> '3.5'."""
    whole, comma, fraction = local.partition(",")
    whole = regex.sub(r"[." + _SPACES + "]", ",", whole)
    return whole + ("." + fraction if comma else "")


def localize_numbers(translation: str, source: str, lang: str) -> tuple[str, list[list[str]]]:
    """The translation with the source's local numbers in English form, and
    the [as written, as rewritten] pairs that were replaced (for provenance)."""
    pattern = _DOT_NUMBER if lang in DOT_GROUPED else _SPACE_NUMBER if lang in SPACE_GROUPED else None
    if pattern is None or not any(c.isdigit() for c in source):
        return translation, []
    found = {m.group(0): english_number(m.group(0)) for m in pattern.finditer(source)}
    found = {local: english for local, english in found.items() if local != english}
    if not found:
        return translation, []
    # an engine may write the source's no-break space as a plain one
    any_space = "[" + _SPACES + "]"
    by_spacing = {regex.sub(any_space, " ", local): english for local, english in found.items()}
    written = regex.compile(_BEFORE + "(?:" + "|".join(
        any_space.join(regex.escape(part) for part in regex.split(any_space, local))
        for local in sorted(found, key=len, reverse=True)) + ")" + _AFTER)
    replaced: list[list[str]] = []

    def english(match: regex.Match) -> str:
        rewritten = by_spacing[regex.sub(any_space, " ", match.group(0))]
        replaced.append([match.group(0), rewritten])
        return rewritten

    return written.sub(english, translation), replaced
