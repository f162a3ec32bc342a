"""The despin trigram layer: the model wrapper on a small ARPA model the
tests write, the second look at lexicon decisions (`context_check.recheck`),
and the stage with the real model pocketsphinx ships."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests")]

from pipeline.despin.candidates import Arc  # noqa: E402
from pipeline.despin.context_check import RecheckWeights, recheck  # noqa: E402
from pipeline.despin.decoder import Choice  # noqa: E402
from pipeline.despin.trigram import OOV_LOGP, TrigramMissing, TrigramModel, load_trigram_model  # noqa: E402

# log10 probabilities and back-off weights; "the main parties" is likely,
# "the first parties" is not, and "parties" after "main" also backs off well
ARPA = r"""\data\
ngram 1=8
ngram 2=5
ngram 3=2

\1-grams:
-1.0 <s> -0.3
-1.0 </s> 0.0
-0.5 the -0.2
-1.5 main -0.1
-1.2 first -0.1
-2.0 parties -0.1
-1.8 primary -0.1
-1.0 won -0.1

\2-grams:
-0.3 the main -0.1
-0.9 the first -0.1
-0.5 main parties -0.05
-1.5 first parties -0.05
-0.2 parties won 0.0

\3-grams:
-0.1 the main parties
-2.0 the first parties

