"""Despin building blocks: words, case, word forms, articles, lexicon, screen."""

from __future__ import annotations

import pytest

from pipeline.despin.decoder import article_mismatch, starts_with_vowel_sound
from pipeline.despin.tokens import apply_case, title_case, tokenize

wordnet = pytest.importorskip("pipeline.despin.wordnet_data")


def test_tokens_split_hyphens_and_keep_apostrophes():
    tokens = tokenize("Knowledge-Pushed Choices, TikTok’s 12 months.")
    assert [t.text for t in tokens] == ["Knowledge", "Pushed", "Choices", "TikTok’s", "12", "months"]
    assert [t.norm for t in tokens][3] == "tiktok's"
    assert [t.joined for t in tokens] == [False, True, True, False, True, True]


@pytest.mark.parametrize("text, words", [
    # the spinner writes "p.c" for "percent" and "U.Okay." for "U.K.": one word each, so a lexicon entry matches
    ("rose 3.1 p.c on", ["rose", "3", "1", "p.c", "on"]),
    ("the U.Okay. market", ["the", "U.Okay", "market"]),
    ("U.S.A e.g", ["U.S.A", "e.g"]),
    ("the U.S. and", ["the", "U.S", "and"]),  # a trailing dot is a gap
    ("advancements.The", ["advancements", "The"]),  # only a single letter starts one
    ("ab.c a.bc.d a.b.cd.e a..b a.1 a.b1 x’y.z", ["ab", "c", "a.bc", "d", "a.b.cd", "e", "a", "b", "a", "1",
                                                  "a.b", "1", "x’y", "z"]),
])
@pytest.mark.parametrize("split", ["tokenize", "python"])
def test_dotted_abbreviations_are_one_word(text, words, split):
    from pipeline.despin.tokens import python_text_words

    found = tokenize(text) if split == "tokenize" else list(python_text_words(text))
    assert [t.text for t in found] == words
    assert all(text[t.start:t.end] == t.text and t.norm == t.text.lower().replace("’", "'") for t in found)


def test_a_dotted_word_joins_as_a_word():
    tokens = tokenize("by p.c-x. U.Okay")
    assert [(t.text, t.joined, t.hyphen) for t in tokens] == [
        ("by", False, False), ("p.c", True, False), ("x", True, True), ("U.Okay", False, False)]


@pytest.mark.parametrize("model, word, expected", [
    ("Steadily", "frequently", "Frequently"), ("steadily", "frequently", "frequently"),
    ("KPI", "index", "INDEX"), ("A", "an", "An"),
    # dotted words with as many parts: part by part; otherwise the whole-word rule
    ("U.Okay", "u.k", "U.K"), ("p.c", "percent", "percent"), ("P.c", "percent", "Percent"),
    ("U.S", "u.s.a", "U.S.A"), ("e.G", "i.e", "i.E"), ("u.okay", "u.k", "u.k"),
])
def test_case_follows_the_written_word(model, word, expected):
    assert apply_case(model, word) == expected


def test_title_case_leaves_small_words():
    assert title_case(["frequently", "asked", "questions", "about", "the", "role"])[4] == "the"


@pytest.mark.parametrize("word, vowel", [("essential", True), ("critical", False), ("hour", True),
                                         ("user", False), ("one", False), ("honest", True)])
def test_vowel_sound(word, vowel):
    assert starts_with_vowel_sound(word) is vowel


def test_article_mismatch():
    assert article_mismatch("a", "essential") and article_mismatch("an", "critical")
    assert not article_mismatch("a", "critical") and not article_mismatch("the", "essential")


def _wordnet():
    try:
        return wordnet.load_wordnet()
    except wordnet.WordNetMissing:
        pytest.skip("wordnet-base not installed")


def test_word_forms_round_trip():
    wn = _wordnet()
    assert ("strategy", "n", "plural") in wordnet.analyses(wn, "strategies")
    assert ("run", "v", "ing") in wordnet.analyses(wn, "running")
    assert "strategies" in wordnet.inflections(wn, "strategy", "n", "plural")
    assert "took" in wordnet.inflections(wn, "take", "v", "ed")
    assert "running" in wordnet.inflections(wn, "run", "v", "ing")


