"""A synthetic run directory of any size, in the exact layout and record shapes
of a real run, for the report's tests and its size/time measurements.

Real runs of hundreds of documents take minutes and need translation models;
this writes the same files (through the exporter and Document.to_state, so the
format cannot drift) with details of every shape the report renders: encoding
repairs, removed boilerplate lines and glue repairs, translated paragraphs,
despin edits, failures, and optionally a stage the report does not know.

    python -m pipeline.report.synthetic OUT_DIR [COUNT]
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.document import Document, SourceInfo
from pipeline.export import write_document
from pipeline.hashing import sha256_bytes
from pipeline.rundir import RunLayout
from pipeline.storage import atomic_write_json
from pipeline.text.paragraphs import split_paragraphs

LANGUAGES = ("en", "en", "en", "de", "nl", "es")
WORDS = {
    "en": "the company said its new team will report to the board after a review of the market and its data".split(),
    "de": "das Unternehmen sagte dass sein neues Team nach einer Prüfung des Marktes dem Vorstand berichtet".split(),
    "nl": "het bedrijf zei dat zijn nieuwe team na een evaluatie van de markt aan de directie rapporteert".split(),
    "es": "la empresa dijo que su nuevo equipo informará a la junta tras una revisión del mercado".split(),
}
SPUN = ("automobile", "car")  # (spun form, restored word) planted in English documents
STAGES = ("ingest", "encoding", "boilerplate", "language", "translate", "despin")
Step = Callable[[Document, str, random.Random], tuple[str, dict[str, Any]]]


def _paragraph(rng: random.Random, lang: str) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(25, 60))]
    return " ".join(words).capitalize() + "."


def source_text(index: int, lang: str, rng: random.Random, hostile: bool) -> str:
    lines = [f"Home News Article {index}", "", f"Headline number {index}", "", "42", ""]
    body = [_paragraph(rng, lang) for _ in range(rng.randint(4, 8))]
    if index % 3 == 0:
        body[0] += " It doesnâ€™t matter."  # mojibake for the encoding stage
    body[1] += " The end.Start again"  # scrape glue for boilerplate
    if lang == "en":
        body[2] += f" He drove the {SPUN[0]} home."
    if hostile:
        body.append('<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> "quotes" & amps')
    lines += [line for par in body for line in (par, "")]
    lines += ["Leave a comment", "#News #Markets"]
    return "\n".join(lines) + "\n"


def _encoding(doc: Document, lang: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    changes, out = [], []
    for number, line in enumerate(doc.text.split("\n"), start=1):
        fixed = line.replace("â€™", "’")
        if fixed != line:
            changes.append({"line": number, "before": line, "after": fixed,
                            "steps": [["encode", "sloppy-windows-1252"], ["decode", "utf-8"]]})
        out.append(fixed)
    steps = {"decode:utf-8": len(changes), "encode:sloppy-windows-1252": len(changes)} if changes else {}
    return "\n".join(out), {"lines_changed": len(changes), "steps": steps, "changes": changes,
                            "changes_not_listed": 0}


def _boilerplate(doc: Document, lang: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    rules = {1: "breadcrumb", 5: "counter"}
    lines = doc.text.split("\n")
    rules.update({n: "cue_comments" for n, line in enumerate(lines, 1) if line == "Leave a comment"})
    rules.update({n: "hashtags" for n, line in enumerate(lines, 1) if line.startswith("#")})
    removed = [{"line": n, "rule": rules[n], "text": lines[n - 1]} for n in sorted(rules)]
    repairs, kept = [], []
    for number, line in enumerate(lines, start=1):
        if number in rules:
            continue
        if "end.Start" in line:
            repairs.append({"line": number, "rule": "sentence_glue", "before": "end.Start", "after": "end. Start"})
            line = line.replace("end.Start", "end. Start")
        kept.append(line)
    text = "\n".join(kept).strip("\n") + "\n"
    return text, {"language_guess": None, "lines_removed": len(removed),
                  "removed_by_rule": dict(sorted(Counter(r["rule"] for r in removed).items())),
                  "removed": removed, "repairs": repairs, "repairs_by_rule": {"sentence_glue": len(repairs)},
                  "whitespace": {"lines_normalized": [], "blank_runs_collapsed": 0}, "tags": ["News", "Markets"]}


def _language(doc: Document, lang: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    paragraphs = [{"index": p.index, "lang": lang, "prob": 1.0, "how": "detected"} for p in split_paragraphs(doc.text)]
    doc.annotations["language"] = {"lang": lang, "prob": 1.0, "paragraphs": paragraphs, "shares": {lang: 1.0}}
    return doc.text, {"lang": lang, "prob": 1.0, "paragraph_languages": [lang]}


def _translate(doc: Document, lang: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    if lang == "en":
        records = [{"index": p.index, "lang": "en", "action": "kept_target_language"}
                   for p in split_paragraphs(doc.text)]
        return doc.text, {"status": "unchanged", "target": "en", "models": [], "paragraphs": records, "warnings": []}
    route = f"argos:translate-{lang}_en"
    pieces, cursor, records = [], 0, []
    for par in split_paragraphs(doc.text):
        english = " ".join(rng.choice(WORDS["en"]) for _ in par.text.split()).capitalize()
        pieces += [doc.text[cursor:par.start], english]
        cursor = par.end
        records.append({"index": par.index, "lang": lang, "action": "translated", "route": route, "source": par.text,
                        "sentences": [{"start": 0, "end": len(par.text), "source": par.text, "text": english}]})
    model = {"package": f"translate-{lang}_en", "version": "1.9", "sha256": "0" * 64}
    return "".join(pieces) + doc.text[cursor:], {
        "status": "translated", "target": "en", "models": [{"engine": "argos", "models": [model]}],
        "paragraphs": records, "warnings": [], "untranslated": {}}


def _despin(doc: Document, lang: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    at = doc.text.find(SPUN[0])
    edits = [] if at < 0 else [{"offset": at, "from": SPUN[0], "to": SPUN[1], "layer": "lexicon",
                                "confidence": 0.93}]
    score = round(rng.uniform(6, 20), 2) if edits else round(rng.uniform(0, 3), 2)
    text = doc.text if at < 0 else doc.text[:at] + SPUN[1] + doc.text[at + len(SPUN[0]):]
    return text, {"spin_score": score, "threshold": 6.0, "spun": bool(edits), "edits": edits, "paragraphs": []}


def _mystery(doc: Document, lang: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """A stage the report has never heard of, with a detail of odd shape."""
    return doc.text, {"nested": {"deeper": [1, 2.5, None, True, {"k": "v"}]}, "long": "x" * 3000,
                      "list": list(range(100)), "removed": "not a list", "<b>key</b>": "<i>value</i>"}


STEPS: dict[str, Step] = {"encoding": _encoding, "boilerplate": _boilerplate, "language": _language,
                          "translate": _translate, "despin": _despin, "mystery": _mystery}


def _apply(layout: RunLayout, position: int, name: str, doc: Document, lang: str, rng: random.Random) -> bool:
    if name == "ingest":
        text, detail = doc.text, {"bom": False, "encoding": "utf_8", "format": "text", "newlines_normalized": False}
        doc.annotations["ingest"] = {"encoding": "utf_8", "format": "text"}
    else:
        text, detail = STEPS[name](doc, lang, rng)
    changed = name != "ingest" and text != doc.text
    doc.text = text
    doc.provenance.append({"stage": name, "version": "1", "params_hash": f"{position:016x}", "changed": changed,
                           "detail": detail})
    atomic_write_json(layout.stage_dir(position, name) / f"{doc.id}.json", doc.to_state())
    return changed


def _fail(layout: RunLayout, doc: Document, stage: str) -> dict[str, Any]:
    record = {"id": doc.id, "source": doc.source.path, "stage": stage, "error": "StageError",
              "reason": f"synthetic failure of {doc.id} at {stage}: <no model> & no luck"}
    atomic_write_json(layout.failed_dir / f"{doc.id}.json", record)
    return record


def _manifest(layout: RunLayout, stages: list[str], counts: Counter, failures: list[dict], total: int) -> dict:
    rows = [{"stage": s, "version": "1", "params_hash": f"{i:016x}", "processed": counts[s, "processed"],
             "changed": counts[s, "changed"], "failed": counts[s, "failed"], "computed": counts[s, "processed"],
             "cache_hits": 0, "loaded": 0, "seconds": 0.5,
             "counters": {"model_calls": counts[s, "processed"]} if s == "translate" else {}}
            for i, s in enumerate(stages)]
    return {"run": layout.name, "started_at": "2026-01-01T00:00:00+00:00", "wall_seconds": 1.0, "workers": 1,
            "pipeline_version": "0.1.0", "config_hash": "0123456789abcdef", "input": "synthetic",
            "mode": {"force": False, "from": None, "only": None}, "stages": rows,
            "documents": {"total": total, "succeeded": total - len(failures), "failed": len(failures)},
            "failures": sorted(failures, key=lambda f: f["id"]), "export": {"version": "1"}}


def write_synthetic_run(root: Path, count: int, seed: int = 0, hostile: bool = False,
                        unknown_stage: bool = False, fail_every: int = 50) -> RunLayout:
    """Write a run of `count` documents under `root` (its name is the run name)."""
    layout = RunLayout(root)
    stages = list(STAGES) + (["mystery"] if unknown_stage else [])
    counts: Counter = Counter()
    failures = []
    for index in range(count):
        rng, lang = random.Random(seed * 100_003 + index), LANGUAGES[index % len(LANGUAGES)]
        raw = source_text(index, lang, rng, hostile and index == 1).encode("utf-8")
        doc = Document(f"doc{index:05d}-{sha256_bytes(raw)[:8]}", raw.decode("utf-8"),
                       SourceInfo(f"{lang}/article-{index:05d}.txt", sha256_bytes(raw), len(raw)))
        fails_at = "translate" if fail_every and index % fail_every == fail_every - 1 else None
        for position, name in enumerate(stages):
            if name == fails_at:
                failures.append(_fail(layout, doc, name))
                counts[name, "failed"] += 1
                break
            counts[name, "changed"] += _apply(layout, position, name, doc, lang, rng)
            counts[name, "processed"] += 1
        else:
            write_document(layout, doc, "0123456789abcdef")
    atomic_write_json(layout.manifest_path, _manifest(layout, stages, counts, failures, count))
    return layout


if __name__ == "__main__":
    target = write_synthetic_run(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 500)
    print(target.root)
