"""Despin stage: golden cases, the seeds, configuration, provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wordnet_support import require_wordnet

from pipeline.document import Document, SourceInfo
from pipeline.stages.base import StageError
from pipeline.stages.despin import DespinParams, DespinStage

REPO = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((REPO / "tests" / "golden" / "despin_cases.json").read_text(encoding="utf-8"))
require_wordnet()
from pipeline.despin import wordnet_data as wordnet  # noqa: E402 - after the skip check


def make_doc(text: str, annotations: dict | None = None) -> Document:
    return Document("d", text, SourceInfo("d.txt", "0" * 64, len(text.encode())), annotations or {})


def seed(prefix: str) -> str:
    return next((REPO / "seeds").glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def stage() -> DespinStage:
    return DespinStage()


@pytest.mark.parametrize("case", GOLDEN, ids=[c["label"] for c in GOLDEN])
def test_golden(stage, case, request):
    if case.get("known_failure"):
        request.applymarker(pytest.mark.xfail(strict=True, reason=case["comment"]))
    assert stage.process(make_doc(case["input"])).text == case["expected"]


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_clean_seeds_are_byte_identical(stage, prefix):
    text = seed(prefix)
    out = stage.process(make_doc(text))
    assert out.text == text
    assert out.detail["edits"] == [] and out.detail["spun"] is False


def test_seed_002_is_detected_and_repaired(stage):
    text = seed("002")
    out = stage.process(make_doc(text))
    assert out.detail["spun"] is True
    assert out.detail["spinner_family"] == "lexicon"
    assert out.detail["spin_score"] >= 2 * out.detail["threshold"]
    assert "advertising and marketing" not in out.text
    assert "{that a}" not in out.text and "that a" in out.text
    assert "Frequently Asked Questions" in out.text
    assert len(out.detail["edits"]) > 800


def test_seed_002_figures_on_hand_restored_lines(stage):
    from bench.despin.metrics import Span, score_document
    from bench.despin.run import seed002_truth

    text = seed("002")
    out = stage.process(make_doc(text))
    truth, ranges = seed002_truth(text)
    edits = [Span(e["offset"], e["offset"] + len(e["from"]), e["to"]) for e in out.detail["edits"]
             if any(a <= e["offset"] < b for a, b in ranges)]
    score = score_document(text, truth, edits).as_dict()
    # measured 0.877 / 0.958 with the trigram layer and its margin of 0.4,
    # 0.889 / 0.941 without the margin, 0.868 / 0.935 without the layer
    # (bench/despin/README.md); the floors catch regressions
    assert score["recall"] >= 0.85
    assert score["precision"] >= 0.94


def test_every_edit_is_recorded_and_replays(stage):
    text = seed("002")
    out = stage.process(make_doc(text))
    rebuilt, cursor = [], 0
    for edit in out.detail["edits"]:
        assert text[edit["offset"]:edit["offset"] + len(edit["from"])] == edit["from"]
        assert edit["layer"] in {"braces", "lexicon", "wordnet", "names", "articles", "lexicon+trigram",
                                 "wordnet+trigram"}
        assert 0 <= edit["confidence"] <= 1
        rebuilt += [text[cursor:edit["offset"]], edit["to"]]
        cursor = edit["offset"] + len(edit["from"])
    assert "".join(rebuilt) + text[cursor:] == out.text


def test_detail_is_deterministic_json(stage):
    text = seed("002")[:3000]
    first, second = stage.process(make_doc(text)), DespinStage().process(make_doc(text))
    assert json.dumps(first.detail, sort_keys=True) == json.dumps(second.detail, sort_keys=True)
    assert first.annotations["spun"] is True


def test_non_english_paragraphs_are_left_alone(stage):
    spun = GOLDEN[0]["input"]
    lang = {"lang": "nl", "prob": 0.99, "paragraphs": [{"index": 0, "lang": "nl", "prob": 0.99, "how": "detected"}]}
    out = stage.process(make_doc(spun, {"language": lang}))
    assert out.text == spun
    assert out.detail["skipped_paragraphs"] == [{"index": 0, "lang": "nl"}]


def test_layers_can_be_switched_off():
    spun = GOLDEN[0]["input"]
    out = DespinStage(DespinParams(layers=("braces", "wordnet", "articles"))).process(make_doc(spun))
    assert "advertising and marketing" in out.text


def test_extra_lexicon_file(tmp_path):
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("strong_phrases:\n  purple elephant: grey mouse\n  amber lantern: red lamp\n"
                       "strong_nouns:\n  velvet hammer: soft mallet\n", encoding="utf-8")
    text = "The purple elephant met an amber lantern and two velvet hammers near the river bank."
    out = DespinStage(DespinParams(extra_lexicons=(str(lexicon),))).process(make_doc(text))
    # "an amber lantern" -> "a red lamp": the article follows the new word
    assert out.text == "The grey mouse met a red lamp and two soft mallets near the river bank."
    layers = [e["layer"] for e in out.detail["edits"]]
    assert layers.count("articles") == 1 and layers.count("lexicon") == 6  # word for word


def test_bad_lexicon_file_says_what_to_fix(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("phrases:\n  a: b\n", encoding="utf-8")
    with pytest.raises(StageError, match="unknown section 'phrases'"):
        DespinStage(DespinParams(extra_lexicons=(str(bad),))).process(make_doc("text"))
    with pytest.raises(StageError, match="not found"):
        DespinStage(DespinParams(extra_lexicons=(str(tmp_path / "missing.yaml"),))).process(make_doc("text"))


def test_params_reject_unknown_keys_and_layers():
    with pytest.raises(ValueError):
        DespinParams(treshold=3)
    with pytest.raises(ValueError):
        DespinParams(layers=("lexicon", "magic"))


def test_missing_wordnet_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(wordnet, "DEFAULT_DIRS", (str(tmp_path),))
    monkeypatch.delenv("WORDNET_DIR", raising=False)
    with pytest.raises(wordnet.WordNetMissing, match="apt-get install -y wordnet-base"):
        wordnet.find_wordnet_dir()


def test_duplicate_lexicon_entries_are_an_error(tmp_path):
    dup = tmp_path / "dup.yaml"
    dup.write_text("weak_phrases:\n  crew: team\n  crew: staff\n", encoding="utf-8")
    with pytest.raises(StageError, match="duplicate entries crew"):
        DespinStage(DespinParams(extra_lexicons=(str(dup),))).process(make_doc("text"))


def test_other_topic_in_seed_spinner_style_is_detected(stage):
    case = next(c for c in GOLDEN if c["label"] == "sports-topic-other-spinner-forms")
    out = stage.process(make_doc(case["input"]))
    assert out.detail["spun"] and out.detail["spinner_family"] == "lexicon"
    for restored in ("The team’s coach said the players had worked hard throughout the season",
                     "Officials said the stadium will be full", "one of the", "before and after the game"):
        assert restored in out.text


def test_wordnet_evidence_decides_a_lexicon_family_document_the_lexicon_knows_in_part(tmp_path):
    """A text of the lexicon's spinner on another topic, with a quarter of the
    lexicon's lines unknown (bench.despin.coverage's reduced lexicon): its
    lexicon evidence alone stays under the threshold, WordNet's confident
    repairs tip it, and the repairs applied are still the lexicon's only.
    The subset is random (seed 3; seed 2 until the session-10 lexicon) over
    the lexicon's lines: should a lexicon change make this document spun on
    lexicon evidence alone, take another seed for which `wordnet_evidence`
    and `spun` are both true here."""
    from bench.despin.coverage import reduced_lexicon  # noqa: PLC0415

    case = next(c for c in json.loads((REPO / "tests" / "golden" / "despin_heldout_cases.json").read_text(
        encoding="utf-8")) if c["label"] == "heldout-local-library-reopens")
    lexicon = (str(reduced_lexicon(0.75, 3, tmp_path)),)
    out = DespinStage(DespinParams(builtin_lexicon=False, extra_lexicons=lexicon)).process(make_doc(case["input"]))
    assert out.detail["spinner_family"] == "lexicon" and out.detail["wordnet_evidence"] is True
    assert out.detail["spun"] is True and out.detail["spin_score"] >= out.detail["threshold"]
    assert out.detail["edits"] and {e["layer"] for e in out.detail["edits"]} <= {
        "lexicon", "lexicon+trigram", "braces", "articles"}  # no WordNet repair
    without = DespinStage(DespinParams(builtin_lexicon=False, extra_lexicons=lexicon,
                                       layers=("braces", "lexicon", "articles"))).process(make_doc(case["input"]))
    assert without.detail["wordnet_evidence"] is False and without.detail["spun"] is False


def test_one_strong_form_repeated_is_not_spinning(stage):
    """Found by the clean-text property test: a seed-000 sentence that uses
    one strong form ("primarily based in China"), repeated, read as spun
    (two hits in 52 words). One form counts once however often it recurs;
    two different ones still count as two."""
    sentence = ("Several high-ranking positions are being filled by executives with direct ties to ByteDance, "
                "TikTok’s parent company, and primarily based in China.")
    text = f"Key Leadership Changes Announced\n\n{sentence} Key Leadership Changes Announced\n\n{sentence}"
    out = stage.process(make_doc(text))
    assert out.text == text and out.detail["spun"] is False
    assert out.detail["screen"]["strong_hits"] == 2 and out.detail["screen"]["strong_kinds"] == 1
    other = text.replace("Announced\n\nSeveral", "Announced\n\nIn the present day, several", 1)
    assert stage.process(make_doc(other)).detail["screen"]["strong_kinds"] == 2


def test_dotted_spinner_forms_are_restored(stage):
    """The spinner writes "p.c" for percent and "U.Okay." for U.K.; dotted
    abbreviations are one word, and the case is restored part by part."""
    spun = ("In accordance with the report, home costs within the U.Okay. rose 4.2 p.c final yr, and thousands "
            "and thousands of house owners count on decrease charges. Particulars of the plan are out there on the "
            "financial institution’s web site.")
    out = stage.process(make_doc(spun))
    assert "in the U.K. rose 4.2 percent last year" in out.text
    assert "millions of homeowners" in out.text and "are available on the bank’s website" in out.text


def test_strong_phrase_beats_its_words_spun_apart(stage):
    """"Supply hyperlink" (strong) is Source link; its words alone have
    entries too ("supply" for offer, "hyperlink" for link) whose bonuses add
    up to more than the phrase's. The spinner matched the phrase first."""
    spun = ("Authorities officers mentioned the corporate’s income rose 12 p.c within the quarter, and the "
            "agency plans to rent extra employees subsequent yr.\nSupply hyperlink")
    out = stage.process(make_doc(spun))
    assert out.text.endswith("\nSource link"), out.text


