"""Comparing two runs, or two stages of one run, document by document."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pipeline.rundir import RunLayout
from pipeline.storage import read_json
from pipeline.worddiff import word_ops


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a folder of documents and how to read one."""

    label: str
    folder: Path
    kind: str  # "final" (docs/<id>.txt + .json) or "stage" (stored state <id>.json)

    def ids(self) -> set[str]:
        return {p.stem for p in self.folder.glob("*.json")} if self.folder.is_dir() else set()

    def load(self, doc_id: str) -> tuple[str, dict[str, Any]]:
        data = read_json(self.folder / f"{doc_id}.json")
        if self.kind == "final":
            return (self.folder / f"{doc_id}.txt").read_text(encoding="utf-8"), data
        return data["text"], {"annotations": data["annotations"], "stages": data["provenance"]}


def final_side(layout: RunLayout) -> Side:
    return Side(layout.name, layout.docs_dir, "final")


def stage_side(layout: RunLayout, stage: str, label: str | None = None) -> Side:
    folder = layout.find_stage_dir(stage)
    if folder is None:
        raise LookupError(f"run {layout.name} has no stored output for stage {stage!r}")
    return Side(label or f"{layout.name}:{stage}", folder, "stage")


def between_sides(layout: RunLayout, stage_a: str, stage_b: str) -> tuple[Side, Side]:
    """`--between A B`: what the stages after A up to B did, so A must come
    first. Reversed stages are refused rather than diffed backwards: the
    result would read as if the later stage had undone the earlier one's work."""
    side_a, side_b = stage_side(layout, stage_a), stage_side(layout, stage_b)
    if side_a.folder.name < side_b.folder.name:  # NN-<stage>: the NN is the pipeline position
        return side_a, side_b
    order = ", ".join(p.name[3:] for p in sorted((layout.root / "stages").glob("[0-9][0-9]-*")))
    if stage_a == stage_b:
        raise LookupError(f"--between {stage_a} {stage_b}: give two different stages, the earlier first "
                          f"(this run's stages in pipeline order: {order})")
    raise LookupError(f"--between {stage_a} {stage_b}: {stage_a} runs after {stage_b}; give the earlier stage "
                      f"first: --between {stage_b} {stage_a} (this run's stages in pipeline order: {order})")


@dataclass
class DocDiff:
    doc_id: str
    status: str  # same, changed, added, removed
    text_a: str = ""
    text_b: str = ""
    metadata_changes: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def text_changed(self) -> bool:
        return self.text_a != self.text_b


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{index}]"))
        return out
    return {prefix: value}


def metadata_changes(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    flat_a, flat_b = flatten(a), flatten(b)
    missing = object()
    changes = []
    for key in sorted(flat_a.keys() | flat_b.keys()):
        va, vb = flat_a.get(key, missing), flat_b.get(key, missing)
        if va != vb:
            changes.append((key, None if va is missing else va, None if vb is missing else vb))
    return changes


def compare(a: Side, b: Side, doc: str | None = None, with_metadata: bool = True) -> Iterator[DocDiff]:
    ids = sorted(a.ids() | b.ids())
    if doc is not None:
        ids = [i for i in ids if i == doc or i.startswith(doc)]
    ids_a, ids_b = a.ids(), b.ids()
    for doc_id in ids:
        if doc_id not in ids_b:
            yield DocDiff(doc_id, "removed", text_a=a.load(doc_id)[0])
            continue
        if doc_id not in ids_a:
            yield DocDiff(doc_id, "added", text_b=b.load(doc_id)[0])
            continue
        (text_a, meta_a), (text_b, meta_b) = a.load(doc_id), b.load(doc_id)
        changes = metadata_changes(meta_a, meta_b) if with_metadata else []
        status = "changed" if text_a != text_b or changes else "same"
        yield DocDiff(doc_id, status, text_a, text_b, changes)


def unified(diff: DocDiff, a: Side, b: Side, context: int = 3) -> str:
    lines = difflib.unified_diff(
        diff.text_a.splitlines(keepends=True), diff.text_b.splitlines(keepends=True),
        fromfile=f"{a.label}/{diff.doc_id}", tofile=f"{b.label}/{diff.doc_id}", n=context,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _word_diff_block(text_a: str, text_b: str, notes: list[str] | None) -> str:
    out = []
    for op, old, new in word_ops(text_a, text_b, notes):
        if op == "equal":
            out.append(old)
            continue
        if old:
            out.append("[-" + old + "-]")
        if new:
            out.append("{+" + new + "+}")
    return "".join(out)


def word_diff(text_a: str, text_b: str, notes: list[str] | None = None) -> str:
    """git's --word-diff=plain format: [-removed-]{+added+}, unchanged text as is.

    Lines are matched first and words only inside changed blocks, and a long
    block is anchored on its unchanged sentences first (pipeline.worddiff):
    a token-level match over a whole article or a long paragraph is quadratic.
    `notes` receives what was compared more coarsely than word by word."""
    lines_a, lines_b = text_a.splitlines(keepends=True), text_b.splitlines(keepends=True)
    out = []
    # autojunk (as unified_diff has): blank lines recur hundreds of times in a
    # long article, and without it matching them alone took seconds.
    matcher = difflib.SequenceMatcher(None, lines_a, lines_b, autojunk=True)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        block_a, block_b = "".join(lines_a[i1:i2]), "".join(lines_b[j1:j2])
        out.append(block_a if op == "equal" else _word_diff_block(block_a, block_b, notes))
    return "".join(out)


def line_counts(diff: DocDiff) -> tuple[int, int]:
    added = removed = 0
    for line in difflib.unified_diff(diff.text_a.splitlines(), diff.text_b.splitlines(), n=0, lineterm=""):
        if line.startswith("+") and not line.startswith("+++"):
            added += 1
        elif line.startswith("-") and not line.startswith("---"):
            removed += 1
    return added, removed
