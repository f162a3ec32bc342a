"""Literal heads of cue patterns: a cheap test before a pattern runs.

A cue pattern can only match where the line holds one of the literal strings
its matches start with: the phrase cue "your email address will not be
published" needs the word "your" and that substring; the whole-line cue
`share( this article)?` needs a line that starts with "share". Testing a set
of the line's words, then a few substrings, costs a fraction of running a
merged alternation of hundreds of phrases at every position of the line,
which is what the `regex` module does (~300 µs a line for all phrase cues).
The pattern still decides whenever the test passes, so every result is the
one running it on every line gives.

Heads come from the pattern itself, parsed with the standard library's
regular-expression parser: literals, groups, alternatives, optional and
bounded repeats and small character sets are expanded into the literal
strings a match must start with. Anything else (`\\d`, `\\w+`, `.`, flags,
syntax only the `regex` module knows) ends the expansion there, or, at the
start of an alternative, leaves the pattern without heads: it runs on every
line, as before. `HeadIndex` merges the heads of many patterns (or of the
alternatives of one), so that one pass over a line's words finds the few
worth running.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from pipeline.boilerplate.tokens import WORD_RUN

try:  # Python 3.11+: the parser behind `re.compile`; sre_parse before that.
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

_LEADING_RUN = regex.compile(r"^\w+")
# `\p{L}` and the like (the `regex` module's) are unknown to `re`'s parser;
# as `\w` they parse, and still end the literal part of a prefix there.
_UNICODE_PROPERTY = regex.compile(r"(?<!\\)((?:\\\\)*)\\[pP]\{[^}]*\}")
# Expansion limits: past them the strings found so far are kept as prefixes.
_MAX_STRINGS = 256
_MAX_REPEAT = 3
_MAX_SET = 16


@dataclass(frozen=True, slots=True)
class Heads:
    """What a line must contain for a pattern to have a chance: one of the
    literal prefixes of its matches, found where a match could start.

    Prefixes are grouped by how they start: `whole` maps a first word that
    is complete in the prefix ("your" of "your email address") to the
    prefixes starting with it; `cut` maps the leading word of prefixes whose
    first word may go on past the prefix ("tag" of `tags?\\s*:`); `other`
    holds those starting with a non-word character ("©"). `words_only`: every
    match is one whole word from this set, so the set alone decides. A
    pattern that cannot be analysed has no Heads: it always runs."""

    whole: dict[str, tuple[str, ...]]
    cut: dict[str, tuple[str, ...]]
    other: tuple[str, ...]
    words_only: frozenset[str] | None


def _language(items: list, limit: int) -> set[str] | None:
    """Every string a parsed sequence matches, or None when that is not a
    small finite set of literals."""
    strings = {""}
    for item in items:
        item_strings = _item_language(item, limit)
        if item_strings is None:
            return None
        strings = {a + b for a in strings for b in item_strings}
        if len(strings) > limit:
            return None
    return strings


def _item_language(item: tuple, limit: int) -> set[str] | None:
    op, av = item
    if op == sre_parse.LITERAL:
        return {chr(av)}
    if op == sre_parse.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _language(list(sub), limit)
    if op == sre_parse.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            strings = _language(list(branch), limit)
            if strings is None:
                return None
            out |= strings
        return out if len(out) <= limit else None
    if op == sre_parse.MAX_REPEAT:
        low, high, sub = av
        if high > _MAX_REPEAT:
            return None
        once = _language(list(sub), limit)
        if once is None:
            return None
        out, current = set(), {""}
        for count in range(high + 1):
            if count >= low:
                out |= current
            current = {a + b for a in current for b in once}
            if len(out) + len(current) > limit:
                return None
        return out
    if op == sre_parse.IN:
        chars = [chr(v) for kind, v in av if kind == sre_parse.LITERAL]
        return set(chars) if len(chars) == len(av) and len(chars) <= _MAX_SET else None
    return None  # ANY, categories (\d, \w), anchors, assertions, backreferences...


@lru_cache(maxsize=None)  # whole-line alternatives are analysed per pattern and per segment
def literal_prefixes(alternative: str, skip_leading_digits: bool = False) -> tuple[frozenset[str], bool] | None:
    """(prefixes, complete): every match of `alternative` starts with one of
    the prefixes; `complete` when the prefixes are the whole matches. None
    when the pattern does not parse or sets flags. With
    `skip_leading_digits`, only matches that do not start with a digit count
    (`\\d* ?comments?` -> "comments", " comments"...; `\\d+ shares?` -> none):
    for lines that do not start with one."""
    try:
        parsed = sre_parse.parse(_UNICODE_PROPERTY.sub(r"\1\\w", alternative))
    except (sre_parse.error, OverflowError, RecursionError):  # syntax only the `regex` module knows...
        return None
    state = getattr(parsed, "state", None) or parsed.pattern  # (named `pattern` before 3.11)
    if state.flags & ~sre_parse.SRE_FLAG_UNICODE:
        return None
    items = list(parsed)
    if skip_leading_digits and items and _digit_led(items[0]):
        if _min_repeat(items[0]) > 0:
            return frozenset(), True
        items = items[1:]
    prefixes, complete = _sequence_prefixes(items)
    return frozenset(prefixes), complete


def _sequence_prefixes(items: list) -> tuple[set[str], bool]:
    """Literal prefixes of a parsed sequence: items with a small finite
    language are expanded; the first other item adds its own prefixes and
    ends the expansion."""
    prefixes = {""}
    for item in items:
        strings = _item_language(item, _MAX_STRINGS)
        complete = strings is not None
        if strings is None:
            strings = _item_prefixes(item)
        grown = {a + b for a in prefixes for b in strings}
        if len(grown) > _MAX_STRINGS:
            return prefixes, False
        prefixes = grown
        if not complete:
            return prefixes, False
    return prefixes, True


def _item_prefixes(item: tuple) -> set[str]:
    """Strings every match of an item (not a finite language) starts with:
    "auteur" for `(par|auteur\\s*:)`'s second branch."""
    op, av = item
    if op == sre_parse.SUBPATTERN and not (av[1] or av[2]):
        return _sequence_prefixes(list(av[3]))[0]
    if op == sre_parse.BRANCH:
        return {prefix for branch in av[1] for prefix in _sequence_prefixes(list(branch))[0]}
    if op == sre_parse.MAX_REPEAT and av[0] >= 1:
        return _sequence_prefixes(list(av[2]))[0]
    return {""}  # nothing known: the match may start with anything


