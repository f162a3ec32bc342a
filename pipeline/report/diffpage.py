"""`artnorm diff RUN_A RUN_B --html`: the comparison of two runs (or two
stages) as a review page, with the same look, filters and search as the run
report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.diffing import DocDiff, Side, line_counts
from pipeline.report.collect import StageStep
from pipeline.report.fieldsdiff import FieldGroup, field_groups
from pipeline.report.render import render_page, write_html
from pipeline.report.textdiff import Segment, text_segments
from pipeline.report.views import StepView, view_for

STATUSES = ("changed", "added", "removed", "same")


@dataclass
class DiffDoc:
    id: str
    status: str
    language: str
    differs: str  # data-differs tokens: text, metadata, or -none-
    segments: list[Segment]
    groups: list[FieldGroup]
    added: int
    removed: int
    stage_views: list[StepView] = field(default_factory=list)


def _metadata(side: Side, doc_id: str) -> dict[str, Any]:
    try:
        return side.load(doc_id)[1]
    except (OSError, ValueError, KeyError):
        return {}


def _language(metadata: dict[str, Any]) -> str | None:
    annotations = metadata.get("annotations") if isinstance(metadata.get("annotations"), dict) else {}
    found = metadata.get("language") or (annotations.get("language") or {}).get("lang")
    return str(found) if found else None


def _segments(d: DocDiff) -> list[Segment]:
    if d.status == "added":
        return [Segment("ins", d.text_b)]
    if d.status == "removed":
        return [Segment("del", d.text_a)]
    return text_segments(d.text_a, d.text_b, context=2) if d.text_changed else []


def added_stage_views(d: DocDiff, meta_a: dict[str, Any], meta_b: dict[str, Any]) -> list[StepView]:
    """With `--between A B`, B's trail is A's plus the stages in between: show
    what those did with the run report's views. The texts before and after
    are known exactly only when one stage lies in between."""
    trail_a, trail_b = meta_a.get("stages"), meta_b.get("stages")
    if not isinstance(trail_a, list) or not isinstance(trail_b, list) or len(trail_b) <= len(trail_a) \
            or trail_b[:len(trail_a)] != trail_a:
        return []
    added = [r for r in trail_b[len(trail_a):] if isinstance(r, dict)]
    texts = (d.text_a, d.text_b) if len(added) == 1 else (None, None)
    return [view_for(StageStep(str(r.get("stage", "?")), str(r.get("version", "?")), str(r.get("params_hash", "")),
                               bool(r.get("changed")), r.get("detail"), *texts)) for r in added]


def diff_doc(d: DocDiff, a: Side, b: Side) -> DiffDoc:
    meta_a = _metadata(a, d.doc_id) if d.status != "added" else {}
    meta_b = _metadata(b, d.doc_id) if d.status != "removed" else {}
    metadata = [m for m in (meta_b, meta_a) if m]
    language = next((lang for lang in map(_language, metadata) if lang), None)
    differs = [name for name, flag in (("text", d.text_changed), ("metadata", bool(d.metadata_changes))) if flag]
    added, removed = line_counts(d)
    return DiffDoc(d.doc_id, d.status, language or "—", " ".join(differs) or "-none-", _segments(d),
                   field_groups(meta_a, meta_b) if d.metadata_changes else [], added, removed,
                   added_stage_views(d, meta_a, meta_b) if d.status == "changed" else [])


def render_diff(a: Side, b: Side, diffs: list[DocDiff]) -> str:
    docs = [diff_doc(d, a, b) for d in diffs]
    statuses = Counter(doc.status for doc in docs)
    languages = Counter(doc.language for doc in docs)
    differs = Counter(token for doc in docs for token in doc.differs.split() if token != "-none-")
    options = {
        "status": [(s, f"{s} ({statuses[s]})") for s in STATUSES if statuses[s]],
        "lang": [(lang, f"{lang} ({n})") for lang, n in sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))],
        "differs": [(t, f"{t} ({differs[t]})") for t in ("text", "metadata") if differs[t]],
    }
    totals = {"documents": len(docs), **{s: statuses[s] for s in STATUSES},
              "lines_added": sum(doc.added for doc in docs), "lines_removed": sum(doc.removed for doc in docs)}
    return render_page("diff.html.j2", a=a, b=b, docs=docs, options=options, totals=totals)


def write_diff_report(a: Side, b: Side, diffs: list[DocDiff], out: Path) -> Path:
    return write_html(out, render_diff(a, b, diffs))
