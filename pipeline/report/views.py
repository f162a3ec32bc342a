"""Special views of the stage details the report knows: what each stage did,
shown on the document's own text.

Each builder checks the shape it needs and returns None when the detail does
not have it, so that a stage whose detail changes falls back to the generic
tree instead of breaking the page. The shapes are the stages' provenance
records (see pipeline/stages/*.py and the packages they call).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipeline.report.collect import StageStep
from pipeline.report.textdiff import Segment, char_segments, fold_equal, text_segments, trim_equal
from pipeline.text.paragraphs import split_paragraphs

# A page stays readable (and loadable) even for a document of megabytes: the
# line view stops here and says how many lines it left out.
MAX_LINES = 3_000


class ShapeError(Exception):
    """The detail is not of the shape this view expects."""


def _list_of_dicts(detail: Any, key: str) -> list[dict[str, Any]]:
    """The records under `key`; none when the key is absent (nothing was done)."""
    value = detail.get(key) if isinstance(detail, dict) else None
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ShapeError(f"{key} is not a list of records")
    return value


def _str(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise ShapeError(f"{key} is not text")
    return value


def _int(record: dict[str, Any], key: str) -> int:
    value = record.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ShapeError(f"{key} is not a number")
    return value


# -- encoding (ftfy) ------------------------------------------------------------
@dataclass
class EncodingChange:
    line: int
    segments: list[Segment]
    steps: list[str]


def encoding_view(step: StageStep) -> dict[str, Any] | None:
    changes = []
    for record in _list_of_dicts(step.detail, "changes"):
        recorded = record.get("steps") if isinstance(record.get("steps"), list) else []
        steps = [":".join(map(str, s)) if isinstance(s, list) else str(s) for s in recorded]
        segments = trim_equal(char_segments(_str(record, "before"), _str(record, "after")))
        changes.append(EncodingChange(_int(record, "line"), segments, steps))
    if not changes:
        return None
    return {"changes": changes, "not_listed": step.detail.get("changes_not_listed") or 0}


# -- boilerplate ----------------------------------------------------------------
@dataclass
class BoilerLine:
    number: int
    kind: str  # kept, removed, blank
    text: str = ""
    rule: str = ""
    # kept lines with repairs: ("eq", text) and ("repair", before, after, rule) pieces
    pieces: list[tuple[str, ...]] = field(default_factory=list)


def _repair_pieces(text: str, repairs: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """The line with each repair marked where its `before` occurs; repairs
    whose text cannot be found are listed after the line."""
    pieces: list[tuple[str, ...]] = []
    cursor = 0
    for repair in repairs:
        before, after, rule = _str(repair, "before"), _str(repair, "after"), str(repair.get("rule", ""))
        at = text.find(before, cursor)
        if at < 0:
            pieces.append(("note", before, after, rule))
            continue
        pieces += [("eq", text[cursor:at]), ("repair", before, after, rule)]
        cursor = at + len(before)
    pieces.append(("eq", text[cursor:]))
    return [p for p in pieces if p[0] != "eq" or p[1]]


def boilerplate_view(step: StageStep) -> dict[str, Any] | None:
    removed = {_int(r, "line"): r for r in _list_of_dicts(step.detail, "removed")}
    repairs: dict[int, list[dict[str, Any]]] = {}
    for repair in _list_of_dicts(step.detail, "repairs"):
        repairs.setdefault(_int(repair, "line"), []).append(repair)
    tags = [str(t) for t in step.detail.get("tags")] if isinstance(step.detail.get("tags"), list) else []
    if not removed and not repairs and not tags:
        return None
    if step.before is None:  # no stored input text: list what was removed
        listed = [BoilerLine(n, "removed", str(r.get("text", "")), str(r.get("rule", ""))) for n, r in removed.items()]
        return {"lines": None, "removed": listed, "tags": tags, "lines_left_out": 0}
    lines = []
    for number, text in enumerate(step.before.splitlines()[:MAX_LINES], start=1):
        if number in removed:
            lines.append(BoilerLine(number, "removed", text, str(removed[number].get("rule", ""))))
        elif not text.strip():
            lines.append(BoilerLine(number, "blank"))
        else:
            lines.append(BoilerLine(number, "kept", text, pieces=_repair_pieces(text, repairs.get(number, []))))
    return {"lines": lines, "removed": [], "tags": tags,
            "lines_left_out": max(0, len(step.before.splitlines()) - MAX_LINES)}


# -- translate ------------------------------------------------------------------
@dataclass
class TranslatedParagraph:
    index: int
    lang: str
    action: str
    source: str
    target: str | None
    notes: list[str]
    route: str = ""


def _paragraph_texts(text: str | None) -> list[str]:
    return [p.text for p in split_paragraphs(text)] if text else []


def _target(record: dict[str, Any], index: int, after: list[str]) -> str | None:
    # mixed_languages: a paragraph translated segment by segment (its sentences' languages differ)
    if record.get("action") not in ("translated", "mixed_languages"):
        return None
    if index < len(after):
        return after[index]
    sentences = record.get("sentences") or []
    return " ".join(str(s.get("text", "")) for s in sentences if isinstance(s, dict)) or None


def _notes(record: dict[str, Any]) -> list[str]:
    warnings = record.get("warnings")
    if isinstance(warnings, list):
        return [str(w) for w in warnings]
    return [str(warnings)] if warnings else []


def _translated_row(record: dict[str, Any], before: list[str], after: list[str]) -> TranslatedParagraph:
    """One paragraph: its source (recorded, else paragraph `index` of the
    stage's input) beside its English (paragraph `index` of the output:
    translate keeps the paragraph structure)."""
    index = _int(record, "index")
    source = record.get("source")
    if not isinstance(source, str):
        source = before[index] if index < len(before) else ""
    return TranslatedParagraph(index, str(record.get("lang", "")), str(record.get("action", "")), source,
                               _target(record, index, after), _notes(record), str(record.get("route", "")))


def translate_view(step: StageStep) -> dict[str, Any] | None:
    before, after = _paragraph_texts(step.before), _paragraph_texts(step.after)
    records = _list_of_dicts(step.detail, "paragraphs")
    rows = [_translated_row(record, before, after) for record in records]
    if all(row.action == "kept_target_language" for row in rows):
        return None  # an English document: nothing to put side by side
    # Why paragraphs stayed untranslated, once: one missing model covers many paragraphs.
    reasons = {str(r["reason"]): str(r.get("install") or "") for r in records if r.get("reason")}
    return {"rows": rows, "status": str(step.detail.get("status", "")), "models": model_labels(step),
            "reasons": sorted(reasons.items())}


def model_label(engine: str, model: Any) -> str:
    """'argos: translate-de_en 1.9' from a model's provenance record."""
    if isinstance(model, dict):
        name = model.get("package") or model.get("mode") or model.get("name")
        version = model.get("version") or model.get("package_version")
        if name:
            return f"{engine}: {name}" + (f" {version}" if version else "")
    return f"{engine}: {json.dumps(model, ensure_ascii=False, sort_keys=True, default=str)}"


