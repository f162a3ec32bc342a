"""The typed modules against the Python code they stand in for: the typed
decoder (pipeline/despin/typed_decoder.pyx) makes the same choices with the
same gains, bit for bit, as `Decoder` on random lattices over a small
word-pair model built here (known and unknown words, "a"/"an", punctuation
breaks, multi-word arcs, ties); the typed tokenizer (typed_tokens.pyx) gives
the same words as the regular expressions. The golden cases are compared end
to end by tests/test_despin_compiled.py."""

from __future__ import annotations

import random

import pytest

from pipeline.despin import compiled
from pipeline.despin.candidates import Arc
from pipeline.despin.decoder import Decoder, new_decoder
from pipeline.despin.language_model import BigramModel

typed = pytest.importorskip("pipeline.despin.typed_decoder", reason="typed decoder not built (pip install -e .)")

VOCAB = "a an the team crew group essential critical vital hour user model brand data knowledge fast quick".split()
UNKNOWN = ["zorblax", "ubqix", "ompf", "krel"]


def small_model(rng: random.Random) -> BigramModel:
    unigrams = {w: rng.choice([10, 1_000, 50_000, 2_000_000]) for w in VOCAB}
    # coarse counts make equal scores, so ties are exercised too
    bigrams = {(left, right): rng.choice([5, 50, 500]) for left in VOCAB for right in VOCAB if rng.random() < 0.4}
    return BigramModel.from_counts(unigrams, bigrams)


def random_lattice(rng: random.Random, n: int) -> tuple[list[str], list[bool], dict[int, list[Arc]]]:
    norms = [rng.choice(VOCAB + UNKNOWN) for _ in range(n)]
    joined = [False] + [rng.random() < 0.8 for _ in range(n - 1)]
    by_start: dict[int, list[Arc]] = {}
    for start in range(n):
        for _ in range(rng.choice([0, 0, 1, 2, 4])):
            end = min(n, start + rng.choice([1, 1, 1, 2, 3]))
            words = tuple(rng.choice(VOCAB + UNKNOWN[:1]) for _ in range(rng.choice([1, 1, 2])))
            cost = rng.choice([0.0, 1.5, -3.0, 3.0, rng.uniform(-4, 4)])
            by_start.setdefault(start, []).append(Arc(start, end, words, "lexicon", cost))
    return norms, joined, by_start


def test_typed_decoder_matches_the_python_decoder_on_random_lattices():
    rng = random.Random(7)
    checked = 0
    for _ in range(60):
        lm = small_model(rng)
        python, fast = Decoder(lm), typed.TypedDecoder(lm)
        for _ in range(25):
            n = rng.randint(1, 14)
            norms, joined, by_start = random_lattice(rng, n)
            lo = rng.randrange(n)
            hi = rng.randint(lo + 1, n)
            context = norms[lo - 1] if lo and joined[lo] else None
            assert fast.decode(norms, joined, by_start, lo, hi, context) == \
                python.decode(norms, joined, by_start, lo, hi, context)
            arcs = [a for a in by_start.get(lo, []) if a.end == lo + 1]
            if arcs:
                assert fast.best_single(norms, joined, arcs, lo, context) == \
                    python.best_single(norms, joined, arcs, lo, context)
            words = tuple(norms[lo:hi])
            nxt = norms[hi] if hi < n else None
            assert fast.seq_score(words, context, nxt) == python.seq_score(words, context, nxt)
            checked += 1
        for word in VOCAB + UNKNOWN:
            for prev in [None, *VOCAB, *UNKNOWN]:
                assert fast.logp(word, prev) == python.logp(word, prev) == fast._memo[(word, prev)]
    assert checked == 1500