def test_lexicon_generates_inflected_forms():
    _wordnet()
    from pipeline.despin.lexicon import cached_lexicon

    lex = cached_lexicon(())
    assert ("strategies",) in lex.lookup(("techniques",)).originals
    assert lex.lookup(("embodies",)).originals == [("includes",)]
    assert lex.lookup(("gross", "sales")).strong


def test_lexicon_completes_compound_and_particle_phrases(tmp_path):
    _wordnet()
    from pipeline.despin.language_model import load_bigram_model
    from pipeline.despin.lexicon import load_lexicon
    from pipeline.despin.wordnet_data import load_wordnet

    extra = tmp_path / "extra.yaml"
    extra.write_text("strong_phrases:\n  approval ranking: approval rating\n"
                     "weak_phrases:\n  keep away from: avoid\n  in danger: at risk\n"
                     "  cell community: mobile network\n  cell communities: cellular networks\n",
                     encoding="utf-8")
    lex = load_lexicon((str(extra),), load_wordnet(), load_bigram_model(), builtin=False)
    plural = lex.lookup(("approval", "rankings"))
    assert plural.originals == [("approval", "ratings")]
    assert not plural.strong  # generated forms are repair candidates, not evidence
    assert lex.lookup(("approval", "ranking")).strong
    assert lex.lookup(("kept", "away", "from")).originals == [("avoided",)]
    assert lex.lookup(("keeps", "away", "from")).originals == [("avoids",)]
    assert lex.lookup(("keeping", "away", "from")).originals == [("avoiding",)]
    # a prepositional phrase is no compound; a plural written by hand keeps its originals
    assert lex.lookup(("in", "dangers")) is None
    assert lex.lookup(("cell", "communities")).originals == [("cellular", "networks")]


def test_screen_counts_strong_forms_with_curly_apostrophes():
    _wordnet()
    from pipeline.stages.despin import _despinner

    screen = _despinner(("braces", "lexicon", "articles"), (), True).screen
    result = screen.run("The corporate’s gross sales and {that a} web site.")
    assert result.strong_hits == 4  # corporate’s, gross sales, {that a}, web site


def test_strong_forms_are_what_one_expression_of_phrases_or_braces_finds():
    # the braces are matched apart from the phrases' prefix tree; a phrase
    # inside a brace must still be consumed by the brace, as with one expression
    import re

    _wordnet()
    from pipeline.despin.screen import BRACES_RE
    from pipeline.stages.despin import _despinner

    forms = _despinner(("braces", "lexicon", "articles"), (), True).screen.pattern
    single = re.compile(forms.phrases.pattern + "|" + BRACES_RE.pattern)
    for text in ["x {be certain that} be certain that {a|b} {that a} dad and mom {dad and mom|parents}",
                 "gross sales {gross sales", "}{a}{b} web site{web site}web site", "no forms at all", ""]:
        expected = [m.span() for m in single.finditer(text)]
        assert forms.spans(text) == expected and forms.count(text) == len(expected), text
    assert forms.spans("{be certain that} be certain that") == [(0, 17), (18, 33)]


def test_token_gaps_mark_joined_and_hyphen():
    # the tokenizer reads the gap before each word in one regex pass; the
    # flags must still follow the gap exactly (first word never joined)
    tokens = tokenize("  Data-driven, on-line -- x\tY 'z")
    assert [(t.text, t.joined, t.hyphen) for t in tokens] == [
        ("Data", False, False), ("driven", True, True), ("on", False, False), ("line", True, True),
        ("x", True, True), ("Y", True, False), ("z", False, False)]
    assert all(t.text == "  Data-driven, on-line -- x\tY 'z"[t.start:t.end] for t in tokens)


@pytest.mark.parametrize("text", [
    "  Data-driven, on-line -- x\tY 'z", "", "...", "The crew’s  data-driven choices; rock'n'roll in the 1990's",
    "abc'9 dogs' é-abc - -def\n\t-ghi", "x -\u00a0y\u2009z", "Knowledge-Pushed Choices, TikTok’s 12 months."])
