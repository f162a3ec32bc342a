"""`artnorm diff`: output formats and exit codes."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner
from conftest import SEEDS

from pipeline.cli import main


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Runs `curly` and `straight`, differing only in the quote setting, and
    `again`, a repeat of `curly`. Built once: the tests only read them."""
    tmp = tmp_path_factory.mktemp("diff")
    runner = CliRunner()
    for name, uncurl in (("curly", False), ("again", False), ("straight", True)):
        config = tmp / f"{name}.yaml"
        config.write_text(yaml.safe_dump({"input": str(SEEDS), "output": str(tmp / "out"),
                                          "stages": {"encoding": {"uncurl_quotes": uncurl}}}))
        result = runner.invoke(main, ["run", "-c", str(config), "--run-name", name, "-q"])
        assert result.exit_code == 0, result.output
    return tmp / "out"


def test_identical_runs_exit_0(cli, two_runs):
    result = cli("diff", "curly", "again", "--output", two_runs)
    assert result.exit_code == 0 and result.output == ""


def test_quote_setting_diff_shows_exactly_the_quote_changes(cli, two_runs):
    result = cli("diff", "curly", "straight", "--word", "--no-metadata", "--output", two_runs)
    assert result.exit_code == 1
    removed = [chunk.split("-]")[0] for chunk in result.output.split("[-")[1:]]
    added = [chunk.split("+}")[0] for chunk in result.output.split("{+")[1:]]
    assert removed and set(removed) <= {"’", "‘", "“", "”"}
    assert set(added) <= {"'", '"'} and len(added) == len(removed)


def test_unified_diff_by_default_with_metadata(cli, two_runs):
    result = cli("diff", "curly", "straight", "--doc", "004", "--output", two_runs)
    assert result.exit_code == 1
    assert "--- curly/004_" in result.output and "+++ straight/004_" in result.output
    assert "-Douyin’s Success" in result.output and "+Douyin's Success" in result.output
    assert "~ metadata pipeline.config_hash" in result.output


def test_stat_and_json(cli, two_runs):
    stat = cli("diff", "curly", "straight", "--stat", "--output", two_runs)
    assert stat.exit_code == 1 and "5 documents changed, 0 added, 0 removed" in stat.output
    data = json.loads(cli("diff", "curly", "straight", "--json", "--output", two_runs).output)
    assert data["summary"]["changed"] == 5 and data["summary"]["lines_added"] == data["summary"]["lines_removed"] > 0
    assert {doc["status"] for doc in data["documents"]} == {"changed"}


def test_added_and_removed_documents(cli, write_config, seeds_copy, tmp_path):
    assert cli("run", "-c", write_config(), "--run-name", "five", "-q").exit_code == 0
    next(seeds_copy.glob("001_*")).unlink()
    assert cli("run", "-c", write_config(), "--run-name", "four", "-q").exit_code == 0
    result = cli("diff", "five", "four", "--stat", "--output", tmp_path / "out")
    assert result.exit_code == 1 and "1 removed" in result.output


def test_stage_and_between(cli, two_runs):
    same_ingest = cli("diff", "curly", "straight", "--stage", "ingest", "--output", two_runs)
    assert same_ingest.exit_code == 0
    between = cli("diff", "straight", "--between", "ingest", "encoding", "--no-metadata", "--word",
                  "--output", two_runs)
    assert between.exit_code == 1 and "[-’-]{+'+}" in between.output
    unchanged = cli("diff", "curly", "--between", "ingest", "encoding", "--no-metadata", "--output", two_runs)
    assert unchanged.exit_code == 0


def test_run_given_as_path(cli, two_runs):
    result = cli("diff", two_runs / "curly", two_runs / "again")
    assert result.exit_code == 0


def test_unknown_run_exits_2(cli, two_runs):
    result = cli("diff", "curly", "nosuch", "--output", two_runs)
    assert result.exit_code == 2 and "no run 'nosuch'" in result.output


