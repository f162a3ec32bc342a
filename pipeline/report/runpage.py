"""`artnorm report RUN`: one run as a self-contained HTML review page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from pipeline.report.collect import DocData, RunData, load_run
from pipeline.report.render import render_page, write_html
from pipeline.report.summary import COUNTER_COLUMNS, Summary, language_of, summarize
from pipeline.report.tree import script_json
from pipeline.report.views import StepView, view_for
from pipeline.rundir import RunLayout

# Token in data-changed for documents no stage changed, so that the filter
# can select them; stage names are identifiers and never collide with it.
UNCHANGED = "-none-"


@dataclass
class DocPage:
    doc: DocData
    language: str
    steps: list[StepView]
    changed_tokens: str
    facts: list[tuple[str, str]]


def provenance_facts(doc: DocData) -> list[tuple[str, str]]:
    """Where the document came from and what produced it, as short lines."""
    source = doc.source
    described = [str(source.get(k)) for k in ("bytes", "encoding", "format") if source.get(k) not in (None, "")]
    if source.get("bytes") not in (None, ""):
        described[0] += " bytes"
    facts = [("source", " · ".join([str(source.get("path") or "?"), *described]))]
    if source.get("sha256"):
        facts.append(("sha256", str(source["sha256"])))
    pipeline = doc.metadata.get("pipeline")
    if isinstance(pipeline, dict):
        facts.append(("pipeline", " · ".join(f"{k} {v}" for k, v in sorted(pipeline.items()))))
    return facts


def doc_page(doc: DocData) -> DocPage:
    changed = " ".join(doc.changed_by) or UNCHANGED
    return DocPage(doc, language_of(doc), [view_for(step) for step in doc.steps], changed, provenance_facts(doc))


def raw_records(run: RunData) -> Markup:
    """Every document's raw provenance records and failure as one JSON block,
    drawn by the page's script when opened. One block, not one per document:
    Chromium takes seconds over hundreds of <script> elements."""
    return script_json({doc.id: {"steps": [step.detail for step in doc.steps], "failure": doc.failure}
                        for doc in run.docs})


def filter_options(run: RunData, summary: Summary) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs of each filter's <select>."""
    stages = [(stage, f"{stage} ({count})") for stage, count in summary.changed_by]
    unchanged = sum(1 for doc in run.docs if not doc.changed_by)
    failed = sum(1 for doc in run.docs if doc.failed)
    return {
        "lang": [(lang, f"{lang} ({count})") for lang, count in summary.languages],
        "changed": stages + ([(UNCHANGED, f"no stage ({unchanged})")] if unchanged else []),
        "status": [("ok", f"succeeded ({len(run.docs) - failed})"), ("failed", f"failed ({failed})")],
    }


def render_run(run: RunData) -> str:
    summary = summarize(run)
    return render_page("run.html.j2", run=run, summary=summary, docs=[doc_page(d) for d in run.docs],
                       options=filter_options(run, summary), columns=COUNTER_COLUMNS, records=raw_records(run))


def write_run_report(layout: RunLayout, out: Path) -> Path:
    return write_html(out, render_run(load_run(layout)))
