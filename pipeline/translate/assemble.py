"""A translated document: each translated paragraph replaces its source span
(so line structure and paragraph order are kept, paragraph i of the output is
paragraph i of the source), and the provenance record that explains it."""

from __future__ import annotations

from typing import Any

from pipeline.stages.base import StageOutput
from pipeline.translate.engines import Engine
from pipeline.translate.numbers import localize_numbers as english_numbers
from pipeline.translate.plan import MIXED, TRANSLATE, UNTRANSLATED, DocumentPlan, ParagraphPlan, leaves


def assemble(plan: DocumentPlan, engines: dict[str, Engine], target: str,
             localize_numbers: bool = True) -> StageOutput:
    text = plan.doc.text
    pieces, cursor = [], 0
    records, warnings = [], []
    for par in plan.paragraphs:
        record, english = _paragraph(par, engines, localize_numbers and target == "en")
        records.append(record)
        warnings.extend(f"paragraph {par.index}: {w}" for w in record.get("warnings", []))
        pieces.append(text[cursor:par.start] + (english if english is not None else par.source))
        cursor = par.end
    pieces.append(text[cursor:])
    detail = _detail(plan, records, warnings, target)
    annotations = {"status": detail["status"], "untranslated_languages": sorted(detail["untranslated"]),
                   "paragraphs": [{"index": r["index"], "source_index": r["index"], "lang": r["lang"],
                                   "action": r["action"]} for r in records]}
    return StageOutput(text="".join(pieces), detail=detail, annotations=annotations)


def _paragraph(par: ParagraphPlan, engines: dict[str, Engine],
               localize_numbers: bool = False) -> tuple[dict[str, Any], str | None]:
    record: dict[str, Any] = {"index": par.index, "lang": par.lang, "action": par.action}
    if par.action == MIXED:
        return _mixed(par, engines, localize_numbers)
    if par.action == UNTRANSLATED:
        record.update(source=par.source, reason=str(par.missing), install=par.missing.install)
        return record, None
    if par.action != TRANSLATE:
        return record, None
    _check_coverage(par)
    english = _one_line(engines[par.route.engine].join(par.route, par.results))
    if localize_numbers:
        english, numbers = english_numbers(english, par.source, par.lang)
        if numbers:
            record["numbers"] = numbers  # [as the engine copied it, as written in English]
    kept = par.kept_names or [[] for _ in par.sentences]
    record.update(route=par.route.key, source=par.source, sentences=[
        {"start": s.start, "end": s.end, "source": s.text, "text": r.text,
         **({"warnings": r.warnings} if r.warnings else {}), **({"kept_names": names} if names else {})}
        for s, r, names in zip(par.sentences, par.results, kept)])
    notes = [f"sentence {i}: {', '.join(r.warnings)}" for i, r in enumerate(par.results) if r.warnings]
    notes += [f"sentence {i}: cut at a blank (longer than the sentence limit)"
              for i, s in enumerate(par.sentences) if s.forced_break]
    if not english:
        notes.append("empty translation; the source paragraph is kept")
        record["action"] = "kept_empty_translation"
        english = None
    if notes:
        record["warnings"] = notes
    return record, english


def _mixed(par: ParagraphPlan, engines: dict[str, Engine], localize_numbers: bool) -> tuple[dict[str, Any], str | None]:
    """A paragraph in several languages: each segment as a paragraph of its
    own, put back in place (the blanks between segments are the source's)."""
    segments, pieces, cursor, notes, changed = [], [], 0, [], False
    for part in par.parts:
        record, english = _paragraph(part, engines, localize_numbers)
        record.update(start=part.start - par.start, end=part.end - par.start)
        segments.append(record)
        notes.extend(f"segment {len(segments) - 1}: {w}" for w in record.get("warnings", []))
        pieces.append(par.source[cursor:record["start"]] + (english if english is not None else part.source))
        cursor = record["end"]
        changed = changed or english is not None
    pieces.append(par.source[cursor:])
    record = {"index": par.index, "lang": par.lang, "action": MIXED, "source": par.source, "segments": segments}
    if notes:
        record["warnings"] = notes
    return record, _one_line("".join(pieces)) if changed else None


class CoverageError(RuntimeError):
    """A sentence was lost or doubled between segmentation and assembly (a bug)."""


def _check_coverage(par: ParagraphPlan) -> None:
    """Every sentence translated exactly once, and the sentences cover all of
    the paragraph's non-blank characters in order: nothing dropped or doubled."""
    if len(par.results) != len(par.sentences):
        raise CoverageError(f"paragraph {par.index}: {len(par.sentences)} sentences, "
                             f"{len(par.results)} translations")
    covered = "".join(par.source[s.start:s.end] for s in par.sentences)
    if "".join(covered.split()) != "".join(par.source.split()):
        raise CoverageError(f"paragraph {par.index}: sentence spans do not cover the paragraph")


def _one_line(text: str) -> str:
    """A translation must stay one paragraph: any line break a model emits
    (including \\u2028 and friends, which str.splitlines honours) becomes a blank."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _detail(plan: DocumentPlan, records: list[dict[str, Any]], warnings: list[str], target: str) -> dict[str, Any]:
    translated = [p for p in leaves(plan.paragraphs) if p.action == TRANSLATE]
    missing = [p for p in leaves(plan.paragraphs) if p.action == UNTRANSLATED]
    models: dict[str, dict[str, Any]] = {}
    languages: dict[str, dict[str, Any]] = {}
    for par in translated:
        models.setdefault(par.route.key, {"engine": par.route.engine, "models": list(par.route.models)})
        entry = languages.setdefault(par.route.source, {"route": par.route.key, "paragraphs": 0, "sentences": 0})
        entry["paragraphs"] += 1
        entry["sentences"] += len(par.sentences)
    untranslated = {}
    for par in missing:
        entry = untranslated.setdefault(par.lang, {"reason": str(par.missing), "install": par.missing.install,
                                                   "paragraphs": []})
        if par.index not in entry["paragraphs"]:  # two segments of one paragraph
            entry["paragraphs"].append(par.index)
    return {"status": _status(translated, missing), "target": target,
            "sentence_count": sum(len(p.sentences) for p in translated), "languages": languages,
            "models": [models[k] for k in sorted(models)], "untranslated": untranslated,
            "warnings": warnings, "paragraphs": records}


def _status(translated: list[ParagraphPlan], missing: list[ParagraphPlan]) -> str:
    if missing:
        return "partial" if translated else "untranslated"
    return "translated" if translated else "unchanged"
