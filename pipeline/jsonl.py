"""documents.jsonl from ready-made lines, without parsing any document again.

Each exported document's JSONL line is written once, as a blob of the cache
(`.cache/blobs`, by content), when the document is computed; the document
memo names it, so a replayed document brings its line along. Every engine
(the main process, each worker, each Ray actor) appends `<id>\t<blob>` for
the documents it exported to its own part file in `<run>/.jsonl-parts/`.
Assembly then reads the parts, walks the exported ids in order and copies
bytes. A document that no part names (exported by an earlier invocation in
the same run folder) has its line rebuilt from its files.

An unchanged corpus makes the same list of lines, hence the same file: the
list's digest names it in `.cache/jsonl/<digest>.json`, which says where a
JSONL of that content was written and its stamp; when that file is still
there, unchanged, the run links it instead of copying hundreds of MB again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from pipeline.cache import BlobStore
from pipeline.rundir import RunLayout
from pipeline.storage import atomic_write_json, dump_json_bytes, link_or_copy, loads_json, read_json

PARTS_DIR = ".jsonl-parts"


def jsonl_line(doc_id: str, text: str, metadata: dict[str, Any]) -> bytes:
    """One line of documents.jsonl: {"id", "metadata", "text"}, compact, sorted keys."""
    return dump_json_bytes({"id": doc_id, "text": text, "metadata": metadata}, indent=None)


def clear_parts(layout: RunLayout) -> None:
    """Parts describe one invocation; a killed run's leftovers must not count."""
    shutil.rmtree(layout.root / PARTS_DIR, ignore_errors=True)


class LineParts:
    """This engine's part file: which line blob each exported document has.
    A random name per engine, since Ray actors on several nodes may share a pid."""

    def __init__(self, layout: RunLayout, cache_root: Path):
        self.folder = layout.root / PARTS_DIR
        self.path = self.folder / f"{uuid.uuid4().hex}.tsv"
        self.cache_prefix = f"{cache_root}/"
        self.pending: list[str] = []

    def add(self, doc_id: str, blob_path: str) -> None:
        self.pending.append(f"{doc_id}\t{blob_path.removeprefix(self.cache_prefix)}\n")

    def flush(self) -> None:
        """Append this chunk's lines (one write; the run lock keeps other runs out)."""
        if not self.pending:
            return
        data = "".join(self.pending).encode("utf-8")
        self.pending.clear()
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        except FileNotFoundError:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)


def read_parts(layout: RunLayout) -> dict[str, str]:
    """id → line blob (relative to the cache root) for this invocation's exports."""
    lines: dict[str, str] = {}
    folder = layout.root / PARTS_DIR
    if folder.is_dir():
        for part in folder.iterdir():
            for row in part.read_text(encoding="utf-8").splitlines():
                doc_id, _, blob = row.partition("\t")
                if blob:
                    lines[doc_id] = blob
    return lines


def assemble_jsonl(layout: RunLayout, cache_root: Path, exported_ids: list[str], line_of) -> int:
    """Write documents.jsonl: the lines of `exported_ids` (sorted), from the
    parts, or from `line_of(id)` (bytes) for documents no part names."""
    parts = read_parts(layout)
    blobs = BlobStore(cache_root / "blobs")
    prefix = f"{cache_root}/"
    digest = hashlib.sha256()
    sources: list[str] = []
    for doc_id in exported_ids:
        blob = parts.get(doc_id)
        if blob is None:
            blob = blobs.put(line_of(doc_id)).removeprefix(prefix)
        sources.append(blob)
        digest.update(f"{doc_id}\t{blob}\n".encode("utf-8"))
    parts.clear()
    index = cache_root / "jsonl" / f"{digest.hexdigest()[:40]}.json"
    if not _link_known(index, cache_root, layout.jsonl_path):
        _concatenate(layout.jsonl_path, exported_ids, [f"{prefix}{blob}" for blob in sources], line_of)
        st = layout.jsonl_path.stat()
        atomic_write_json(index, {"path": os.path.relpath(layout.jsonl_path, cache_root),
                                  "stamp": [st.st_ino, st.st_size, st.st_mtime_ns]}, indent=None)
    clear_parts(layout)
    return len(sources)


def _link_known(index: Path, cache_root: Path, target: Path) -> bool:
    """Link an earlier run's JSONL of the same content, if it is still there as written."""
    try:
        known = read_json(index)
        earlier = os.path.normpath(cache_root / known["path"])
        st = os.stat(earlier)
        if [st.st_ino, st.st_size, st.st_mtime_ns] != known["stamp"]:
            return False
        if os.path.abspath(earlier) != os.path.abspath(target):
            link_or_copy(earlier, target)
        return True
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _concatenate(target: Path, ids: list[str], blob_paths: list[str], line_of) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as out:
        for doc_id, path in zip(ids, blob_paths):
            try:
                with open(path, "rb") as blob:
                    out.write(blob.read())
            except FileNotFoundError:
                out.write(line_of(doc_id))  # a blob deleted from the cache: the same bytes, rebuilt
    # Read-only, like every file a later run may link: editing it in place
    # would change the other runs' copies too.
    os.chmod(tmp, 0o444)
    os.replace(tmp, target)


def rebuild_line(layout: RunLayout, doc_id: str) -> bytes:
    """The line of a document from its exported files (the slow path)."""
    folder = layout.docs_dir
    text = (folder / f"{doc_id}.txt").read_bytes().decode("utf-8")
    return jsonl_line(doc_id, text, loads_json((folder / f"{doc_id}.json").read_bytes()))
