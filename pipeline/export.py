"""export: the final text and provenance of each document, the corpus JSONL.

`documents.jsonl` holds `{"id", "text", "metadata"}` per line — the shape that
datatrove's JsonlReader, Dolma tools and `datasets.load_dataset("json")` read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from pipeline import __version__
from pipeline.document import Document
from pipeline.rundir import RunLayout
from pipeline.storage import atomic_write_bytes, dump_json_bytes, loads_json

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


def document_files(layout: RunLayout, doc: Document, config_hash: str) -> list[tuple[Path, bytes]]:
    """The exported files of a document: (path, content)."""
    return [(layout.docs_dir / f"{doc.id}.txt", final_text(doc).encode("utf-8")),
            (layout.docs_dir / f"{doc.id}.json", dump_json_bytes(document_metadata(doc, config_hash)))]


def write_document(layout: RunLayout, doc: Document, config_hash: str) -> None:
    for path, data in document_files(layout, doc, config_hash):
        atomic_write_bytes(path, data)
    (layout.failed_dir / f"{doc.id}.json").unlink(missing_ok=True)


def forget_document(layout: RunLayout, doc_id: str) -> None:
    """A document that failed this time must not leave last time's output behind."""
    for suffix in (".txt", ".json"):
        (layout.docs_dir / f"{doc_id}{suffix}").unlink(missing_ok=True)


def iter_exported_ids(layout: RunLayout) -> Iterable[str]:
    if layout.docs_dir.is_dir():
        yield from sorted(name[:-5] for name in os.listdir(layout.docs_dir)
                          if name.endswith(".json") and not name.startswith("."))


def write_jsonl(layout: RunLayout) -> int:
    """Assemble documents.jsonl from the per-document files, in id order, one
    document in memory at a time."""
    tmp = layout.jsonl_path.with_suffix(".jsonl.tmp")
    folder = str(layout.docs_dir)  # plain strings: this loop runs per document
    count = 0
    with open(tmp, "wb") as out:
        for doc_id in iter_exported_ids(layout):
            with open(f"{folder}/{doc_id}.txt", "rb") as text, open(f"{folder}/{doc_id}.json", "rb") as meta:
                record = {"id": doc_id, "text": text.read().decode("utf-8"), "metadata": loads_json(meta.read())}
            out.write(dump_json_bytes(record, indent=None))
            count += 1
    tmp.replace(layout.jsonl_path)
    return count