def _digit_led(item: tuple) -> bool:
    """`\\d`, `\\d*`, `\\d+`, `\\d{n,m}`."""
    op, av = item
    if op == sre_parse.MAX_REPEAT:
        return len(av[2]) == 1 and _digit_led(av[2][0])
    return op == sre_parse.IN and av == [(sre_parse.CATEGORY, sre_parse.CATEGORY_DIGIT)]


def _min_repeat(item: tuple) -> int:
    op, av = item
    return av[0] if op == sre_parse.MAX_REPEAT else 1


def pattern_heads(alternatives: list[str], skip_leading_digits: bool = False) -> Heads | None:
    """Heads of a pattern made of these top-level alternatives (see
    `literal_prefixes` for `skip_leading_digits`)."""
    whole: dict[str, set[str]] = {}
    cut: dict[str, set[str]] = {}
    other: set[str] = set()
    all_words = not skip_leading_digits
    for alternative in alternatives:
        found = literal_prefixes(alternative, skip_leading_digits)
        if found is None:
            return None
        prefixes, complete = found
        for prefix in prefixes:
            if not prefix:
                return None  # may start anywhere, with anything
            run = _LEADING_RUN.match(prefix)
            if run is None:
                other.add(prefix)
            elif run.group(0) == prefix and not complete:
                cut.setdefault(prefix, set()).add(prefix)
            else:
                whole.setdefault(run.group(0), set()).add(prefix)
            all_words = all_words and complete and run is not None and run.group(0) == prefix
    return Heads(_sorted_values(whole), _sorted_values(cut), tuple(sorted(other)), frozenset(whole) if all_words else None)


def _sorted_values(groups: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(sorted(values)) for key, values in groups.items()}


