"""Read a finished run into plain objects the report renders.

Everything comes from the run directory (manifest, docs/, failed/, stages/):
the report never re-runs a stage. Files may be missing or malformed (a run
that crashed, a stage added later, a hand-edited file); a document with
an unreadable file is still listed, with what could be read and a note.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.rundir import RunLayout
from pipeline.skipped import summary_line
from pipeline.unfinished import unfinished_reason


@dataclass
class StageStep:
    """One stage applied to one document: its provenance record and the
    document's text before and after it (None where no stored state exists)."""

    stage: str
    version: str
    params_hash: str
    changed: bool
    detail: Any
    before: str | None
    after: str | None


@dataclass
class DocData:
    id: str
    source: dict[str, Any]
    language: str | None
    final_text: str | None
    metadata: dict[str, Any]
    steps: list[StageStep] = field(default_factory=list)
    failure: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.failure is not None

    @property
    def changed_by(self) -> list[str]:
        return [step.stage for step in self.steps if step.changed]


@dataclass
class RunData:
    name: str
    root: Path
    manifest: dict[str, Any]
    docs: list[DocData]
    stage_order: list[str]
    notes: list[str] = field(default_factory=list)


def _read_json(path: Path, notes: list[str]) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        notes.append(f"could not read {path.parent.name}/{path.name}: {exc}")
        return None


def stage_dirs(layout: RunLayout) -> dict[str, Path]:
    """Stage name -> folder of stored states, in run order (NN- prefix)."""
    root = layout.root / "stages"
    found: dict[str, Path] = {}
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name[:2].isdigit()):
            found[folder.name[3:]] = folder
    return found


def _doc_ids(layout: RunLayout) -> list[str]:
    ids = set()
    for folder in (layout.docs_dir, layout.failed_dir):
        if folder.is_dir():
            ids.update(p.stem for p in folder.glob("*.json"))
    return sorted(ids)


def _stored_states(doc_id: str, dirs: dict[str, Path], notes: list[str]) -> dict[str, dict[str, Any]]:
    states = {}
    for stage, folder in dirs.items():
        path = folder / f"{doc_id}.json"
        if path.is_file():
            state = _read_json(path, notes)
            if isinstance(state, dict):
                states[stage] = state
    return states


def _records(metadata: dict[str, Any], states: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Provenance records: from the exported metadata, or (failed documents)
    from the last stored state, which holds the trail up to the failure."""
    if isinstance(metadata.get("stages"), list):
        return metadata["stages"]
    last = list(states.values())[-1] if states else {}
    records = last.get("provenance")
    return records if isinstance(records, list) else []


def _steps(records: list[Any], states: dict[str, dict[str, Any]]) -> list[StageStep]:
    steps: list[StageStep] = []
    previous: str | None = None
    for record in records:
        if not isinstance(record, dict):
            continue
        name = str(record.get("stage", "?"))
        state = states.get(name)
        after = state.get("text") if state else None
        after = after if isinstance(after, str) else None
        # ingest starts from bytes, not text: there is no "before" to show.
        before = "" if not steps and name == "ingest" else previous
        steps.append(StageStep(name, str(record.get("version", "?")), str(record.get("params_hash", "")),
                               bool(record.get("changed")), record.get("detail"), before, after))
        previous = after
    return steps


FAILURE_KEYS = ("id", "source", "stage", "error", "reason")


def normalize_failure(record: Any, doc_id: str) -> dict[str, Any]:
    """A failure record with every key the page shows (older or hand-made
    records may lack some)."""
    record = record if isinstance(record, dict) else {}
    return {**record, **{k: str(record.get(k, "?")) for k in FAILURE_KEYS}, "id": doc_id}


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _source(metadata: dict[str, Any], states: dict[str, dict[str, Any]], failure: dict | None) -> dict[str, Any]:
    """Where the document came from: the exported metadata, else the first
    stored state, else the failure record's path."""
    for candidate in (metadata.get("source"), next(iter(states.values()), {}).get("source")):
        if isinstance(candidate, dict):
            return candidate
    return {"path": (failure or {}).get("source")}


def _final_text(layout: RunLayout, doc_id: str, notes: list[str]) -> str | None:
    path = layout.docs_dir / f"{doc_id}.txt"
    try:
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
    except OSError as exc:
        notes.append(f"could not read docs/{path.name}: {exc}")
        return None


def load_document(layout: RunLayout, doc_id: str, dirs: dict[str, Path]) -> DocData:
    notes: list[str] = []
    exported, failure_path = layout.docs_dir / f"{doc_id}.json", layout.failed_dir / f"{doc_id}.json"
    metadata = _dict(_read_json(exported, notes)) if exported.is_file() else {}
    failure = None
    if failure_path.is_file() and not metadata:
        failure = normalize_failure(_read_json(failure_path, notes), doc_id)
    states = _stored_states(doc_id, dirs, notes)
    language = metadata.get("language") if metadata else _language_from_states(states)
    return DocData(doc_id, _source(metadata, states, failure), str(language) if language else None,
                   _final_text(layout, doc_id, notes), metadata, _steps(_records(metadata, states), states),
                   failure, notes)


def _language_from_states(states: dict[str, dict[str, Any]]) -> str | None:
    for state in reversed(list(states.values())):
        found = (state.get("annotations") or {}).get("language")
        if isinstance(found, dict) and found.get("lang"):
            return str(found["lang"])
    return None


def iter_documents(layout: RunLayout) -> Iterator[DocData]:
    dirs = stage_dirs(layout)
    for doc_id in _doc_ids(layout):
        yield load_document(layout, doc_id, dirs)


def load_run(layout: RunLayout) -> RunData:
    notes: list[str] = []
    manifest = _read_json(layout.manifest_path, notes) if layout.manifest_path.is_file() else None
    if not isinstance(manifest, dict):
        notes = notes or ["the run has no manifest.json (interrupted?): counts come from the documents"]
        manifest = {"run": layout.name}
    reason = unfinished_reason(layout)
    if reason and layout.manifest_path.is_file():  # (without one, the note above says so)
        notes.append(f"the run is unfinished ({reason}): what this page shows is partial")
    skipped = summary_line(manifest.get("skipped") if isinstance(manifest.get("skipped"), dict) else None)
    if skipped:  # input the run did not process at all: no document of the page stands for it
        notes.append(skipped)
    order = [row.get("stage") for row in manifest.get("stages", []) if isinstance(row, dict)]
    order = [str(s) for s in order if s] or list(stage_dirs(layout))
    return RunData(layout.name, layout.root, manifest, list(iter_documents(layout)), order, notes)