def test_word_lists_match_tokens(text):
    # the repairer reads words as parallel lists (Words): the same fields as tokenize's
    from pipeline.despin.tokens import Words, text_words

    tokens, words = tokenize(text), text_words(text)
    assert list(words) == tokens and words[0:len(tokens)] == tokens and len(words) == len(tokens)
    assert [words[i] for i in range(len(words))] == tokens
    rebuilt = Words.from_tokens(tokens)
    for field in Words.__slots__:
        assert list(getattr(words, field)) == list(getattr(rebuilt, field)), field


def test_islands_cover_alternatives_plus_one_word_and_merge():
    from pipeline.despin.candidates import Arc
    from pipeline.despin.repair import _islands

    arcs = [Arc(1, 2, ("a",), "wordnet", 1.5), Arc(2, 4, ("b",), "lexicon", 0.0), Arc(7, 8, ("c",), "wordnet", 1.5)]
    assert _islands(9, arcs) == [(1, 5), (7, 9)]
    assert _islands(8, [Arc(7, 8, ("c",), "wordnet", 1.5)]) == [(7, 8)]


def test_curated_spinner_sets_are_mutual_main_senses():
    pytest.importorskip("wordfreq")
    from bench.despin.spinner import _thesaurus

    curated = _thesaurus("curated")
    members = curated.synonym_set("shop", "n")
    assert "store" in members
    for member in members:  # each member's own main sense is the set's sense
        assert curated.wn.senses[(member, "n")][0] == curated.wn.senses[("shop", "n")][0]
    # "found" is filed under its dominant reading (find), not under found = establish
    assert curated.replacement("found", __import__("random").Random(1)) not in ("establish", "set up", "launch")


@pytest.mark.parametrize("a, b, variant", [
    ("programme", "program", True), ("organising", "organizing", True), ("harbour", "harbor", True),
    ("travelled", "traveled", True), ("centre", "center", True), ("defence", "defense", True),
    ("four", "for", False), ("photographs", "photos", False), ("sense", "since", False), ("film", "film", False)])
def test_spelling_variants_are_not_synonyms(a, b, variant):
    from pipeline.despin.candidates import spelling_variants

    assert spelling_variants(a, b) is variant


def test_structure_changing_rewrite_needs_context_support():
    from pipeline.despin.candidates import Arc
    from pipeline.despin.decoder import Choice
    from pipeline.despin.repair import _unsupported_restructuring

    spun_words = frozenset({"place"})  # "place" is itself a spun form (of role, position)
    where = Arc(0, 2, ("where",), "lexicon", -3.0)  # "the place" -> "where", preferred by rank only
    written = ["the", "place"]
    assert _unsupported_restructuring(Choice(where, gain=2.5), written, spun_words)        # context: -0.5
    assert not _unsupported_restructuring(Choice(where, gain=3.5), written, spun_words)    # context: +0.5
    # no competing word-level reading: "have been" -> "were" is the only reading the lexicon has
    were = Arc(0, 2, ("were",), "lexicon", -3.0)
    assert not _unsupported_restructuring(Choice(were, gain=2.5), ["have", "been"], spun_words)
    # same word count, content-word result, or a strong (non-English) form: not a restructuring
    assert not _unsupported_restructuring(Choice(Arc(0, 1, ("role",), "lexicon", -3.0), gain=1.0), ["place"],
                                          spun_words)
    assert not _unsupported_restructuring(Choice(Arc(0, 2, ("consider",), "lexicon", -3.0), gain=1.0),
                                          ["place", "into"], spun_words)
    assert not _unsupported_restructuring(Choice(Arc(0, 3, ("based", "on"), "lexicon", -6.0, True), gain=1.0),
                                          ["primarily", "based", "on"], spun_words)
    # a spun form of three or more words is read as a unit: "by way of" -> "through", "in line with" -> "according to"
    assert not _unsupported_restructuring(Choice(Arc(0, 3, ("through",), "lexicon", -6.0), gain=5.5),
                                          ["by", "way", "of"], frozenset({"way"}))
    assert not _unsupported_restructuring(Choice(Arc(0, 3, ("according", "to"), "lexicon", -3.0), gain=1.7),
                                          ["in", "line", "with"], frozenset({"line"}))


def test_truth_alignment_splits_at_punctuation():
    from bench.despin.metrics import truth_from_alignment

    spun = "product improvement, gross sales, and engineering"
    spans = truth_from_alignment(spun, "product development, sales, and engineering")
    # "gross " is a deletion inside its own segment, no longer merged with "improvement"
    assert [(spun[s.start:s.end], s.text) for s in spans] == [("improvement", "development"), ("gross ", "")]