def model_labels(step: StageStep) -> list[str]:
    """Models named in a detail's `models` list of {engine, models: [...]}."""
    entries = step.detail.get("models") if isinstance(step.detail, dict) else None
    labels = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            engine = str(entry.get("engine", step.stage))
            models = entry.get("models")
            labels += [model_label(engine, m) for m in (models if isinstance(models, list) else [entry])]
    return sorted(set(labels))


# -- despin ---------------------------------------------------------------------
@dataclass(frozen=True)
class SpinEdit:
    kind: str  # "edit", so that the templates can tell it from a Segment
    offset: int
    spun: str
    fixed: str
    layer: str
    confidence: float


def _spin_edits(records: list[dict[str, Any]]) -> list[SpinEdit]:
    edits = []
    for record in records:
        confidence = record.get("confidence")
        edits.append(SpinEdit("edit", _int(record, "offset"), _str(record, "from"), _str(record, "to"),
                              str(record.get("layer", "")),
                              float(confidence) if isinstance(confidence, (int, float)) else 0.0))
    return sorted(edits, key=lambda e: e.offset)


def _edit_segments(text: str, edits: list[SpinEdit]) -> list[Segment | SpinEdit]:
    """The stage's input text with each applied edit in place (offsets are
    into that text); a mismatch means the shape changed: ShapeError."""
    out: list[Segment | SpinEdit] = []
    cursor = 0
    for edit in edits:
        if edit.offset < cursor or text[edit.offset:edit.offset + len(edit.spun)] != edit.spun:
            raise ShapeError(f"edit at {edit.offset} does not match the text")
        out += [Segment("eq", text[cursor:edit.offset]), edit]
        cursor = edit.offset + len(edit.spun)
    out.append(Segment("eq", text[cursor:]))
    return fold_equal(out)


def _number_or_none(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def despin_view(step: StageStep) -> dict[str, Any] | None:
    edits = _spin_edits(_list_of_dicts(step.detail, "edits"))
    detail = step.detail
    view = {"score": _number_or_none(detail.get("spin_score")), "spun": bool(detail.get("spun")),
            "screened_out": bool(detail.get("screened_out")),
            "family": str(detail["spinner_family"]) if detail.get("spinner_family") else None,
            "threshold": _number_or_none(detail.get("threshold")), "edits": edits, "inline": None}
    if edits and step.before is not None:
        view["inline"] = _edit_segments(step.before, edits)
    return view


# -- any stage: the text before and after -----------------------------------------
def text_change_view(step: StageStep) -> dict[str, Any] | None:
    if not step.changed or step.after is None:
        return None
    if not step.before:  # ingest: the text it extracted, not a diff against nothing
        return {"extracted": step.after}
    return {"segments": text_segments(step.before, step.after, context=2)}


VIEWS: dict[str, Callable[[StageStep], dict[str, Any] | None]] = {
    "encoding": encoding_view,
    "boilerplate": boilerplate_view,
    "translate": translate_view,
    "despin": despin_view,
}


@dataclass
class StepView:
    step: StageStep
    kind: str  # a key of VIEWS, or "text" (generic before/after), or "none"
    data: dict[str, Any] | None
    problem: str = ""

    @property
    def open_record(self) -> bool:
        """Show the raw record unasked where it is all there is to read: a
        stage without a special view, or a detail that lost its shape."""
        return self.step.stage not in VIEWS or bool(self.problem)


def view_for(step: StageStep) -> StepView:
    """The special view of a stage's detail when its shape is known, else the
    generic before/after text view; the raw detail is always shown beside it."""
    builder = VIEWS.get(step.stage)
    problem = ""
    if builder is not None and isinstance(step.detail, dict):
        try:
            data = builder(step)
            if data is not None:
                return StepView(step, step.stage, data)
        except (ShapeError, TypeError, ValueError, KeyError, AttributeError) as exc:
            # The detail changed shape: say so, and show it generically.
            problem = f"detail not in the expected shape ({exc}); shown as recorded"
    data = text_change_view(step)
    return StepView(step, "text" if data else "none", data, problem)
