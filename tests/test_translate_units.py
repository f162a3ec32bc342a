"""Units of the translate stage: segmentation, batching, guards, routes, codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.translate.batching import length_bucket, plan_batches
from pipeline.translate.codes import apertium_mode_candidates, install_command, to_argos
from pipeline.translate.guards import decoding_limit, is_looping, longest_repeat_run
from pipeline.translate.packages import ArgosPackage, find_route
from pipeline.translate.params import GuardOptions
from pipeline.translate.segment import split_sentences

WORDS = st.sampled_from(["De", "stap", "was", "bedoeld.", "Dr.", "e.g.", "3.5", "miljoen!", "Wat?", "“ja”",
                         "VS.", "...", "een", "—", ",", "U.S.", "zei", "hij."])


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=60), st.sampled_from(["sentencex", "pysbd"]),
       st.sampled_from([50, 80, 1000]))
def test_sentences_cover_the_paragraph_once_in_order(words, splitter, max_chars):
    paragraph = " ".join(words)
    spans = split_sentences(paragraph, "nl", splitter, max_chars)
    assert all(paragraph[s.start:s.end] == s.text and s.text == s.text.strip() for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))  # disjoint, ordered
    covered = "".join(s.text for s in spans)
    assert "".join(covered.split()) == "".join(paragraph.split())  # nothing dropped or doubled
    assert all(len(s.text) <= max_chars for s in spans)


def test_splitter_separates_dutch_sentences():
    spans = split_sentences("Het bedrijf heeft zijn team geherstructureerd. Managers rapporteren aan Zhang.", "nl")
    assert [s.text for s in spans] == ["Het bedrijf heeft zijn team geherstructureerd.",
                                       "Managers rapporteren aan Zhang."]


def test_long_run_on_sentence_is_cut_at_clause_punctuation():
    paragraph = ", ".join(["een lange opsomming van dingen"] * 40)
    spans = split_sentences(paragraph, "nl", max_chars=200)
    assert len(spans) > 1 and all(s.forced_break for s in spans)
    assert all(s.text.endswith(",") for s in spans[:-1])


@given(st.lists(st.integers(min_value=0, max_value=300), max_size=200),
       st.integers(min_value=16, max_value=4096), st.integers(min_value=1, max_value=64))
def test_batches_hold_every_sentence_once_within_budget(lengths, budget, max_sentences):
    batches = plan_batches(lengths, budget, max_sentences)
    seen = sorted(i for b in batches for i in b.indices)
    assert seen == list(range(len(lengths)))
    for batch in batches:
        widths = [max(lengths[i], 1) for i in batch.indices]
        assert widths == sorted(widths) and batch.max_tokens == max(widths)
        assert len({length_bucket(w) for w in widths}) == 1 and batch.bucket == length_bucket(max(widths))
        assert len(batch.indices) <= max_sentences
        assert len(batch.indices) == 1 or batch.max_tokens * len(batch.indices) <= budget


def test_batches_are_sorted_by_length_across_the_input():
    batches = plan_batches([30, 2, 15, 2, 30, 3, 31], max_batch_tokens=100, max_batch_sentences=10)
    assert [b.indices for b in batches] == [(1, 3, 5), (2,), (0, 4, 6)]
    assert [b.indices for b in plan_batches([2, 2, 2, 2], 8, 3)] == [(0, 1, 2), (3,)]
    assert [b.indices for b in plan_batches([3, 3, 3], 8, 10)] == [(0, 1), (2,)]


def test_loop_detection_flags_runaway_output_not_repetitive_source():
    assert longest_repeat_run("a b a b a b c".split()) == 3
    assert is_looping(["x"], "the cat the cat the cat the cat".split(), repeats=4)
    assert not is_looping(["x"], "the cat sat on the mat".split(), repeats=4)
    dashes = ["-"] * 8
    assert not is_looping(dashes, dashes, repeats=4)  # the source itself repeats


def test_decoding_limit_follows_source_length_up_to_the_ceiling():
    guards = GuardOptions(length_ratio=2.0, length_extra=10, max_decoding_length=100)
    assert decoding_limit(5, guards) == 20
    assert decoding_limit(80, guards) == 100


def _pkg(src, tgt, version="1.0"):
    return ArgosPackage(f"translate-{src}_{tgt}", version, src, tgt, Path(f"/x/{src}_{tgt}_{version}"))


def test_route_prefers_direct_pair_then_newest_version():
    packages = [_pkg("nl", "en", "1.0"), _pkg("nl", "en", "1.9"), _pkg("nl", "de"), _pkg("de", "en")]
    route = find_route("nl", "en", sorted(packages, key=lambda p: (p.name, p.version)))
    assert [(p.name, p.version) for p in route] == [("translate-nl_en", "1.9")]


def test_route_pivots_through_another_language_when_allowed():
    packages = [_pkg("ca", "fr"), _pkg("ca", "es"), _pkg("es", "en"), _pkg("fr", "en")]
    route = find_route("ca", "en", packages)
    assert [p.name for p in route] == ["translate-ca_es", "translate-es_en"]  # first pivot alphabetically
    assert find_route("ca", "en", packages, allow_pivot=False) is None
    assert find_route("ja", "en", packages) is None


@pytest.mark.parametrize("code, argos", [("zh-cn", "zh"), ("zh-tw", "zt"), ("no", "nb"), ("NL", "nl")])
def test_langdetect_codes_map_to_argos_codes(code, argos):
    assert to_argos(code) == argos


def test_apertium_modes_and_install_hint():
    assert apertium_mode_candidates("es", "en") == ["spa-eng", "es-en"]
    assert install_command("zh-cn", "en") == "artnorm models install zh en"
