"""The boilerplate stage's fast paths give what the slow ones they replace give.

Each shortcut (word splitting with `str` methods, literal heads before cue
patterns, per-page glue candidates...) is compared with the plain regular
expression or loop it stands for, on the seeds, the benchmark's text scrapes
and generated variants of their lines (glued, re-cased, decorated). The
Unicode properties the `str` shortcuts rest on are checked for every code
point: Python's `str` methods and the `regex` module use different Unicode
versions, so an upgrade of either could break them.
"""

from __future__ import annotations

import random
import sys
from functools import lru_cache
from itertools import chain
from pathlib import Path

import pytest
import regex

from pipeline.boilerplate import classify, cue_heads, cues, lines, repair, stopwords, tokens

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("de", "en", "es", "fr", "it", "nl", "pt")


@lru_cache(maxsize=1)
def sample_lines() -> tuple[str, ...]:
    """Lines of the seeds and text scrapes, their words, glued and decorated
    variants, and each cue phrase with counts and decoration around it."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "bench/boilerplate/data/text").glob("*.txt"))]
    base = [" ".join(line.split()) for text in texts for line in text.splitlines() if line.strip()]
    base += [line[2:].strip() for line in base if line[1:2] == "|"]  # text scrapes: "C| ..." / "B| ..."
    rng = random.Random(11)
    out = set(base)
    for line in base:
        out.update(line.split())
        out.add(line.upper())
        out.add(line.replace(" ", "", 2))  # glue
        out.add(rng.choice(["• ", "» ", "- ", "3 ", "Ⓐ ", "“", "| ", "→ "]) + line)
        out.add(line + rng.choice([" →", " (12)", "…", "’", " 2024", " ©"]))
    for entries in cues._raw_cues().values():
        for entry in entries:
            for alternative in cues._alternatives(entry["pattern"]):
                literal = regex.sub(r"[()?|\\\[\]+*{}]", "", alternative)
                out.update({literal, literal.title(), f"3 {literal}", f"{literal} (12)", f"12{literal}",
                            f"x{literal}", f"{literal}x", f"Read: {literal} now", f"• {literal} »"})
    return tuple(sorted(out))


# ---------------------------------------------------------------- Unicode


def test_str_shortcuts_agree_with_regex_unicode_for_every_code_point():
    letter_or_mark, word = regex.compile(r"[\p{L}\p{M}]"), regex.compile(r"\w")
    edge = regex.compile(r"[\p{P}\p{S}\s]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isalpha():  # tokens.word_tokens / word_runs
            assert letter_or_mark.match(char) and word.match(char), hex(code)
        if char.isspace():  # str.split() never cuts a word
            assert not (letter_or_mark.match(char) or word.match(char) or char in "'’"), hex(code)
            assert char.lower() == char and char.casefold() == char, hex(code)
        elif any(c.isspace() for c in char.lower() + char.casefold()):  # cues/classify: single spacing kept
            pytest.fail(f"{code:#x} lower-cases to whitespace")
        if char.isalnum():  # classify.strip_edge_punct, cues.normalize_for_cues
            assert not edge.match(char), hex(code)
    for char in tokens.EDGE_PUNCT:
        assert not (letter_or_mark.match(char) or word.match(char) or char in "'’")


# ---------------------------------------------------------------- words


def test_word_tokens_and_runs_match_the_regular_expressions():
    rng = random.Random(5)
    alphabet = list("aBcéÉßİǅ'’ .,;:!?\"()[]«»“”-_0123456789²Ⅻ٣\t\u00a0\u0301Ⓐ")
    extra = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30))) for _ in range(20000)]
    for text in chain(sample_lines(), extra):
        assert tokens.word_tokens(text) == tokens.WORD_RE.findall(text), text
        assert tokens.word_runs(text) == set(tokens.WORD_RUN.findall(text)), text


def test_ends_sentence_and_edge_punctuation():
    edge = regex.compile(r"^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$")
    for text in sample_lines():
        for variant in (text, text + "\n", text + ".)\n", text + "»"):
            assert lines.ends_sentence(variant) == bool(lines.SENTENCE_END.search(variant)), variant
        folded = " ".join(text.casefold().split())
        assert classify.strip_edge_punct(folded) == edge.sub("", folded), text
        spaced = " ".join(text.split())  # classify_lines' keys: line texts are single-spaced
        assert classify.line_key(spaced) == classify.strip_edge_punct(spaced.casefold()), text


def test_language_scores_match_counting_per_language():
    for text in sample_lines()[:3000]:
        words = stopwords.words(text)
        expected = {lang: sum(1 for w in words if w in stopwords.guess_set(lang)) for lang in stopwords.DEFAULT_LANGUAGES}
        assert stopwords.language_scores(words, stopwords.DEFAULT_LANGUAGES) == expected


# ---------------------------------------------------------------- cues


def _cues_by_running_every_pattern(line: str, langs: tuple[str, ...]) -> list[tuple[str, str]]:
    norm = cues.normalize_for_cues(line)
    short = norm.count(" ") < cues._LINE_CUE_MAX_WORDS
    hits = []
    for scope, category, pattern in cues.compiled_cues(langs).patterns:
        if scope == "word" or (scope == "line" and not short):
            continue
        if pattern.search(norm) if scope == "phrase" else pattern.match(norm):
            hits.append((category, scope))
    return hits


def _segments_with_every_alternative(line: str, langs: tuple[str, ...]) -> list[str] | None:
    matcher = cues.compiled_cues(langs).segments
    pattern, groups = matcher._pattern(matcher.every)
    norm, pos, segments = cues.normalize_for_cues(line), 0, []
    while pos < len(norm) and len(segments) < 12:
        best_end, best_category = pos, ""
        number = cues._NUMBER_SEGMENT.match(norm, pos)
        if number:
            best_end, best_category = number.end(), "counter"
        match = pattern.match(norm, pos)
        if match and match.end() > best_end:
            best_end, best_category = match.end(), matcher.categories[groups[match.lastindex]]
        if best_end == pos:
            return None
        segments.append(best_category)
        pos = best_end
    return segments if pos >= len(norm) else None


@pytest.mark.parametrize("langs", [LANGS, ("nl", "fr"), ("en",)])
def test_cue_heads_never_hide_a_match(langs):
    sample = sample_lines() if langs == LANGS else random.Random(3).sample(sample_lines(), 2000)
    for line in sample:
        found = [(hit.category, hit.scope) for hit in cues.find_cues(line, langs)]
        assert found == _cues_by_running_every_pattern(line, langs), line
        assert cues.segment_cues(line, langs) == _segments_with_every_alternative(line, langs), line


def test_single_spaced_normalization_is_the_same():
    for line in sample_lines():
        spaced = " ".join(line.split())
        assert cues.normalize_for_cues(spaced, single_spaced=True) == cues.normalize_for_cues(line)


def test_literal_prefixes():
    assert cue_heads.literal_prefixes("share( this( article| story)?)?") == (
        frozenset({"share", "share this", "share this article", "share this story"}), True)
    assert cue_heads.literal_prefixes(r"copyright \d{4}") == (frozenset({"copyright "}), False)
    assert cue_heads.literal_prefixes(r"(par|auteur\s*:)\s+\p{L}+") == (frozenset({"par", "auteur"}), False)
    assert cue_heads.literal_prefixes(r"\d+ shares?", skip_leading_digits=True) == (frozenset(), True)
    assert cue_heads.literal_prefixes(r"\d* ?comments?", skip_leading_digits=True)[0] >= {"comments", " comment"}
    assert cue_heads.literal_prefixes(r"\w+ news") == (frozenset({""}), False)  # no heads: always runs
    assert cue_heads.pattern_heads([r"\w+ news"]) is None
    assert cue_heads.literal_prefixes("(?i)home") is None


# ---------------------------------------------------------------- glue repair


def test_glue_shape_matches_the_regular_expressions():
    for token in chain.from_iterable(tokens.WORD_RE.findall(line) for line in sample_lines()):
        base = repair.split_clitic(token)[0]
        assert repair.clitic_base(token) == base
        shaped = bool(repair._LOWER_TOKEN.match(base) or repair._CAMEL_BOUNDARY.search(base))
        assert repair._has_glue_shape(base) == shaped, token


def _repair_line_reference(text: str, number: int, ctx: repair.GlueContext) -> tuple[str, list[repair.Repair]]:
    """`repair_line` without its shortcuts: every chunk through every step."""
    bases = [repair.split_clitic(token)[0] for token in tokens.WORD_RE.findall(text)]
    if any(repair._has_glue_shape(base) and repair._glue_allowed(base, ctx) for base in bases):
        ctx = repair._line_context(text, ctx)
    repairs = []
    chunks = text.split(" ")
    for k, chunk in enumerate(chunks):
        if not chunk or repair._PROTECTED_CHUNK.search(chunk):
            continue
        fixed = repair._repair_sentence_glue(chunk, " ".join(chunks[:k]).count('"'))
        if fixed != chunk:
            repairs.append(repair.Repair(number, "sentence_glue", chunk, fixed))
            chunk = fixed
        if repair._CODE_LIKE.search(chunk):
            chunks[k] = chunk
            continue
        fixed, rules = repair._repair_tokens(chunk, ctx, k + 1 < len(chunks) and chunks[k + 1][:1].isupper())
        if fixed != chunk:
            repairs.append(repair.Repair(number, "+".join(sorted(set(rules))), chunk, fixed))
        chunks[k] = fixed
    return " ".join(chunks), repairs


def test_page_context_repairs_as_line_by_line():
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        page = [" ".join(line.split()) for line in text.splitlines()]
        page += [line.replace(" ", "", 3) for line in page]  # more glue
        all_tokens = [tokens.WORD_RE.findall(line) for line in page]
        langs = stopwords.document_languages(text)
        lang, others = (langs[0] if langs else None), tuple(langs[1:])
        plain = repair.GlueContext(lang, repair.token_counts(chain.from_iterable(all_tokens)), frozenset(), others,
                                   stopwords.DEFAULT_LANGUAGES)
        fast = repair.GlueContext.for_page(lang, chain.from_iterable(all_tokens), frozenset(), others,
                                           stopwords.DEFAULT_LANGUAGES)
        assert fast.token_counts == repair.document_token_counts("\n".join(page))
        for number, (line, line_tokens) in enumerate(zip(page, all_tokens), start=1):
            expected = _repair_line_reference(line, number, plain)
            assert repair.repair_line(line, number, fast, line_tokens) == expected, line
            assert repair.repair_line(line, number, plain) == expected, line