def test_strong_phrases_first_drops_exactly_the_weak_arcs_that_overlap_a_strong_phrase():
    """`_strong_phrases_first` finds overlaps through the positions strong
    phrases cover (it used to compare every weak arc with every strong span):
    the same arcs as that pairwise definition, on random lattices."""
    import random  # noqa: PLC0415

    from pipeline.despin.candidates import Arc, _strong_phrases_first  # noqa: PLC0415

    rng = random.Random(7)
    for _ in range(500):
        arcs = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 15)
            arcs.append(Arc(start, start + rng.randint(1, 4), ("w",), "lexicon", -3.0, rng.random() < 0.3))
        strong = [(a.start, a.end) for a in arcs if a.strong and a.end - a.start > 1]
        expected = [a for a in arcs if a.strong or not any(a.start < e and s < a.end for s, e in strong)]
        assert _strong_phrases_first(arcs) == expected


def test_number_led_spun_form_at_sentence_start_gets_a_capital(stage):
    """"1000's" (for Thousands) carries no case; at a sentence's start the
    original needs its capital, in one-word and in phrase replacements."""
    spun = ("1000's flee as wildfire spreads close to the metropolis. 1000's of residents have been moved, and "
            "officers mentioned 1000's of properties have been in danger.")
    out = stage.process(make_doc(spun))
    assert out.text.startswith("Thousands flee") and ". Thousands of residents" in out.text
    assert "said thousands of" in out.text


