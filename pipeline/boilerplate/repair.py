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

import regex

from pipeline.boilerplate.stopwords import WORD_RE

_TLDS = frozenset("com org net io nl de fr es eu uk be it info gov edu co".split())
# URLs, e-mail addresses, paths, handles and domains are never repaired.
_PROTECTED_CHUNK = regex.compile(r"@|://|^www\.|/|\\|^#|\.(?:" + "|".join(sorted(_TLDS)) + r")\b", regex.I)
_SENTENCE_GLUE = regex.compile(r"(?<=[\p{Ll}\p{N}][\p{Ll}\p{N}])([.!?]+[\"”’»)\]]?)(?=(\p{Lu}\p{Ll}+)(.?))")
_CAMEL_BOUNDARY = regex.compile(r"(?<=\p{Ll})(?=\p{Lu}\p{Ll})")
_LOWER_TOKEN = regex.compile(r"^\p{Lu}?\p{Ll}{7,}$")
_CODE_LIKE = regex.compile(r"\p{L}\.\p{L}|[()\[\]{}=_<>]")
_APOSTROPHE = regex.compile(r"['’]")


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


@lru_cache(maxsize=1)
def _glue_word_lists() -> dict[str, frozenset[str]]:
    text = resources.files("pipeline.boilerplate").joinpath("data/glue_words.json").read_text(encoding="utf-8")
    return {k: frozenset(v) for k, v in json.loads(text).items() if not k.startswith("_")}


@lru_cache(maxsize=None)
def glue_words(lang: str) -> frozenset[str]:
    curated = _glue_word_lists().get(lang)
    if curated is not None:
        return curated
    import wordfreq

    return frozenset(w for w in wordfreq.top_n_list(lang, 50) if len(w) >= 3 and w.isalpha())


@lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    try:
        import wordfreq
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ImportError("the boilerplate stage needs wordfreq: pip install wordfreq") from exc
    return wordfreq.zipf_frequency(word, lang)


def is_known_word(word: str, langs: tuple[str | None, ...]) -> bool:
    """Known to wordfreq in one of the page's languages or in English (brand
    names and loanwords are mostly English)."""
    folded = word.casefold()
    return any(_zipf(folded, lang) > 0 for lang in ("en", *langs) if lang)


def _glue_allowed(token: str, ctx: GlueContext) -> bool:
    folded = token.casefold()
    if folded in ctx.protected or ctx.token_counts[token] > 1:
        return False
    return not is_known_word(token, (ctx.lang, *ctx.other_langs))


def split_camel_glue(token: str, ctx: GlueContext) -> str:
    """'EllisonMichael' -> 'Ellison Michael'; 'McDonald', 'iPhone', 'ByteDance' stay."""
    cuts = [m.start() for m in _CAMEL_BOUNDARY.finditer(token)]
    if len(cuts) != 1 or not _glue_allowed(token, ctx):
        return token
    left, right = token[: cuts[0]], token[cuts[0] :]
    # Two-letter heads are name particles or product prefixes (Mc, De, Le, Go).
    if len(left) < 3 or len(right) < 2:
        return token
    if not (left[0].isupper() or is_known_word(left, (ctx.lang, *ctx.other_langs))):
        return token
    return f"{left} {right}"


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


def document_token_counts(text: str) -> Counter:
    return Counter(split_clitic(token)[0] for token in WORD_RE.findall(text))


def _repair_tokens(chunk: str, ctx: GlueContext) -> tuple[str, list[str]]:
    rules: list[str] = []

    def fix(match: regex.Match) -> str:
        # "EllisonMichael’s": judge the word without its clitic, keep the clitic.
        token, clitic = split_clitic(match.group(0))
        fixed = split_camel_glue(token, ctx)
        if fixed != token:
            rules.append("camel_glue")
            return fixed + clitic
        fixed = split_lowercase_glue(token, ctx)
        if fixed != token:
            rules.append("word_glue")
        return fixed + clitic

    return WORD_RE.sub(fix, chunk), rules


def _repair_sentence_glue(chunk: str) -> str:
    def fix(match: regex.Match) -> str:
        word, after = match.group(2), match.group(3)
        # "Booking.Com", "console.WriteLine(", "System.Out.println" are not sentences.
        if word.casefold() in _TLDS or after in ("(", ".") or after.isalpha():
            return match.group(1)
        return match.group(1) + " "

    return _SENTENCE_GLUE.sub(fix, chunk)


def _line_context(text: str, ctx: GlueContext) -> GlueContext:
    """The page's context plus the line's own languages: in a page that mixes
    languages, a Spanish word is not "unknown" because the page is French."""
    if not ctx.candidates:
        return ctx
    from pipeline.boilerplate.stopwords import document_languages

    own = document_languages(text, ctx.candidates, limit=2)
    if not own or own[0] == ctx.lang:
        return ctx
    others = tuple(dict.fromkeys((*own[1:], ctx.lang, *ctx.other_langs)))
    return GlueContext(own[0], ctx.token_counts, ctx.protected, tuple(o for o in others if o), ctx.candidates)


def _has_glue_candidate(text: str, ctx: GlueContext) -> bool:
    """Any token the page's languages do not know that glue repair would look
    at? Only then is the line's own language worth guessing."""
    for token in WORD_RE.findall(text):
        token = split_clitic(token)[0]
        shaped = _LOWER_TOKEN.match(token) or _CAMEL_BOUNDARY.search(token)
        if shaped and _glue_allowed(token, ctx):
            return True
    return False


def repair_line(text: str, number: int, ctx: GlueContext) -> tuple[str, list[Repair]]:
    """Repair one line; every changed chunk is reported with its rule."""
    if _has_glue_candidate(text, ctx):
        ctx = _line_context(text, ctx)
    repairs: list[Repair] = []
    chunks = text.split(" ")
    for k, chunk in enumerate(chunks):
        if not chunk or _PROTECTED_CHUNK.search(chunk):
            continue
        fixed = _repair_sentence_glue(chunk)
        if fixed != chunk:
            repairs.append(Repair(number, "sentence_glue", chunk, fixed))
            chunk = fixed
        if _CODE_LIKE.search(chunk):
            chunks[k] = chunk
            continue  # "console.WriteLine(x)", "U.S.Army": identifiers, not glue
        fixed, rules = _repair_tokens(chunk, ctx)
        if fixed != chunk:
            repairs.append(Repair(number, "+".join(sorted(set(rules))), chunk, fixed))
        chunks[k] = fixed
    return " ".join(chunks), repairs
