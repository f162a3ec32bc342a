"""export: the final text and provenance of each document, the corpus JSONL.

`documents.jsonl` holds `{"id", "text", "metadata"}` per line — the shape that
datatrove's JsonlReader, Dolma tools and `datasets.load_dataset("json")` read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.document import Document
from pipeline.jsonl import assemble_jsonl, jsonl_line, rebuild_line
from pipeline.rundir import RunLayout
from pipeline.storage import atomic_write_bytes, dump_json_bytes

EXPORT_VERSION = "1"


def document_metadata(doc: Document, config_hash: str) -> dict[str, Any]:
    ingest = doc.annotations.get("ingest", {})
    return {
        "id": doc.id,
        "source": {**doc.source.to_dict(), "encoding": ingest.get("encoding"), "format": ingest.get("format")},
        "pipeline": {"version": __version__, "config_hash": config_hash, "export_version": EXPORT_VERSION},
        "language": doc.annotations.get("language", {}).get("lang"),
        "annotations": doc.annotations,
        "stages": doc.provenance,
    }


def final_text(doc: Document) -> str:
    # A trailing newline makes the .txt files behave with diff, cat and wc.
    return doc.text if doc.text.endswith("\n") else doc.text + "\n"


@dataclass(frozen=True)
class ExportedDocument:
    """A document's exported files (path, content) and its documents.jsonl line."""

    files: list[tuple[Path, bytes]]
    line: bytes


def export_document(layout: RunLayout, doc: Document, config_hash: str) -> ExportedDocument:
    text, metadata = final_text(doc), document_metadata(doc, config_hash)
    return ExportedDocument([(layout.docs_dir / f"{doc.id}.txt", text.encode("utf-8")),
                             (layout.docs_dir / f"{doc.id}.json", dump_json_bytes(metadata))],
                            jsonl_line(doc.id, text, metadata))


def write_document(layout: RunLayout, doc: Document, config_hash: str) -> None:
    for path, data in export_document(layout, doc, config_hash).files:
        atomic_write_bytes(path, data)
    (layout.failed_dir / f"{doc.id}.json").unlink(missing_ok=True)


def forget_document(layout: RunLayout, doc_id: str) -> None:
    """A document that failed this time must not leave last time's output behind."""
    for suffix in (".txt", ".json"):
        (layout.docs_dir / f"{doc_id}{suffix}").unlink(missing_ok=True)


def write_jsonl(layout: RunLayout, cache_root: Path) -> int:
    """Assemble documents.jsonl in id order from the lines the engines wrote
    (pipeline.jsonl); returns the number of documents."""
    return assemble_jsonl(layout, cache_root, lambda doc_id: rebuild_line(layout, doc_id))
