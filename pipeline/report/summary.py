"""The run summary: documents per language, per-stage counts, spin scores,
failures, versions and models — from the manifest where it has them, from
the documents otherwise."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.report.collect import DocData, RunData, normalize_failure
from pipeline.report.views import model_labels

COUNTER_COLUMNS = ("processed", "changed", "failed", "computed", "cache_hits", "loaded", "seconds")
UNKNOWN_LANGUAGE = "—"


@dataclass
class SpinRow:
    doc_id: str
    score: float | None  # None: not scored (screened out as clearly not spun)
    spun: bool
    edits: int


@dataclass
class Summary:
    languages: list[tuple[str, int]]
    stage_rows: list[dict[str, Any]]
    changed_by: list[tuple[str, int]]
    failures: list[dict[str, Any]]
    spin: list[SpinRow]
    spin_threshold: float | None
    models: list[tuple[str, int]]
    run_facts: list[tuple[str, str]] = field(default_factory=list)


def language_of(doc: DocData) -> str:
    return doc.language or UNKNOWN_LANGUAGE


def _stage_rows(run: RunData) -> list[dict[str, Any]]:
    """One row per stage with every column (None where unknown), and under
    "other" whatever else the manifest records (stage work counters...)."""
    columns = ("stage", "version", "params_hash", *COUNTER_COLUMNS)
    return [{**{col: row.get(col) for col in columns}, "other": _other(row, columns)} for row in _recorded_rows(run)]


def _other(row: dict[str, Any], known: tuple[str, ...]) -> list[tuple[str, str]]:
    """Extra keys of a manifest row as (name, value); a mapping such as
    `counters` contributes one pair per entry."""
    pairs = []
    for key, value in row.items():
        if key in known:
            continue
        items = value.items() if isinstance(value, dict) else [(key, value)]
        pairs += [(str(name), str(item)) for name, item in items]
    return pairs


def _recorded_rows(run: RunData) -> list[dict[str, Any]]:
    rows = [r for r in run.manifest.get("stages", []) if isinstance(r, dict)]
    if rows:
        return rows
    # No manifest (an interrupted run): count what the documents say.
    counted: dict[str, dict[str, Any]] = {}
    for doc in run.docs:
        for step in doc.steps:
            row = counted.setdefault(step.stage, {"stage": step.stage, "version": step.version,
                                                  "processed": 0, "changed": 0})
            row["processed"] += 1
            row["changed"] += int(step.changed)
    return list(counted.values())


def _spin(run: RunData) -> tuple[list[SpinRow], float | None]:
    """Every document with a spin score (despin's record, or any stage's
    detail with a `spin_score` key), highest first, unscored last."""
    rows, threshold = [], None
    for doc in run.docs:
        for step in doc.steps:
            detail = step.detail if isinstance(step.detail, dict) else {}
            if "spin_score" not in detail:
                continue
            edits = detail.get("edits")
            rows.append(SpinRow(doc.id, _number(detail.get("spin_score")), bool(detail.get("spun")),
                                len(edits) if isinstance(edits, list) else 0))
            threshold = _number(detail.get("threshold")) if threshold is None else threshold
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0.0), r.doc_id))
    return rows, threshold


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _models(run: RunData) -> list[tuple[str, int]]:
    """Every model named in a stage detail, with the number of documents that used it."""
    used: Counter[str] = Counter()
    for doc in run.docs:
        used.update({label for step in doc.steps for label in model_labels(step)})
    return sorted(used.items())


def _failures(run: RunData) -> list[dict[str, Any]]:
    recorded = [f for f in run.manifest.get("failures", []) if isinstance(f, dict)]
    listed = [normalize_failure(f, str(f.get("id", "?"))) for f in recorded]
    known = {f["id"] for f in listed}
    listed += [doc.failure for doc in run.docs if doc.failure and doc.id not in known]
    return sorted(listed, key=lambda f: str(f.get("id")))


def _mode(mode: Any) -> str | None:
    """'full run', or the options that made it partial ('--only language')."""
    if not isinstance(mode, dict):
        return None
    used = [f"--{k}" if v is True else f"--{k} {v}" for k, v in sorted(mode.items()) if v]
    return ", ".join(used) or "full run"


def _facts(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    docs = manifest.get("documents") if isinstance(manifest.get("documents"), dict) else None
    wall = manifest.get("wall_seconds")
    facts = [
        ("run", manifest.get("run")),
        ("started", manifest.get("started_at")),
        ("wall time", f"{wall:.2f} s" if isinstance(wall, (int, float)) else None),
        ("documents", f"{docs.get('succeeded', '?')} of {docs.get('total', '?')} ok, "
                      f"{docs.get('failed', '?')} failed" if docs else None),
        ("mode", _mode(manifest.get("mode"))),
        ("workers", manifest.get("workers")),
        ("pipeline", manifest.get("pipeline_version")),
        ("config hash", manifest.get("config_hash")),
        ("input", manifest.get("input")),
    ]
    return [(k, str(v)) for k, v in facts if v is not None]


def summarize(run: RunData) -> Summary:
    languages = Counter(language_of(doc) for doc in run.docs)
    changed = Counter(stage for doc in run.docs for stage in doc.changed_by)
    spin, threshold = _spin(run)
    return Summary(
        languages=sorted(languages.items(), key=lambda kv: (-kv[1], kv[0])),
        stage_rows=_stage_rows(run),
        changed_by=[(s, changed[s]) for s in run.stage_order if changed[s]]
        + sorted((s, n) for s, n in changed.items() if s not in run.stage_order),
        failures=_failures(run), spin=spin, spin_threshold=threshold, models=_models(run),
        run_facts=_facts(run.manifest),
    )
