"""Repair text glued together by scrapers, without touching what only looks glued.

Scrapers drop the whitespace that HTML gave by layout: a `<br>` between two
sentences ("advancements.The need"), two adjacent links ("Larry
EllisonMichael Dell"), a link starting mid-sentence ("geherstructureerdwaardoor").
Each repair must be safe on its own, because names such as "McDonald",
"iPhone" or "ByteDance", abbreviations, URLs, e-mail addresses and decimals
look much the same. Safety comes from three checks:

* the chunk is not a URL, e-mail address, handle, path or domain;
* the glued token is not a word the language knows (wordfreq), nor a token the
  document repeats (brand names recur, accidental glue does not), nor one the
  user protected;
* both halves are words: a known word or a capitalized name on the left, and
  for lower-case glue a closed-class word on the right.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, Iterator

import regex

from pipeline.boilerplate.stopwords import document_languages, top_n
from pipeline.boilerplate.tokens import WORD_RE
from pipeline.text.zipf_table import zipf_frequency

_TLDS = frozenset("com org net io nl de fr es eu uk be it info gov edu co".split())
#: a country code written "It", "De", "Es", "Be", "Io", "Eu" after a period starts a
#: sentence ("closure.It is", Dutch "markt.De", Spanish "año.Es"); a domain writes it
#: in lower case or capitals ("example.it", "EXAMPLE.IT"); longer ones in any case
#: ("Booking.Com")
_COUNTRY_TLDS = sorted(t for t in _TLDS if len(t) == 2)
_DOMAIN_END = ("(?:(?i:" + "|".join(sorted(t for t in _TLDS if len(t) > 2)) + ")|"
               + "|".join(_COUNTRY_TLDS) + "|" + "|".join(t.upper() for t in _COUNTRY_TLDS) + ")")
# URLs, e-mail addresses, paths, handles and domains are never repaired.
_PROTECTED_CHUNK = regex.compile(r"@|://|^(?i:www)\.|/|\\|^#|\." + _DOMAIN_END + r"\b")
# group 1: the sentence's punctuation, after two lower-case letters or digits
# or two capitals ("ChatGPT.Selon"; "U.S.Army" has a full stop there); 2: a
# quote mark or bracket after it, closing that sentence or opening the next
# ('coach."They' / 'percent.“We' / 'jueves.¿La' / 'Wintergerst.„Wer'); 3: the
# next word: capitalized, elided ("L’objectif"), a one-letter word
# ("afirmou.A CGTP"), or none when an opening mark ends the chunk
# ('patronales.« C’est'); 4: the character after that word
_SENTENCE_GLUE = regex.compile(
    r"(?<=[\p{Ll}\p{N}][\p{Ll}\p{N}]|\p{Lu}\p{Lu})([.!?]+)([\"”’»“‘«„¿¡)\]]?)"
    r"(?=(\p{Lu}\p{Ll}+|\p{Lu}['’](?=\p{L})|[AEIOUYÀ](?![\p{L}\p{N}])|(?<=[«“„])(?![\p{L}\p{N}]))(.?))"
)
_OPENING_QUOTES = frozenset("“‘«„¿¡")
_CAMEL_BOUNDARY = regex.compile(r"(?<=\p{Ll})(?=\p{Lu}\p{Ll})")
_LOWER_TOKEN = regex.compile(r"^\p{Lu}?\p{Ll}{7,}$")
_CODE_LIKE = regex.compile(r"\p{L}\.\p{L}|[()\[\]{}=_<>]")
_APOSTROPHE = regex.compile(r"['’]")
# Where sentence glue could be: punctuation, maybe a closing quote, then a
# capitalized word. Much cheaper to search than `_SENTENCE_GLUE`.
_SENTENCE_GLUE_HINT = regex.compile(
    r"[.!?][\"”’»“‘«„¿¡)\]]?(?:\p{Lu}[\p{Ll}'’]|[AEIOUYÀ](?![\p{L}\p{N}]))|[.!?][«“„](?![\p{L}\p{N}])"
)


@dataclass(frozen=True, slots=True)
class Repair:
    line: int
    rule: str
    before: str
    after: str

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "rule": self.rule, "before": self.before, "after": self.after}


@dataclass(slots=True)
class GlueContext:
    """What the repairs know about the document."""

    lang: str | None  # the main language: its closed-class words split glue
    token_counts: Counter = field(default_factory=Counter)
    protected: frozenset[str] = frozenset()  # case-folded
    other_langs: tuple[str, ...] = ()  # further languages of the page
    candidates: tuple[str, ...] = ()  # languages to guess a line's own language from
    #: The page's tokens that glue repair would look at in this context
    #: (`_is_glue_candidate`), found once per page by `for_page` (then only
    #: lines of that page may be repaired with it); None: found line by line.
    glue_tokens: frozenset[str] | None = None

    @classmethod
    def for_page(
        cls,
        lang: str | None,
        tokens: Iterable[str],
        protected: frozenset[str] = frozenset(),
        other_langs: tuple[str, ...] = (),
        candidates: tuple[str, ...] = (),
    ) -> GlueContext:
        """The context of a page from all its `WORD_RE` tokens. Each distinct
        token is judged once here; a line then only intersects its tokens
        with `glue_tokens`."""
        tokens = list(tokens)
        ctx = cls(lang, token_counts(tokens), protected, other_langs, candidates)
        ctx.glue_tokens = frozenset(_page_glue_tokens(set(tokens), ctx))
        return ctx


@lru_cache(maxsize=1)
def _glue_word_lists() -> dict[str, frozenset[str]]:
    text = resources.files("pipeline.boilerplate").joinpath("data/glue_words.json").read_text(encoding="utf-8")
    return {k: frozenset(v) for k, v in json.loads(text).items() if not k.startswith("_")}


@lru_cache(maxsize=None)
def glue_words(lang: str) -> frozenset[str]:
    curated = _glue_word_lists().get(lang)
    if curated is not None:
        return curated
    return frozenset(w for w in top_n(lang, 50) if len(w) >= 3 and w.isalpha())


@lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    # wordfreq's answer, from a compact table per language instead of the
    # whole list wordfreq would load in each worker (pipeline.text.zipf_table).
    return zipf_frequency(word, lang)


class _Memo(dict):
    """Remembered results of a function of one string. A hit is one dict
    lookup (a string keeps its hash), much cheaper than `lru_cache` for a
    lookup per word of every page; emptied when full, so a long run's
    vocabulary cannot make it grow without end."""

    def __init__(self, function: Callable[[str], Any], limit: int = 1 << 16):
        super().__init__()
        self.function, self.limit = function, limit

    def __missing__(self, key: str) -> Any:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.function(key)
        return value


# languages -> word -> known. Pages and lines give a few dozen combinations
# of languages at most; the bounds keep a long multilingual run's cache to a
# few hundred thousand words.
_KNOWN: dict[tuple[str | None, ...], _Memo] = {}
_KNOWN_LANGUAGE_SETS = 16
_KNOWN_WORDS = 1 << 14


def is_known_word(word: str, langs: tuple[str | None, ...]) -> bool:
    """Known to wordfreq in one of the page's languages or in English (brand
    names and loanwords are mostly English)."""
    return _is_known_folded(word.casefold(), langs)


def _is_known_folded(folded: str, langs: tuple[str | None, ...]) -> bool:
    return _known_words(langs)[folded]


def _known_words(langs: tuple[str | None, ...]) -> _Memo:
    """case-folded word -> known in English or `langs`, remembered."""
    memo = _KNOWN.get(langs)
    if memo is None:
        if len(_KNOWN) >= _KNOWN_LANGUAGE_SETS:
            _KNOWN.clear()

        def known(folded: str) -> bool:
            return any(_zipf(folded, lang) > 0 for lang in ("en", *langs) if lang)

        memo = _KNOWN[langs] = _Memo(known, _KNOWN_WORDS)
    return memo


def _glue_allowed(token: str, ctx: GlueContext) -> bool:
    """May glue repair split this token? Not if protected, repeated in the
    document, or a known word."""
    folded = token.casefold()
    if folded in ctx.protected or ctx.token_counts[token] > 1:
        return False
    return not _is_known_folded(folded, (ctx.lang, *ctx.other_langs))


def split_camel_glue(token: str, ctx: GlueContext, name_follows: bool = False) -> str:
    """'EllisonMichael Dell' -> 'Ellison Michael Dell', 'ReutersThe' ->
    'Reuters The'; 'McDonald', 'iPhone', 'ByteDance', 'TotalEnergies' stay.
    Two glued links are names, one of which goes on in the next word
    (`name_follows`: it is capitalized), or a block's last word glued to a
    sentence's first; a brand written in camel case is neither, and most are
    too new for the word lists ("TotalEnergies a annoncé", "BackMarket,")."""
    cuts = [m.start() for m in _CAMEL_BOUNDARY.finditer(token)]
    if len(cuts) != 1 or not _glue_allowed(token, ctx):
        return token
    left, right = token[: cuts[0]], token[cuts[0] :]
    # Two-letter heads are name particles or product prefixes (Mc, De, Le, Go).
    if len(left) < 3 or len(right) < 2:
        return token
    if not (left[0].isupper() or is_known_word(left, (ctx.lang, *ctx.other_langs))):
        return token
    if not (name_follows or _is_function_word(right.casefold(), (ctx.lang, *ctx.other_langs))):
        return token
    return f"{left} {right}"


@lru_cache(maxsize=32)
def _function_words(lang: str) -> frozenset[str]:
    # the language's 100 most frequent words: articles, pronouns, conjunctions
    return frozenset(top_n(lang, 100))


def _is_function_word(word: str, langs: tuple[str | None, ...]) -> bool:
    return any(lang is not None and word in _function_words(lang) for lang in langs)


def split_lowercase_glue(token: str, ctx: GlueContext) -> str:
    """'geherstructureerdwaardoor' -> 'geherstructureerd waardoor': an unknown
    token that is a known word followed by a closed-class word."""
    if ctx.lang is None or not _LOWER_TOKEN.match(token) or not _glue_allowed(token, ctx):
        return token
    closed = glue_words(ctx.lang)
    for size in range(min(9, len(token) - 5), 2, -1):
        left, right = token[:-size], token[-size:]
        if right in closed and len(left) >= 5 and _zipf(left.casefold(), ctx.lang) >= 1.5:
            return f"{left} {right}"
    return token


def split_clitic(token: str) -> tuple[str, str]:
    """'TikTok’s' -> ('TikTok', '’s')."""
    match = _APOSTROPHE.search(token)
    return (token, "") if match is None else (token[: match.start()], token[match.start() :])


def clitic_base(token: str) -> str:
    """`split_clitic(token)[0]`, without a regular expression."""
    cut = len(token)
    for mark in "'’":
        found = token.find(mark)
        if 0 <= found < cut:
            cut = found
    return token[:cut]


def document_token_counts(text: str) -> Counter:
    return token_counts(WORD_RE.findall(text))


def token_counts(tokens: Iterable[str]) -> Counter:
    """How often each word base occurs (`WORD_RE` tokens of the document)."""
    counts = Counter(tokens)
    # Few tokens carry a clitic: count whole tokens, then move those.
    for token in [t for t in counts if "'" in t or "’" in t]:
        counts[clitic_base(token)] += counts.pop(token)
    return counts


def _repair_tokens(chunk: str, ctx: GlueContext, name_follows: bool = False) -> tuple[str, list[str]]:
    rules: list[str] = []

    def fix(match: regex.Match) -> str:
        # "EllisonMichael’s": judge the word without its clitic, keep the clitic.
        token, clitic = split_clitic(match.group(0))
        fixed = split_camel_glue(token, ctx, name_follows and match.end() == len(chunk))
        if fixed != token:
            rules.append("camel_glue")
            return fixed + clitic
        fixed = split_lowercase_glue(token, ctx)
        if fixed != token:
            rules.append("word_glue")
        return fixed + clitic

    return WORD_RE.sub(fix, chunk), rules


def _repair_sentence_glue(chunk: str, quotes_before: int = 0) -> str:
    """Put a space where a sentence ends and the next begins without one.
    `quotes_before`: how many straight double quotes the line has before
    `chunk`; a straight quote after the full stop opens the next sentence
    when the ones before it are paired ('said."That' -> 'said. "That'),
    else it closes this one ('beaten."The' -> 'beaten." The')."""
    def fix(match: regex.Match) -> str:
        word, after = match.group(3), match.group(4)
        # "Booking.Com", "console.WriteLine(", "System.Out.println" are not sentences
        # ("closure.It is" is: see _DOMAIN_END).
        if (len(word) > 2 and word.casefold() in _TLDS) or after in ("(", ".") or (
                after.isalpha() and word[-1:] not in "'’"):
            return match.group(0)
        stop, mark = match.group(1), match.group(2)
        if mark in _OPENING_QUOTES or (
                mark == '"' and (quotes_before + chunk.count('"', 0, match.start(2))) % 2 == 0):
            return stop + " " + mark
        return stop + mark + " "

    return _SENTENCE_GLUE.sub(fix, chunk)


def _line_context(text: str, ctx: GlueContext) -> GlueContext:
    """The page's context plus the line's own languages: in a page that mixes
    languages, a Spanish word is not "unknown" because the page is French."""
    if not ctx.candidates:
        return ctx
    own = document_languages(text, ctx.candidates, limit=2)
    if not own or own[0] == ctx.lang:
        return ctx
    others = tuple(dict.fromkeys((*own[1:], ctx.lang, *ctx.other_langs)))
    return GlueContext(own[0], ctx.token_counts, ctx.protected, tuple(o for o in others if o), ctx.candidates)


def _page_glue_tokens(tokens: set[str], ctx: GlueContext) -> Iterator[str]:
    """The tokens for which `_is_glue_candidate` holds, judged in one loop
    over a page's distinct tokens (the same tests, cheapest first)."""
    known = _known_words((ctx.lang, *ctx.other_langs))
    for token, base in zip(tokens, map(_SHAPED_BASES.__getitem__, tokens)):
        if base is None or ctx.token_counts[base] > 1:
            continue
        folded = base.casefold()
        if folded not in ctx.protected and not known[folded]:
            yield token