def test_scoring_judges_each_edit_when_a_cluster_is_partly_wrong():
    from bench.despin.metrics import Span, score_document, truth_from_alignment

    spun = "the worldwide advertising and marketing methods"
    truth = truth_from_alignment(spun, "the global marketing strategies")
    # worldwide -> international is wrong; the other two edits are right
    edits = [Span(4, 13, "international"), Span(14, 39, "marketing"), Span(40, 47, "strategies")]
    score = score_document(spun, truth, edits)
    assert (score.edits, score.correct) == (3, 2)
    assert score.restored == score.substitutions - 1
    # an untouched substitution is not restored even if its words survive ("software program")
    spun2 = "a software program firm"
    assert score_document(spun2, [Span(2, 18, "software")], []).restored == 0


def test_wordnet_never_reads_one_word_as_two():
    from pipeline.despin.candidates import wordnet_arcs
    from pipeline.stages.despin import _despinner

    despinner = _despinner(("braces", "wordnet", "articles"), (), True)
    text = "Some instructors might arrive late after working there for their whole lives."
    arcs = wordnet_arcs(tokenize(text), text, despinner.wordnet, despinner.costs)
    assert arcs, "the sentence has WordNet alternatives at all"
    from pipeline.despin.tokens import text_words

    assert wordnet_arcs(text_words(text), text, despinner.wordnet, despinner.costs) == arcs
    assert all(len(a.words) <= a.end - a.start for a in arcs)


def test_table_cache_builds_once_reuses_and_keeps_a_few_versions(tmp_path, monkeypatch):
    from pipeline.despin import tables

    monkeypatch.setenv("ARTNORM_DESPIN_CACHE", str(tmp_path / "cache"))
    calls = []

    def build():
        calls.append(1)
        return {"a": ("b", "c")}

    assert tables.cached("demo", "k1", build) == {"a": ("b", "c")}
    assert tables.cached("demo", "k1", build) == {"a": ("b", "c")} and len(calls) == 1  # read back
    (tmp_path / "cache" / "demo-k1.marshal").write_bytes(b"\x00truncated")
    assert tables.cached("demo", "k1", build) == {"a": ("b", "c")} and len(calls) == 2  # unreadable: rebuilt
    tables.cached("demo", "k2", build)  # another key (another config) keeps the first
    assert tables.cached("demo", "k1", build) and len(calls) == 3  # no rebuild on switching back
    import os
    for number, key in enumerate(("k1", "k2", "k3", "k4", "k5", "k6")):
        tables.cached("demo", key, build)  # oldest first (explicit times: no two writes tie)
        os.utime(tmp_path / "cache" / f"demo-{key}.marshal", (1e9 + number, 1e9 + number))
    kept = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert kept == ["demo-k3.marshal", "demo-k4.marshal", "demo-k5.marshal", "demo-k6.marshal"]


def test_table_cache_works_without_a_writable_directory(tmp_path, monkeypatch):
    from pipeline.despin import tables

    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("ARTNORM_DESPIN_CACHE", str(blocker / "cache"))
    assert tables.cached("demo", "k", lambda: [1, 2]) == [1, 2]


def test_precomputed_candidates_match_wordnet():
    """The on-disk table gives what WordNet gives word by word, for words
    of every kind (inflected, irregular, two-word lemmas, unknown)."""
    wn = _wordnet()
    from pipeline.despin.candidates import LatticeCosts, WordNetCandidates
    from pipeline.despin.language_model import load_bigram_model
    from pipeline.despin.screen import suspicious_words
    from pipeline.despin.tables import wordnet_tables

    lm, costs = load_bigram_model(), LatticeCosts()
    direct = WordNetCandidates(wn, lm, costs)
    cached = WordNetCandidates(None, lm, costs, wordnet_tables(costs))
    words = ["crew", "crews", "gross", "sales", "consciousness", "took", "running", "urban center", "lives",
             "finale", "bound", "harbour", "qwxzy", "the", "children", "arrived", "big", "quickly", "people"]
    words += sorted(lm.unigrams, key=lm.unigrams.get, reverse=True)[:3000:7]
    for word in words:
        assert cached.lookup(word) == direct.lookup(word), word
    table = {w: direct.lookup(w) for w in words}
    suspicious = set(wordnet_tables(costs)["suspicious"])
    assert suspicious_words(table, lm.unigrams) == {w for w in words if w in suspicious}