def test_surnames_after_first_names_and_alone(stage):
    """The names layer: after a first name a known surname is kept ("Julia
    Stone"), a lexicon form with a surname among its originals takes it
    ("Helen Value" -> Price, "John Prepare dinner" -> Cook), and a form
    without one stays as written ("Sarah Timber", which became "Sarah
    Trees"). The same word alone later reads the same ("Value said",
    "Timber stated")."""
    spun = ("The advertising and marketing director made knowledgeable choices at the enterprise. Dr Helen Value, "
            "a diabetes specialist, stated the drug was a breakthrough. \"That is an vital step,\" Value stated. "
            "Sarah Timber runs the store with John Prepare dinner. Timber stated gross sales rose. Julia Stone, "
            "chief strategist, was cautious.")
    out = stage.process(make_doc(spun))
    assert "Dr Helen Price, a diabetes expert" in out.text and '," Price said.' in out.text
    assert "Sarah Timber runs the shop with John Cook. Timber said sales rose." in out.text
    assert "Julia Stone" in out.text
    layers = {e["from"]: e["layer"] for e in out.detail["edits"]}
    assert layers["Value"] == "names" and layers["Prepare dinner"] == "names"
    without = DespinStage(DespinParams(layers=("braces", "lexicon", "wordnet", "articles", "trigram")))
    assert "Sarah Trees" in without.process(make_doc(spun)).text


def test_surname_positions_need_a_first_name_two_name_lists_agree_on():
    """"North Sea" and "Council Election" are not names: some Faker lists
    carry North and Council as first names, but fewer than two locales."""
    from pipeline.despin.names import name_lists, surname_positions  # noqa: PLC0415
    from pipeline.despin.tokens import text_words  # noqa: PLC0415

    lists = name_lists()
    words = text_words("Anna Field met Bridget Phillipson near the North Sea before the Council Election, "
                       "said Sarah, BBC.")
    found = [words.texts[i] for i in surname_positions(words.texts, words.joined, lists.first)]
    assert found == ["Field", "Phillipson"]
    assert "field" in lists.surnames and "price" in lists.surnames and "timber" not in lists.surnames