\end\
"""


@pytest.fixture(scope="module")
def small_arpa(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("lm") / "small.arpa"
    path.write_text(ARPA, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def small_model(small_arpa) -> TrigramModel:
    return load_trigram_model(small_arpa, typed=False)


def _typed_built() -> bool:
    from pipeline.despin.compiled import status

    return status().get("typed_trigram") == "compiled"


@pytest.mark.skipif(not _typed_built(), reason="typed_trigram is not built (scripts/setup.sh builds it)")
@pytest.mark.parametrize("which", ["small", "shipped"])
def test_typed_scores_are_the_python_scores_bit_for_bit(which, small_arpa):
    import random

    if which == "small":
        path, vocab = small_arpa, "the main first parties primary won <s> </s> zyxwv".split()
    else:
        try:
            path, vocab = None, ("the main parties will receive security updates prime minister top of a in "
                                 "council don't café 12 zyxwv Capital").split()
            load_trigram_model(path, typed=False)
        except TrigramMissing as exc:
            pytest.skip(str(exc))
    typed, python = load_trigram_model(path, typed=True), load_trigram_model(path, typed=False)
    assert type(typed).__name__ == "TypedTrigram" and isinstance(python, TrigramModel)
    rng = random.Random(7)
    for _ in range(3000):
        left = tuple(rng.choice(vocab) for _ in range(rng.randint(0, 2)))
        words = tuple(rng.choice(vocab) for _ in range(rng.randint(1, 3)))
        right = tuple(rng.choice(vocab) for _ in range(rng.randint(0, 2)))
        assert typed.window_score(left, words, right) == python.window_score(left, words, right)
        assert typed.logp(words[0], *left[::-1][:2]) == python.logp(words[0], *left[::-1][:2])


def test_scores_are_the_arpa_log10_values(small_model):
    # pocketsphinx stores logs in base 1.0001 as integers: equal to about 1e-4
    assert small_model.logp("main") == pytest.approx(-1.5, abs=1e-3)
    assert small_model.logp("main", "the") == pytest.approx(-0.3, abs=1e-3)
    assert small_model.logp("parties", "main", "the") == pytest.approx(-0.1, abs=1e-3)
    assert small_model.logp("parties", "first", "the") == pytest.approx(-2.0, abs=1e-3)
    # no such pair: the back-off weight of "parties" plus P(main)
    assert small_model.logp("main", "parties") == pytest.approx(-0.1 - 1.5, abs=1e-3)


def test_unknown_words_score_alike(small_model):
    assert small_model.logp("zyxwv") == OOV_LOGP
    assert small_model.logp("qqqq", "the") == OOV_LOGP
    # an unknown word in the history backs off to the shorter one
    assert small_model.logp("parties", "zyxwv") == pytest.approx(small_model.logp("parties"), abs=1e-9)


def test_window_score_sums_the_words_and_their_right_neighbours(small_model):
    m = small_model
    expected = m.logp("main", "the") + m.logp("parties", "main", "the") + m.logp("won", "parties", "main")
    assert m.window_score(("the",), ("main",), ("parties", "won")) == pytest.approx(expected)
    assert m.window_score((), ("main",), ()) == pytest.approx(m.logp("main"))
    m.clear()
    assert m.window_score(("the",), ("main",), ("parties", "won")) == pytest.approx(expected)


def test_a_missing_model_says_what_to_do(tmp_path):
    with pytest.raises(TrigramMissing, match="pocketsphinx"):
        load_trigram_model(str(tmp_path / "absent.lm.bin"))


def _arc(start, end, words, cost):
    return Arc(start, end, tuple(words), "lexicon", cost)


def test_recheck_lets_the_context_choose_among_originals(small_model):
    # "the primary parties won": the lexicon ranks "first" before "main"
    norms, joined = ["the", "primary", "parties", "won"], [False, True, True, True]
    first, main = _arc(1, 2, ["first"], -6.0), _arc(1, 2, ["main"], -3.0)
    decoded = [Choice(first, 5.0)]
    (choice,) = recheck(norms, joined, [first, main], decoded, small_model)
    assert choice.arc.words == ("main",) and choice.arc.layer == "lexicon+trigram"
    window = small_model.window_score
    prior = RecheckWeights().change_weight * -6.0 + RecheckWeights().rank_weight * 3.0
    # scored with the two words before and the one after
    expected_gain = (window(("the",), ("main",), ("parties",)) - prior
                     - window(("the",), ("primary",), ("parties",)))
    assert choice.gain == pytest.approx(expected_gain)
    # where the rank order is all that counts, the decoder's choice stands, gain and all
    assert recheck(norms, joined, [first, main], decoded, small_model,
                   RecheckWeights(rank_weight=10.0)) == decoded


def test_recheck_can_keep_the_written_words(small_model):
    # a weak prior for changing at all: "the main parties" stays as written
    norms, joined = ["the", "main", "parties"], [False, True, True]
    arc = _arc(1, 2, ["primary"], -0.5)
    assert recheck(norms, joined, [arc], [Choice(arc, 0.1)], small_model) == []


def test_recheck_keeps_the_written_words_on_a_near_tie(small_model):
    # no context (punctuation all round): "first" (-1.2) beats "main" (-1.5)
    # by 0.3 on their own, the same prior for both; too close to call at the
    # default margin of 0.4, so the decoder's choice is dropped too
    norms, joined = ["primary"], [False]
    first, main = _arc(0, 1, ["first"], -6.0), _arc(0, 1, ["main"], -6.0)
    decoded = [Choice(main, 1.0)]
    assert RecheckWeights().abstain_margin == pytest.approx(0.4)
    assert recheck(norms, joined, [first, main], decoded, small_model) == []
    # a smaller margin takes the better reading, and so does no margin at all
    for margin in (0.25, 0.0):
        (choice,) = recheck(norms, joined, [first, main], decoded, small_model, RecheckWeights(abstain_margin=margin))
        assert choice.arc.words == ("first",)
    # a clear winner over keeping and over the next original is applied at the default margin
    (choice,) = recheck(norms, joined, [first, _arc(0, 1, ["parties"], -6.0)], [], small_model)
    assert choice.arc.words == ("first",)


def test_stage_default_margin_is_the_pass_default():
    from pipeline.stages.despin import DespinParams

    assert DespinParams().trigram_margin == RecheckWeights().abstain_margin


def test_recheck_reads_no_context_across_punctuation(small_model):
    # "the, primary parties": "the" is behind a comma, so "main" gets no
    # trigram bonus from it; both originals are then scored without it
    norms = ["the", "primary", "parties"]
    main, first = _arc(1, 2, ["main"], -6.0), _arc(1, 2, ["first"], -3.0)
    with_context = recheck(norms, [False, True, True], [main, first], [], small_model, RecheckWeights(rank_weight=0))
    without = recheck(norms, [False, False, True], [main, first], [], small_model, RecheckWeights(rank_weight=0))
    window = small_model.window_score
    assert with_context[0].gain == pytest.approx(
        window(("the",), ("main",), ("parties",)) + 0.8 * 6.0 - window(("the",), ("primary",), ("parties",)))
    assert without[0].gain == pytest.approx(
        window((), ("main",), ("parties",)) + 0.8 * 6.0 - window((), ("primary",), ("parties",)))


def test_recheck_looks_only_at_the_layers_asked_for(small_model):
    norms, joined = ["the", "primary", "parties", "won"], [False, True, True, True]
    first = Arc(1, 2, ("first",), "wordnet", 1.5)
    main = Arc(1, 2, ("main",), "wordnet", 1.5)
    assert recheck(norms, joined, [first, main], [], small_model) == []  # lexicon spans only, by default
    (choice,) = recheck(norms, joined, [first, main], [], small_model, layers=("lexicon", "wordnet"))
    # WordNet's candidates all cost the same: the context alone picks, and
    # the edit says whose candidate it was (its confidence floor is WordNet's)
    assert choice.arc.words == ("main",) and choice.arc.layer == "wordnet+trigram"


def test_recheck_leaves_spans_inside_another_decision(small_model):
    # the decoder read "primary parties" as one two-word arc: the one-word
    # alternatives inside it are not re-decided against it
    norms, joined = ["the", "primary", "parties"], [False, True, True]
    phrase = _arc(1, 3, ["main", "parties"], -6.0)
    single = _arc(1, 2, ["first"], -6.0)
    decoded = [Choice(phrase, 2.0)]
    assert recheck(norms, joined, [phrase, single], decoded, small_model) == decoded


# -- the real model ---------------------------------------------------------------


@pytest.fixture(scope="module")
def english_model() -> TrigramModel:
    try:
        return load_trigram_model()
    except TrigramMissing as exc:
        pytest.skip(str(exc))


def test_the_shipped_model_knows_common_english(english_model):
    window = english_model.window_score
    assert window(("the",), ("main",), ("parties",)) > window(("the",), ("first",), ("parties",)) + 1
    assert window(("will",), ("receive",), ("security", "updates")) > window(("will",), ("achieve",), ("security", "updates"))
    assert window(("the",), ("prime",), ("minister",)) > window(("the",), ("top",), ("minister",)) + 2
    assert math.isfinite(english_model.logp("the"))


def test_stage_records_the_trigram_layer(english_model):
    from wordnet_support import require_wordnet

    require_wordnet()
    from pipeline.document import Document, SourceInfo
    from pipeline.stages.despin import DespinParams, DespinStage

    # the lexicon ranks "first" before "main" for "primary"; "the main
    # political events" -> "the main political parties" needs the context
    spun = ("The council election will be held on Thursday, and candidates from all the primary events spent "
            "the weekend speaking to voters. Advertising and marketing groups helped them. ") * 3
    doc = Document("t", spun, SourceInfo("t.txt", "0" * 64, len(spun.encode())))
    with_layer = DespinStage().process(doc)
    without = DespinStage(DespinParams(layers=("braces", "lexicon", "wordnet", "articles"))).process(doc)
    assert "the main parties" in with_layer.text and "the main parties" not in without.text
    layers = {e["layer"] for e in with_layer.detail["edits"]}
    assert "lexicon+trigram" in layers
    assert not any("trigram" in e["layer"] for e in without.detail["edits"])


def test_stage_margin_reaches_the_pass(english_model):
    """`trigram_margin` is the pass's margin: on seed 002, margin 0 applies
    every near-tie the default leaves alone, so it makes more edits, and the
    default's edits are all among them or leave words as written."""
    from wordnet_support import require_wordnet

    require_wordnet()
    from pipeline.document import Document, SourceInfo
    from pipeline.stages.despin import DespinParams, DespinStage

    text = next((REPO / "seeds").glob("002_*.txt")).read_text(encoding="utf-8")
    doc = Document("s", text, SourceInfo("s.txt", "0" * 64, len(text.encode())))
    default = DespinStage().process(doc).detail["edits"]
    no_margin = DespinStage(DespinParams(trigram_margin=0.0)).process(doc).detail["edits"]
    assert len(no_margin) > len(default) + 20
    at = {e["offset"]: e["to"] for e in no_margin}
    assert sum(at.get(e["offset"]) == e["to"] for e in default) > 0.9 * len(default)