def test_typed_pruning_keeps_the_candidates_the_python_pruning_keeps():
    """`TypedDecoder.fitting_one` against `candidates._fitting_one` through
    the Python decoder's memo: the same candidates for random words,
    neighbours (none, known, unknown) and costs, ties at the slack included."""
    from types import SimpleNamespace

    from pipeline.despin.candidates import PRUNE_SLACK, _fitting_one

    rng = random.Random(5)
    kept = dropped = 0
    for _ in range(20):
        lm = small_model(rng)
        python, fast = Decoder(lm), typed.TypedDecoder(lm)
        for _ in range(200):
            norm = rng.choice(VOCAB + UNKNOWN)
            singles = tuple((w,) for w in rng.sample(VOCAB + UNKNOWN, rng.randint(1, 6)))
            prev = rng.choice([None, *VOCAB, *UNKNOWN])
            nxt = rng.choice([None, *VOCAB, *UNKNOWN])
            cost = rng.choice([0.0, 1.5, rng.uniform(-2, 3)])
            source = SimpleNamespace(singles={norm: singles}, memo=python._memo, fitting=None)
            expected = _fitting_one(norm, prev, nxt, source, cost)
            assert fast.fitting_one(norm, prev, nxt, singles, cost, -PRUNE_SLACK) == expected
            kept += len(expected)
            dropped += len(singles) - len(expected)
    assert kept > 500 and dropped > 500  # both outcomes are exercised


def test_typed_decoder_from_its_packed_tables_scores_the_same():
    """The disk cache keeps `packed()`; a decoder made from it is the same."""
    lm = small_model(random.Random(3))
    built = typed.TypedDecoder(lm)
    loaded = typed.TypedDecoder(lm, built.packed())
    assert loaded.packed() == built.packed()
    for word in VOCAB + UNKNOWN:
        for prev in [None, *VOCAB, *UNKNOWN]:
            assert loaded.logp(word, prev) == built.logp(word, prev)
    with pytest.raises(ValueError, match="another layout"):
        typed.TypedDecoder(lm, {**built.packed(), "vowel": b"\x00"})


def test_new_decoder_is_the_typed_one_when_built_and_shared_per_model():
    lm = small_model(random.Random(1))
    first, second = new_decoder(lm), new_decoder(lm)
    if compiled.status()["typed_decoder"] == "compiled":
        assert isinstance(first, typed.TypedDecoder) and first is second
    else:
        assert isinstance(first, Decoder) and first is not second


# -- the typed tokenizer ---------------------------------------------------------------

typed_tokens = pytest.importorskip("pipeline.despin.typed_tokens", reason="typed tokenizer not built")

from hypothesis import given, settings, strategies as st  # noqa: E402

from pipeline.despin.screen import WORDS_RE  # noqa: E402
from pipeline.despin.tokens import python_text_words  # noqa: E402

#: characters that decide where words begin, end and join; dotted parts
#: (".a", ".Z", "p.c") weighted in so dotted abbreviations ("p.c", "U.S.A") come often
TOKEN_ALPHABET = st.sampled_from(list("aZ9 \t-'’.,\n{}é") + ["İ", "ß", "–", "\u00a0", ".a", ".Z", "p.c", "a."])


def _fields(words) -> tuple:
    return words.starts, words.ends, words.texts, words.norms, words.joined, words.hyphen


@pytest.mark.parametrize("text", [
    "", "...", "Knowledge-Pushed Choices, TikTok’s 12 months.", "it's9 rock'n'roll a' 'b", "x - y\t-\tz",
    "end’", "café au lait", "a  b--c, d", "İstanbul Straße", "O’Neill’s’ x’y’",
    "rose 3.1 p.c", "the U.Okay. market", "U.S.A e.g. U.S.", "advancements.The", "a.b.cd.e a..b a.1 a.b1 p.c9",
    "x’y.z it's.a a.b'c .a. a.", "a.b.c.d.e.f", "9a.b-c.d",
])
def test_typed_tokenizer_matches_the_regex_one_on_cases(text):
    assert _fields(typed_tokens.text_words(text)) == _fields(python_text_words(text))
    assert typed_tokens.word_list(text) == WORDS_RE.findall(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKEN_ALPHABET, max_size=40).map("".join))
