"""`artnorm report` and `artnorm diff --html`: the page's content, escaping,
self-containment and robustness, on synthetic runs written in the real run
layout (fast; the real seeds and a real browser are in test_report_browser.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.report.collect import DocData, RunData, StageStep, load_run
from pipeline.report.runpage import render_run
from pipeline.report.synthetic import write_synthetic_run
from pipeline.rundir import RunLayout


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return write_synthetic_run(tmp_path / "synth", 8, hostile=True, unknown_stage=True, fail_every=4).root


def render(root: Path) -> str:
    return render_run(load_run(RunLayout(root)))


def test_report_command_writes_the_page(cli, run_dir, tmp_path):
    out = tmp_path / "pages" / "review.html"
    result = cli("report", run_dir, "--out", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    for doc_id in (p.stem for p in (run_dir / "stages" / "00-ingest").glob("*.json")):
        assert f'id="doc-{doc_id}"' in html


def test_report_defaults_to_the_run_directory_and_stdout(cli, run_dir):
    assert cli("report", run_dir).exit_code == 0
    assert (run_dir / "report.html").is_file()
    result = cli("report", run_dir, "--out", "-")
    assert result.exit_code == 0 and "<!DOCTYPE html>" in result.output


def test_report_unknown_run_is_a_usage_error(cli, tmp_path):
    result = cli("report", "nope", "--output", tmp_path)
    assert result.exit_code == 2 and "no run 'nope'" in result.output


def test_summary_counts_languages_stages_spin_failures_models(run_dir):
    html = render(run_dir)
    summary = html[html.index('id="summary"'):html.index('id="documents"')]
    assert re.search(r'data-value="en">en</button></td><td class="num">5<', summary)  # 0-2, 6, 7
    assert "de" in summary and "nl" in summary and "es" in summary
    assert "Spin scores" in summary and "judged spun" in summary
    assert "synthetic failure of" in summary and "Failures" in summary
    assert "argos: translate-es_en 1.9" in summary  # models used (de failed at translate)
    assert "0123456789abcdef" in summary  # config hash
    assert '<span class="chip">model calls 6</span>' in summary  # a stage's work counters


def test_known_stage_details_are_drawn_on_the_text(run_dir):
    html = render(run_dir)
    assert '<li value="1" class="removed"><del>Home News Article 0</del> <span class="chip rule">breadcrumb' in html
    assert '<span class="repair" title="sentence_glue"><del>end.Start</del><ins>end. Start</ins></span>' in html
    assert "<del>â€™</del><ins>’</ins>" in html  # encoding repair, character level
    assert '<del class="spun">automobile</del><ins>car</ins>' in html  # despin edit inline, spun form kept
    assert 'class="side-by-side"' in html and 'lang="es"' in html  # translation beside its source


def test_untrusted_text_is_escaped_and_the_script_is_pinned(run_dir):
    html = render(run_dir)
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    # Embedded records cannot close their <script> block.
    for block in re.findall(r'<script type="application/json" id="records">(.*?)</script>', html, re.S):
        assert "<" not in block
        json.loads(block)
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    policy = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1))
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy


def test_page_is_self_contained_and_deterministic(run_dir):
    html = render(run_dir)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html
    assert html == render(run_dir)


def test_unknown_and_malformed_details_fall_back_to_the_tree(run_dir):
    for path in (run_dir / "docs").glob("*.json"):
        meta = json.loads(path.read_text(encoding="utf-8"))
        for record in meta["stages"]:
            if record["stage"] == "boilerplate":
                record["detail"]["removed"] = "now a string"  # a stage changed its shape
            if record["stage"] == "despin":
                for edit in record["detail"]["edits"]:
                    edit["offset"] += 3  # offsets that no longer match the text
        path.write_text(json.dumps(meta), encoding="utf-8")
    html = render(run_dir)
    assert "detail not in the expected shape" in html
    assert html.count('data-record="steps.6" open') == 6  # the unknown stage, in every exported document
    assert "\\u003cb\\u003ekey\\u003c/b\\u003e" in html  # its odd key, kept as data, not markup


def test_interrupted_run_without_manifest_still_renders(run_dir):
    (run_dir / "manifest.json").unlink()
    (run_dir / "docs" / next(p.name for p in (run_dir / "docs").glob("*.json"))).write_text("{broken")
    html = render(run_dir)
    assert "has no manifest.json" in html and "could not read docs/" in html


def test_diff_html_renders_both_runs(cli, tmp_path):
    a = write_synthetic_run(tmp_path / "a", 6, fail_every=0).root
    b = write_synthetic_run(tmp_path / "b", 7, seed=1, fail_every=0).root
    shutil.rmtree(b / "docs", ignore_errors=False)
    shutil.copytree(a / "docs", b / "docs")
    victim = sorted((b / "docs").glob("*.txt"))[1]
    victim.write_text("<script>alert(1)</script> replaced\n", encoding="utf-8")
    sorted((b / "docs").glob("*.json"))[0].unlink()  # one removed document
    out = tmp_path / "diff.html"
    result = cli("diff", a, b, "--html", out)
    assert result.exit_code == 1, result.output
    html = out.read_text(encoding="utf-8")
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in html and "<script>alert" not in html
    assert 'data-status="removed"' in html and 'data-status="changed"' in html
    assert "lines" in html and 'data-filter="status"' in html
    to_stdout = cli("diff", a, b, "--html")
    assert to_stdout.exit_code == 1 and to_stdout.output.startswith("<!DOCTYPE html>")


def test_diff_html_of_identical_runs_exits_zero(cli, tmp_path):
    a = write_synthetic_run(tmp_path / "a", 3).root
    result = cli("diff", a, a, "--html", tmp_path / "same.html")
    assert result.exit_code == 0
    assert "3 identical" in (tmp_path / "same.html").read_text(encoding="utf-8")


def test_diff_html_between_stages_shows_what_the_stage_did(cli, run_dir, tmp_path):
    out = tmp_path / "between.html"
    result = cli("diff", run_dir, "--between", "encoding", "boilerplate", "--html", out)
    assert result.exit_code == 1, result.output
    html = out.read_text(encoding="utf-8")
    assert '<del>Home News Article 0</del> <span class="chip rule">breadcrumb' in html  # the boilerplate view
    assert "stage 3: boilerplate" in html  # and its record's fields


def test_a_huge_document_is_shown_cut_with_a_note(run_dir):
    doc_id = min(p.stem for p in (run_dir / "docs").glob("*.json"))
    (run_dir / "docs" / f"{doc_id}.txt").write_text("word " * 100_000, encoding="utf-8")
    state_path = next((run_dir / "stages").glob("01-*")) / f"{doc_id}.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    state["text"] = "a line\n" * 5_000
    state_path.write_text(json.dumps(state), encoding="utf-8")
    html = render(run_dir)
    assert "300000 more characters: see the run" in html
    assert "2000 more lines not shown" in html
    assert len(html) < 2_000_000


def test_metadata_lists_are_compared_as_multisets():
    from pipeline.report.fieldsdiff import field_groups

    removed = [{"line": n, "rule": "counter", "text": str(n)} for n in range(1, 30)]
    a = {"stages": [{"stage": "boilerplate", "detail": {"removed": removed, "lines_removed": 29}}], "language": "en"}
    b = {"stages": [{"stage": "boilerplate", "detail": {"removed": removed[1:], "lines_removed": 28}}],
         "language": "en"}
    [group] = field_groups(a, b)
    assert group.title == "stage 1: boilerplate"
    assert group.fields == [
        ("stages[0].detail.removed[−]", '{"line": 1, "rule": "counter", "text": "1"}', "—"),
        ("stages[0].detail.lines_removed", "29", "28"),
    ]
    [(path, _, _)] = field_groups({"x": removed}, {"x": removed[::-1]})[0].fields
    assert path == "x (order)"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
# Values that often fit the known fields (offsets, line numbers, short texts), and anything else.
field_values = st.integers(-1, 80) | st.text(max_size=12) | json_values
# Details shaped like the known ones, with any values: the views must fall back, never fail.
shaped = st.fixed_dictionaries({}, optional={
    key: json_values | st.lists(st.dictionaries(st.sampled_from(fields), field_values, max_size=6), max_size=3)
    for key, fields in {"changes": ["line", "before", "after", "steps"], "removed": ["line", "rule", "text"],
                        "repairs": ["line", "rule", "before", "after"], "paragraphs": ["index", "action", "source"],
                        "edits": ["offset", "from", "to", "layer", "confidence"], "spin_score": ["x"]}.items()})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stage=st.sampled_from(["encoding", "boilerplate", "translate", "despin", "language", "new"]),
       detail=shaped | json_values, before=st.none() | st.text(max_size=60), after=st.none() | st.text(max_size=60),
       changed=st.booleans())
def test_any_detail_renders(stage, detail, before, after, changed):
    step = StageStep(stage, "1", "0" * 16, changed, detail, before, after)
    doc = DocData("doc-1", {"path": "<b>p</b>"}, None, "<script>x</script>", {}, [step])
    html = render_run(RunData("r", Path("."), {}, [doc], [stage]))
    assert "<script>x</script>" not in html and "<b>p</b>" not in html


plain_values = st.recursive(  # no NaN: equality is what the comparison is about
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=16,
)
metadata = st.dictionaries(st.sampled_from(["stages", "language", "annotations"]), plain_values)


@settings(max_examples=60, deadline=None)
@given(a=metadata, b=metadata)
def test_any_metadata_difference_is_listed(a, b):
    from pipeline.report.fieldsdiff import field_groups

    assert bool(field_groups(a, b)) == (a != b)


def test_a_run_still_being_written_is_reported_as_partial(cli, run_dir):
    """The runner's marker names its process: while that process lives, the
    run is still running (here: the process that started the tests)."""
    import os

    (run_dir / ".unfinished").write_text(json.dumps({"pid": os.getppid(), "started_at": "2026-01-01T00:00:00+00:00"}))
    result = cli("report", run_dir, "--out", "-")
    assert result.exit_code == 0 and "<!DOCTYPE html>" in result.stdout
    assert f"warning: run {run_dir.name} is unfinished (still running: pid {os.getppid()}" in result.stderr
    assert "resume" not in result.stderr and "the run is unfinished (still running" in result.stdout


def test_input_the_run_skipped_is_named_on_the_page(run_dir):
    manifest_path = run_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["skipped"] = {"count": 2, "by_kind": {"unsupported suffix": 2}, "entries_truncated": False,
                           "entries": [{"path": "a.pdf", "kind": "unsupported suffix", "reason": "x"},
                                       {"path": "b.doc", "kind": "unsupported suffix", "reason": "x"}]}
    manifest_path.write_text(json.dumps(manifest))
    assert "2 input paths skipped (2 unsupported suffix)" in render(run_dir)


def test_a_long_changed_paragraph_is_shown_word_by_word():
    """Blocks over 20,000 characters used to be shown as one whole deletion
    and insertion; the word match is near-linear now (pipeline.worddiff)."""
    from pipeline.report.textdiff import text_segments

    words = [f"word{i % 997}" for i in range(8000)]
    before = " ".join(words) + "\n"
    after = " ".join("changed" if i == 4000 else w for i, w in enumerate(words)) + "\n"
    segments = text_segments(before, after, context=None)
    assert [s.text for s in segments if s.kind in ("del", "ins")] == [words[4000], "changed"]
    assert "".join(s.text for s in segments if s.kind != "ins") == before