Entry = tuple[int, tuple[str, ...]]  # (pattern number, prefixes)


@dataclass(frozen=True, slots=True)
class HeadIndex:
    """The heads of several patterns merged, so that one pass over a line's
    words finds the patterns worth running. Patterns are numbered in the
    order given; "anywhere" patterns may match anywhere after a non-word
    character (phrase cues), "start" patterns only at the start of the line."""

    always: frozenset[int]  # patterns without heads: always run
    words_decide: frozenset[int]  # anywhere patterns whose words alone decide
    anywhere_words: dict[str, tuple[Entry, ...]]  # a whole first word -> entries
    anywhere_loose: tuple[tuple[int, str], ...]  # prefixes to find as substrings
    start_words: dict[str, tuple[Entry, ...]]  # leading word of the prefixes -> entries
    start_lengths: tuple[int, ...]  # lengths of those words, ascending
    start_stems: frozenset[str]  # those words cut to each of `start_lengths`
    start_other: dict[str, tuple[tuple[int, str], ...]]  # first character -> prefixes that start with a non-word one

    @classmethod
    def build(cls, heads: list[Heads | None], anywhere: list[bool]) -> HeadIndex:
        always, decide = set(), set()
        anywhere_words: dict[str, list[Entry]] = {}
        anywhere_loose: list[tuple[int, str]] = []
        start_words: dict[str, list[Entry]] = {}
        start_other: dict[str, list[tuple[int, str]]] = {}
        for number, (h, is_anywhere) in enumerate(zip(heads, anywhere)):
            if h is None:
                always.add(number)
            elif is_anywhere:
                if h.words_only is not None:
                    decide.add(number)
                for word, prefixes in h.whole.items():
                    anywhere_words.setdefault(word, []).append((number, prefixes))
                loose = [*h.other, *(p for prefixes in h.cut.values() for p in prefixes)]
                anywhere_loose.extend((number, prefix) for prefix in loose)
            else:
                for group in (h.whole, h.cut):
                    for word, prefixes in group.items():
                        start_words.setdefault(word, []).append((number, prefixes))
                for prefix in h.other:
                    start_other.setdefault(prefix[0], []).append((number, prefix))
        lengths = tuple(sorted({len(w) for w in start_words}))
        stems = frozenset(w[:n] for w in start_words for n in lengths)
        return cls(
            frozenset(always), frozenset(decide), _freeze(anywhere_words), tuple(anywhere_loose),
            _freeze(start_words), lengths, stems, _freeze(start_other),
        )

    def candidates(self, line: str, words: set[str]) -> set[int]:
        """Patterns that may match `line` (whose `\\w+` runs are `words`);
        every pattern that matches is among them."""
        found = set(self.always)
        for word in self.anywhere_words.keys() & words:
            # The match starts after a non-word character or at the start of
            # the line, so its first word, whole in the prefix, is a word of the line.
            for number, prefixes in self.anywhere_words[word]:
                if number not in found:
                    for prefix in prefixes:
                        if prefix in line:
                            found.add(number)
                            break
        for number, prefix in self.anywhere_loose:
            if prefix in line:
                found.add(number)
        self._add_start_candidates(found, line)
        return found

    def start_candidates(self, line: str) -> set[int]:
        """Patterns that may match at the start of `line`, as `candidates`
        (only those of start patterns are meaningful)."""
        found = set(self.always)
        self._add_start_candidates(found, line)
        return found

    def _add_start_candidates(self, found: set[int], line: str) -> None:
        for number, prefix in self.start_other.get(line[:1], ()):
            if line.startswith(prefix):
                found.add(number)
        run = WORD_RUN.match(line)
        if run is not None:
            # A match at the start: its leading word starts the line's first word.
            first = run.group(0)
            for length in self.start_lengths:
                if length > len(first) or first[:length] not in self.start_stems:
                    break  # no leading word starts like this, nor any longer one
                for number, prefixes in self.start_words.get(first[:length], ()):
                    if number not in found and line.startswith(prefixes):
                        found.add(number)


def _freeze(groups: dict[str, list]) -> dict[str, tuple]:
    return {key: tuple(entries) for key, entries in groups.items()}