def test_typed_tokenizer_matches_the_regex_one(text):
    assert _fields(typed_tokens.text_words(text)) == _fields(python_text_words(text))
    assert typed_tokens.word_list(text) == WORDS_RE.findall(text)  # the screen's words


typed_lexicon = pytest.importorskip("pipeline.despin.typed_lexicon", reason="typed lexicon walk not built")

from pipeline.despin import candidates  # noqa: E402
from pipeline.despin.candidates import LatticeCosts, lexicon_arcs  # noqa: E402
from pipeline.despin.lexicon import SpinLexicon  # noqa: E402
from pipeline.despin.tokens import text_words  # noqa: E402


def small_lexicon() -> SpinLexicon:
    """One-word forms that begin no longer one and that do, nested phrases,
    strong and weak entries, a form listed among its own originals."""
    lex = SpinLexicon()
    lex.add(("gross", "sales"), [("sales",)], True)
    lex.add(("crew",), [("team",)], False)
    lex.add(("the", "crew"), [("the", "team")], False)
    lex.add(("in", "regards", "to"), [("about",), ("concerning",)], False)
    lex.add(("on", "line"), [("online",)], False)
    lex.add(("knowledge", "pushed"), [("data", "driven")], True)
    lex.add(("knowledge",), [("data",)], False)
    lex.add(("model",), [("brand",), ("model",)], False)
    lex.add(("model", "consciousness"), [("brand", "awareness")], True)
    return lex


SMALL_LEX = small_lexicon()
WALK_WORDS = st.sampled_from(["the", "crew", "crew's", "The", "Crew's", "gross", "sales", "sales's", "in",
                              "regards", "to", "on", "line", "knowledge", "Knowledge", "pushed", "model",
                              "model's", "consciousness", "x", "the's"])
WALK_GAPS = st.sampled_from([" ", " ", "-", ", ", " - ", ". ", "\n", "’s "])


def _both_walks(text: str, monkeypatch) -> tuple[list, list]:
    words = text_words(text)
    typed_arcs = lexicon_arcs(words, SMALL_LEX, LatticeCosts())
    with monkeypatch.context() as patch:
        patch.setattr(candidates, "_typed_walk", None)
        python_arcs = lexicon_arcs(words, SMALL_LEX, LatticeCosts())
    return typed_arcs, python_arcs


def test_typed_lexicon_walk_is_in_use():
    """Where its build is in use (not with ARTNORM_PURE_PYTHON=1), lexicon_arcs
    walks with it, so the comparisons below compare the two walks."""
    if compiled.status().get("typed_lexicon") != "compiled":
        pytest.skip("plain Python forced or typed_lexicon stale: the Python walk runs")
    assert candidates._typed_walk is typed_lexicon.lexicon_walk


@pytest.mark.parametrize("text", ["", "the crew's gross sales", "Knowledge-Pushed knowledge-pushed on-line",
                                  "in regards to the model consciousness", "the crew-model's x", "crew's crew"])
def test_typed_lexicon_walk_matches_the_python_walk_on_cases(text, monkeypatch):
    typed_arcs, python_arcs = _both_walks(text, monkeypatch)
    assert typed_arcs == python_arcs


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WALK_WORDS, WALK_GAPS), max_size=14))
def test_typed_lexicon_walk_matches_the_python_walk(parts):
    text = "".join(word + gap for word, gap in parts)
    words = text_words(text)
    typed_arcs = lexicon_arcs(words, SMALL_LEX, LatticeCosts())
    saved = candidates._typed_walk
    candidates._typed_walk = None  # hypothesis and function-scoped fixtures do not mix
    try:
        python_arcs = lexicon_arcs(words, SMALL_LEX, LatticeCosts())
    finally:
        candidates._typed_walk = saved
    assert typed_arcs == python_arcs
