"""Surnames after first names: the names layer.

A context-blind spinner swaps a surname that is also a word like any other
word: "Alex Hall" becomes "Alex Corridor", "Helen Price" "Helen Value",
"Sarah Wood" "Sarah Wooden". Read as ordinary words, such spans go wrong
both ways: "Value" is kept (the word pair "Helen value" says nothing), and a
real name gets a synonym ("Sarah Timber" became "Sarah Trees").

After a first name, a capitalised word is a surname. So there:
  * a known surname is kept as written (the spinner's output is almost never
    another surname: "Julia Stone" stays);
  * a word that is not a surname but has a surname among the lexicon's
    originals takes it ("Corridor" -> "Hall", "Value" -> "Price",
    "Prepare dinner" -> "Cook");
  * any other word is kept: a name the lexicon cannot restore is left as
    written rather than turned into a synonym.
The same surname alone, later in the document ("Value said"), gets the same
reading (`known`): inside a sentence, or at its start before a reporting verb
("Timber stated" stays, where "Timber" alone would have become "Trees").

The name lists are Faker's (a registry package): the first and last names of
its English-speaking locales. A first name counts only when at least two of
those locales list it, which drops the words some lists carry as names
("North", "Council", "Forest").
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import NamedTuple

#: Faker locales whose person names are read (the plain "en" locale is left
#: out: its first names include ordinary words)
LOCALES = ("en_US", "en_GB", "en_IE", "en_NZ", "en_IN", "en_KE", "en_PK")
MIN_FIRST_NAME_LOCALES = 2
_POSSESSIVE = ("'s", "’s")
#: verbs that follow a surname opening a sentence ("Hall said"), with the
#: forms a spinner writes for them: there a capitalised word is the name
REPORTING_VERBS = frozenset("""said says stated states added adds told tells informed informs instructed
    explained explains mentioned mentions noted notes wrote writes argued argues believes thinks warned warns
    advised advises replied replies agreed agrees insisted insists""".split())


class NameLists(NamedTuple):
    first: frozenset[str]
    #: surname -> number of locales that list it (more: more common)
    surnames: dict[str, int]


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    from importlib import import_module  # noqa: PLC0415

    first_counts: Counter[str] = Counter()
    surnames: Counter[str] = Counter()
    for locale in LOCALES + ("en",):
        provider = import_module(f"faker.providers.person.{locale}").Provider
        if locale in LOCALES:
            first = set()
            for attr in ("first_names", "first_names_male", "first_names_female"):
                first.update(getattr(provider, attr, None) or ())
            first_counts.update(first)
        surnames.update(set(getattr(provider, "last_names", None) or ()))
    first = frozenset(name for name, n in first_counts.items() if n >= MIN_FIRST_NAME_LOCALES)
    return NameLists(first, {name.lower(): n for name, n in surnames.items()})


def _bare(word: str) -> str:
    return word[:-2] if word.endswith(_POSSESSIVE) else word


def surname_positions(texts: list[str], joined: list[bool], first: frozenset[str]) -> list[int]:
    """Token indices right after a first name that begin with a capital
    (not all capitals: "MP", "BBC") and follow it with no punctuation."""
    return [i for i in range(1, len(texts))
            if joined[i] and texts[i - 1] in first and texts[i][:1].isupper() and not texts[i].isupper()]


def resolve_surnames(texts: list[str], joined: list[bool], arcs: list, lists: NameLists,
                     known: dict[str, str | None] | None = None):
    """(arcs to decode, arcs decided as surnames, this paragraph's readings
    {written surname: restored surname, or None where kept}). Arcs touching
    a surname position or its first name are taken out of decoding; where a
    position has an arc reading it as one known surname, the most common
    such surname is decided. `known`: readings from elsewhere in the
    document, applied to the same word standing alone."""
    positions = surname_positions(texts, joined, lists.first)
    alone = _alone(texts, joined, known, set(positions)) if known else []
    if not positions and not alone:
        return arcs, [], {}
    by_start: dict[int, list] = {}
    for arc in arcs:
        by_start.setdefault(arc.start, []).append(arc)
    blocked: set[int] = set()
    decided, readings = [], {}
    for i in positions:
        blocked.update((i - 1, i))
        written = _bare(texts[i])
        if written.lower() in lists.surnames:
            if i in by_start:
                readings.setdefault(written, None)
            continue
        options = [(lists.surnames[_bare(arc.words[0])], -k, arc) for k, arc in enumerate(by_start.get(i, ()))
                   if len(arc.words) == 1 and _bare(arc.words[0]) in lists.surnames]
        arc = max(options, key=lambda r: r[:2])[2] if options else None
        if i in by_start:  # a word the lexicon reads: the same word alone is at risk too
            readings.setdefault(written, arc and _bare(arc.words[0]))
        if arc is not None:
            decided.append(arc)
            blocked.update(range(arc.start, arc.end))
    for i in alone:
        blocked.add(i)
        surname = known[_bare(texts[i])]
        arc = next((arc for arc in by_start.get(i, ()) if surname is not None and len(arc.words) == 1
                    and _bare(arc.words[0]) == surname and arc.end == i + 1), None)
        if arc is not None:
            decided.append(arc)
    kept = [arc for arc in arcs if not blocked.intersection(range(arc.start, arc.end))]
    return kept, decided, readings


def _alone(texts: list[str], joined: list[bool], known: dict[str, str | None], taken: set[int]) -> list[int]:
    """Positions of a surname of `known` standing alone: capitalised inside a
    sentence, or opening one before a reporting verb."""
    out = []
    for i, text in enumerate(texts):
        if i in taken or not text[:1].isupper() or _bare(text) not in known:
            continue
        inside = i > 0 and joined[i]
        if inside or (i + 1 < len(texts) and joined[i + 1] and texts[i + 1].lower() in REPORTING_VERBS):
            out.append(i)
    return out
