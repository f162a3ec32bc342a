"""Despin hand-spun check sets (bench/despin/checksets.py): own articles
spun by hand in the seed-002 spinner's style, scored against their originals.

  * held-out set (tests/golden/despin_heldout_cases.json): short articles on
    other topics than seed 002 (sport, health, politics, technology, science,
    local news, finance, travel). Written and their figures recorded before the
    lexicon was extended for other topics.
  * news set (tests/golden/despin_news_cases.json, session 9): ten wire-style
    articles written and spun by a helper that did not see the lexicon; its
    `tuning` half was read for lexicon gaps, its `check` half never was.
  * light news set (tests/golden/despin_news_light_cases.json, session 9): ten
    more by another helper, fewer and only sure substitutions (precision is
    understated: words this spinner changes were left as written). Same halves.
  * dense news set (tests/golden/despin_news_dense_cases.json, session 9): ten
    more by a third helper, near seed 002's density; all tuning data.

`python -m bench.despin.checksets` prints recall/precision per case.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]
from wordnet_support import require_wordnet  # noqa: E402

from bench.despin.checksets import case_score, load_cases, make_doc, split_scores  # noqa: E402
from pipeline.stages.despin import DespinStage  # noqa: E402

CASES = load_cases("heldout")
NEWS_CASES = load_cases("news")
LIGHT_CASES = load_cases("news_light")
DENSE_CASES = load_cases("news_dense")
FRESH_CASES = load_cases("news_fresh")
require_wordnet()

# measured 0.880 / 0.930 in session 9, 0.882 / 0.930 in session 11 (0.875 / 0.930 with the trigram layer, its margin of 0.4 and the session-8 lexicon originals read off this set; 0.853 / 0.907 before those, 0.861 / 0.903 without the margin); before it 0.827 / 0.883 (0.815 / 0.884 before the restructuring rule was narrowed to two-word forms with a competing reading; before the other-topics lexicon entries 0.401 / 0.863); the floors catch regressions
MIN_RECALL, MIN_PRECISION = 0.80, 0.87
# news set, measured in session 9: check half 0.651 / 0.930 with the session-8 lexicon, 0.733 / 0.949 with
# session 9's, 0.751 / 0.950 with session 10's, 0.758 / 0.951 with session 12's; tuning half 0.492 / 0.821,
# 0.773 / 0.884, 0.785 / 0.888, 0.788 / 0.889
# (one of its articles was not detected as spun with the session-8 lexicon)
NEWS_FLOORS = {"check": (0.68, 0.92), "tuning": (0.70, 0.84)}
# light news set: check half 0.686 / 0.731 with the session-8 lexicon, 0.768 / 0.765 with session 9's,
# 0.794 / 0.767 with session 10's, 0.799 / 0.765 with session 11's, 0.804 / 0.766 with session 12's; tuning half 0.377 / 0.677, 0.611 / 0.754, 0.630 / 0.759 (two of its five articles were not detected then, one now)
LIGHT_FLOORS = {"check": (0.72, 0.73), "tuning": (0.57, 0.72)}
# dense news set (all tuning): 0.516 / 0.858 with the session-8 lexicon and family rule, 0.674 / 0.857 with
# session 9's, 0.721 / 0.876 with session 10's, 0.731 / 0.878 with session 11's, 0.735 / 0.878 with session 12's
DENSE_FLOORS = {"tuning": (0.62, 0.82)}
# fresh news set (all check, never read), measured in session 10: sets A+B 0.717 / 0.879 with the session-9
# lexicon, 0.755 / 0.884 now; sets C+D (written after the additions) 0.688 / 0.877, 0.722 / 0.881; all 0.702 / 0.878, 0.738 / 0.883;
# all 0.744 / 0.881 with session 11's lexicon, 0.747 / 0.882 with session 12's
FRESH_FLOORS = {"check": (0.69, 0.85)}


@pytest.fixture(scope="module")
def stage() -> DespinStage:
    return DespinStage()


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_heldout_golden(stage, case, request):
    if case.get("known_failure"):
        request.applymarker(pytest.mark.xfail(strict=True, reason=case["comment"]))
    assert stage.process(make_doc(case["input"])).text == case["expected"]


def test_heldout_figures(stage):
    figures = split_scores(stage, "heldout")["all"]
    assert (figures["recall"] or 0) >= MIN_RECALL
    assert (figures["precision"] or 1) >= MIN_PRECISION


def test_heldout_originals_are_untouched(stage):
    for case in CASES + NEWS_CASES + LIGHT_CASES + DENSE_CASES + FRESH_CASES:
        out = stage.process(make_doc(case["expected"]))
        assert out.text == case["expected"], case["label"]


@pytest.mark.parametrize("name, floors", [("news", NEWS_FLOORS), ("news_light", LIGHT_FLOORS),
                                           ("news_dense", DENSE_FLOORS), ("news_fresh", FRESH_FLOORS)])
def test_news_set_figures(stage, name, floors):
    figures = split_scores(stage, name)
    for split, (min_recall, min_precision) in floors.items():
        assert (figures[split]["recall"] or 0) >= min_recall, (split, figures[split])
        assert (figures[split]["precision"] or 1) >= min_precision, (split, figures[split])


# the bench's synthetic sets (bench.despin.run: data/clean spun by bench/despin/spinner.py,
# which never reads the lexicon): measured 0.373 / 0.984 and 0.173 / 0.947 in sessions 11-13;
# 0.348 / 0.913 when two documents crossed the family bar as the lexicon grew (session 12);
# curated 0.335 / 0.959 since the screen analyses from 7 % suspicious words, and
# 0.396 / 0.985, 0.354 / 0.961 with WordNet edits from confidence 0.9 (session 16)
SYNTHETIC_FLOORS = {"synthetic": (0.385, 0.96), "curated": (0.34, 0.94)}


def test_synthetic_sets_keep_the_wordnet_family(stage):
    """Text spun from WordNet's thesaurus is repaired by the WordNet layer: no
    document of the bench's synthetic sets is taken for the lexicon's spinner
    (which would drop that layer), and both sets keep their figures."""
    from bench.despin.metrics import Score, Span, score_document
    from bench.despin.run import SPIN_SEEDS, SPUN_SETS, load_sets

    sets = load_sets()
    for name, (min_recall, min_precision) in SYNTHETIC_FLOORS.items():
        assert name in SPUN_SETS and len(sets[name]) == 12 * len(SPIN_SEEDS)
        total = Score()
        for doc_id, (spun, truth) in sets[name].items():
            out = stage.process(make_doc(spun))
            assert out.detail.get("spinner_family") in (None, "wordnet"), doc_id
            edits = [Span(e["offset"], e["offset"] + len(e["from"]), e["to"]) for e in out.detail["edits"]]
            total.add(score_document(spun, truth, edits))
        figures = total.as_dict()
        assert figures["recall"] >= min_recall and figures["precision"] >= min_precision, (name, figures)


def test_news_set_is_detected_as_spun(stage):
    for case in NEWS_CASES + FRESH_CASES:
        assert case_score(stage, case)[1].detail["spun"], case["label"]


if __name__ == "__main__":
    from bench.despin.checksets import main

    raise SystemExit(main())