@pytest.mark.skipif(not _typed_built(), reason="typed_trigram is not built (scripts/setup.sh builds it)")
def test_typed_recheck_decides_as_the_python_pass(small_arpa):
    """Random paragraphs: spans of one or two words with lexicon and WordNet
    alternatives (strong or not, costs with ties), punctuation breaks, and
    decoded choices with gains around the settled bar; the typed pass and
    the Python pass must return the same choices, gains included."""
    import random

    from pipeline.despin.context_check import SETTLED, python_recheck, recheck

    typed, python = load_trigram_model(small_arpa, typed=True), load_trigram_model(small_arpa, typed=False)
    vocab = "the main first parties primary won zyxwv".split()
    rng = random.Random(11)
    changed = abstained = 0
    for _ in range(400):
        n = rng.randint(2, 14)
        norms = [rng.choice(vocab) for _ in range(n)]
        joined = [False] + [rng.random() > 0.2 for _ in range(n - 1)]
        arcs = []
        for start in range(n):
            for length in (1, 2):
                if start + length <= n and rng.random() < 0.35:
                    for _ in range(rng.randint(1, 3)):
                        words = tuple(rng.choice(vocab) for _ in range(rng.randint(1, 2)))
                        arcs.append(Arc(start, start + length, words, rng.choice(["lexicon", "wordnet"]),
                                        rng.choice([-6.0, -3.0, 1.5, 3.0]), rng.random() < 0.2))
        choices, taken = [], set()
        for arc in arcs:
            span = set(range(arc.start, arc.end))
            if not span & taken and rng.random() < 0.5:
                taken |= span
                choices.append(Choice(arc, rng.choice([0.5, 2.0, SETTLED, 5.0])))
        choices.sort(key=lambda c: c.arc.start)
        for layers in (("lexicon",), ("wordnet",), ("lexicon", "wordnet")):
            for weights in (RecheckWeights(), RecheckWeights(abstain_margin=0.0)):
                expected = python_recheck(norms, joined, arcs, list(choices), python, weights, layers)
                got = recheck(norms, joined, arcs, list(choices), typed, weights, layers)
                assert got == expected
                changed += got != choices
                abstained += weights.abstain_margin > 0 and got != python_recheck(
                    norms, joined, arcs, list(choices), python, RecheckWeights(abstain_margin=0.0), layers)
    assert changed > 100  # the cases exercise real re-decisions, not only agreement
    assert abstained > 20  # and near-ties where the margin decides