def test_screen_counts_suspicious_words_by_case():
    from pipeline.despin.lexicon import SpinLexicon
    from pipeline.despin.screen import Screen

    screen = Screen(SpinLexicon(), {"finale", "o'clock"})
    result = screen.run("Finale finale FINALE fiNale o’clock O'clock x")
    # lower case and capitalised forms count; ALL CAPS and CamelCase are names or acronyms
    assert (result.words, result.suspicious) == (7, 4)


def test_screen_strong_counts_per_paragraph_match_one_by_one():
    # the stage counts each paragraph's strong forms from one scan of the
    # joined text; a form running across the newline falls back to one scan each
    _wordnet()
    from pipeline.stages.despin import _despinner

    screen = _despinner(("braces", "lexicon", "articles"), (), True).screen
    cases = [["The corporate’s gross sales rose.", "A web site {that a} and gross", "sales knowledge"],
             ["gross", "sales", "", "web site"], ["İstanbul gross sales", "web site"], ["plain text"]]
    for texts in cases:
        result, spans = screen.scan("\n".join(texts))
        assert result == screen.run("\n".join(texts))
        assert screen.strong_counts(texts, spans) == [screen.strong_count(t) for t in texts], texts


def test_identity_compare_names_the_documents_that_differ(tmp_path):
    import json

    from bench.despin.identity import compare

    dump = {"stage": {"default": {"a": {"text": "x"}, "b": {"text": "y"}}}, "analysis": {"all": {"a": [], "b": []}}}
    changed = json.loads(json.dumps(dump))
    changed["stage"]["default"]["b"]["text"] = "z"
    (tmp_path / "one.json").write_text(json.dumps(dump))
    (tmp_path / "two.json").write_text(json.dumps(changed))
    assert compare(tmp_path / "one.json", tmp_path / "one.json") == []
    assert compare(tmp_path / "one.json", tmp_path / "two.json") == ["stage / default / b"]


def test_starts_sentence():
    from pipeline.despin.tokens import starts_sentence

    text = 'Rain. "1000\'s fled." Then 1000\'s more'
    assert starts_sentence(text, 0) and starts_sentence(text, text.index("1000"))
    assert not starts_sentence(text, text.rindex("1000")) and starts_sentence(text, text.index("Then"))


def test_spinner_family_from_backed_lexicon_forms():
    """Fewer of the lexicon's forms than FAMILY_FORM_RATE still mark its
    spinner when they clearly outnumber the WordNet-suspicious words and two
    different strong forms back them (a hand-spun wedding report: 15.5 forms
    and 11 suspicious words per 100, strong forms under the strong-rate rule);
    WordNet-spun text with as many forms has as many suspicious words."""
    from pipeline.despin.detector import spinner_family
    from pipeline.despin.screen import ScreenResult

    assert spinner_family(ScreenResult(200, 2, 22, 31, 2)) == "lexicon"
    assert spinner_family(ScreenResult(200, 2, 22, 31, 1)) == "wordnet"  # one strong form, repeated
    assert spinner_family(ScreenResult(200, 2, 31, 31, 2)) == "wordnet"  # synthetic: as many suspicious words
    assert spinner_family(ScreenResult(200, 2, 10, 24, 2)) == "wordnet"  # too few forms


def test_spinner_family_needs_lexicon_forms_to_lead():
    """Many lexicon forms alone do not mark the lexicon's spinner: as the
    lexicon grows, WordNet-spun text holds more of them too (two synthetic
    documents reached 16.9 per 100 words, with as many WordNet-suspicious
    words). Only a lead over the suspicious words does."""
    from pipeline.despin.detector import spinner_family
    from pipeline.despin.screen import ScreenResult

    assert spinner_family(ScreenResult(300, 4, 46, 51, 2)) == "wordnet"  # 17 forms, 15.3 suspicious
    assert spinner_family(ScreenResult(300, 0, 30, 51, 0)) == "lexicon"  # 17 forms, 10 suspicious