def _has_glue_shape(base: str) -> bool:
    """Long and lower-case (`_LOWER_TOKEN`, 7 letters at least), or with a
    lower-to-upper change (`_CAMEL_BOUNDARY`)."""
    if len(base) >= 7 and _LOWER_TOKEN.match(base):
        return True
    return _CAMEL_BOUNDARY.search(base) is not None


def _shaped_base(token: str) -> str | None:
    """The token's base (`split_clitic`) when it has a shape glue repair
    looks at, else None."""
    base = clitic_base(token)
    return base if _has_glue_shape(base) else None


# Depends on the token alone: remembered across documents (words recur).
_SHAPED_BASES = _Memo(_shaped_base)


def _is_glue_candidate(token: str, ctx: GlueContext) -> bool:
    base = _SHAPED_BASES[token]
    return base is not None and _glue_allowed(base, ctx)


def _glue_tokens(tokens: list[str], ctx: GlueContext) -> set[str]:
    """The line's tokens that the page's languages do not know and glue
    repair would look at. Only if there are any is the line's own language
    worth guessing, and can a token be split."""
    if ctx.glue_tokens is not None:
        return ctx.glue_tokens.intersection(tokens)
    return {token for token in tokens if _is_glue_candidate(token, ctx)}


def repair_line(
    text: str, number: int, ctx: GlueContext, tokens: list[str] | None = None
) -> tuple[str, list[Repair]]:
    """Repair one line; every changed chunk is reported with its rule.
    `tokens`: the line's `WORD_RE` tokens, when the caller has them already."""
    if tokens is None:
        tokens = WORD_RE.findall(text)
    glue = _glue_tokens(tokens, ctx)
    if glue:
        line_ctx = _line_context(text, ctx)
        if line_ctx is not ctx:
            glue, ctx = _glue_tokens(tokens, line_ctx), line_ctx
    elif not _SENTENCE_GLUE_HINT.search(text):
        return text, []  # most lines: nothing to split
    repairs: list[Repair] = []
    chunks = text.split(" ")
    start = 0  # the chunk's offset in `text`
    for k, chunk in enumerate(chunks):
        offset, start = start, start + len(chunk) + 1
        # A chunk changes only by sentence glue or by splitting one of the
        # `glue` tokens (sentence glue adds a space after punctuation: the
        # chunk's tokens stay the same).
        may_split = bool(glue) and any(token in chunk for token in glue)
        if not chunk or not (may_split or _SENTENCE_GLUE_HINT.search(chunk)):
            continue
        if _PROTECTED_CHUNK.search(chunk):
            continue
        fixed = _repair_sentence_glue(chunk, text.count('"', 0, offset))
        if fixed != chunk:
            repairs.append(Repair(number, "sentence_glue", chunk, fixed))
            chunk = fixed
        if not may_split or _CODE_LIKE.search(chunk):
            chunks[k] = chunk  # "console.WriteLine(x)", "U.S.Army": identifiers, not glue
            continue
        name_follows = k + 1 < len(chunks) and chunks[k + 1][:1].isupper()
        fixed, rules = _repair_tokens(chunk, ctx, name_follows)
        if fixed != chunk:
            repairs.append(Repair(number, "+".join(sorted(set(rules))), chunk, fixed))
        chunks[k] = fixed
    return " ".join(chunks), repairs