def _long_paragraph(words: int, seed: int, change_every: int = 0) -> tuple[str, str, list[tuple[str, str]]]:
    """One paragraph (no newline) and a copy with some words replaced; the
    (old, new) word pairs."""
    import random

    rng = random.Random(seed)
    vocab = ["the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "was", "on"] + \
        [f"w{i}" for i in range(2000)]
    text = [rng.choice(vocab) + (rng.choice(".,;") if rng.random() < 0.06 else "") for _ in range(words)]
    changed, pairs = list(text), []
    for index in range(0, words, change_every or words + 1):
        changed[index] = f"NEW{index}"
        pairs.append((text[index], changed[index]))
    return " ".join(text), " ".join(changed), pairs


def _sides_of(word_output: str) -> tuple[str, str]:
    old = re.sub(r"\[-(.*?)-\]", r"\1", re.sub(r"\{\+.*?\+\}", "", word_output, flags=re.S), flags=re.S)
    new = re.sub(r"\{\+(.*?)\+\}", r"\1", re.sub(r"\[-.*?-\]", "", word_output, flags=re.S), flags=re.S)
    return old, new


@pytest.fixture
def bounded_matching(monkeypatch):
    """Fails at once when a diff hands difflib two sequences whose product
    exceeds a budget: the quadratic case, caught by size, not by timing."""
    import difflib

    real = difflib.SequenceMatcher

    class Bounded(real):
        def __init__(self, isjunk=None, a="", b="", autojunk=True):
            assert len(a) * len(b) <= 4_000_000, f"matching {len(a)} x {len(b)} items at once"
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(difflib, "SequenceMatcher", Bounded)


def test_word_diff_of_a_long_paragraph_is_exact_and_bounded(bounded_matching):
    """Found by a smoke run: --word took 174 s on one 146 KB paragraph (a
    token-level match over the whole paragraph); now anchored on sentences."""
    from pipeline.diffing import word_diff

    old, new, pairs = _long_paragraph(30_000, seed=1, change_every=97)  # ~150 KB, ~1% of words changed
    assert len(old) > 140_000 and "\n" not in old
    output = word_diff(old, new)
    assert _sides_of(output) == (old, new)
    assert re.findall(r"\[-(\S+?)-\]\{\+(\S+?)\+\}", output) == pairs
    assert output.count("[-") == output.count("{+") == len(pairs)  # word by word: nothing else marked


def test_word_diff_of_a_rewritten_long_paragraph_says_it_went_by_sentence(bounded_matching):
    from pipeline.diffing import word_diff

    old, _, _ = _long_paragraph(8_000, seed=2)
    new, _, _ = _long_paragraph(8_000, seed=3)
    assert _sides_of(word_diff(old, new)) == (old, new)
    notes: list[str] = []
    word_diff(old, new, notes)
    assert len(notes) == 1 and "sentence by sentence" in notes[0]


def test_word_diff_of_a_short_block_is_unchanged():
    from pipeline.diffing import word_diff

    assert word_diff("The cat sat.\nOn the mat.\n", "The dog sat.\nOn the mat.\n") == \
        "The [-cat-]{+dog+} sat.\nOn the mat.\n"


def test_between_stages_in_reverse_order_is_refused_with_the_pipeline_order(cli, two_runs):
    """Found by a smoke run: `--between encoding ingest` printed the
    encoding stage's work backwards, as if a later stage had undone it."""
    result = cli("diff", "straight", "--between", "encoding", "ingest", "--output", two_runs)
    assert result.exit_code == 2
    assert "encoding runs after ingest" in result.output and "--between ingest encoding" in result.output
    assert "pipeline order: ingest, encoding, boilerplate, language, translate, despin" in result.output
    same = cli("diff", "straight", "--between", "encoding", "encoding", "--output", two_runs)
    assert same.exit_code == 2 and "two different stages" in same.output
