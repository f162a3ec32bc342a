"""documents.jsonl from ready-made lines, without parsing any document again.

Each exported document's JSONL line is written once, as a blob of the cache
(`.cache/blobs`, by content), when the document is computed; the document
memo names it, so a replayed document brings its line along. Every engine
(the main process, each worker, each Ray actor) appends `<id>\t<blob>` for
the documents it exported to its own part file in `<run>/.jsonl-parts/`.
Assembly then loads the parts and the ids of the docs folder into an on-disk
sqlite table (so the main process holds no per-document list, whatever the
corpus size), walks them in id order and copies bytes. A document that no
part names (in docs/ but not exported by this invocation; a full run starts
from an empty docs/, so rarely) has its line rebuilt from its files.

An unchanged corpus makes the same list of lines, hence the same file: the
list's digest names it in `.cache/jsonl/<digest>.json`, which says where a
JSONL of that content was written and its stamp; when that file is still
there, unchanged, the run links it instead of copying hundreds of MB again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import uuid
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

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

    def __init__(self, layout: RunLayout):
        self.folder = layout.root / PARTS_DIR
        self.path = self.folder / f"{uuid.uuid4().hex}.tsv"
        self.pending: list[str] = []

    def add(self, doc_id: str, blob: str) -> None:
        """`blob`: the line's path inside the cache folder (as memo entries keep it)."""
        self.pending.append(f"{doc_id}\t{blob}\n")

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


def _part_rows(layout: RunLayout) -> Iterator[tuple[str, str]]:
    """(id, line blob relative to the cache root) of this invocation's
    exports, one part file in memory at a time."""
    folder = layout.root / PARTS_DIR
    if folder.is_dir():
        for part in sorted(folder.glob("*.tsv")):
            for row in part.read_text(encoding="utf-8").splitlines():
                doc_id, _, blob = row.partition("\t")
                if blob:
                    yield doc_id, blob


def _exported_ids(layout: RunLayout) -> Iterator[str]:
    """Ids of the documents in the run's docs folder, streamed (unordered)."""
    try:
        entries = os.scandir(layout.docs_dir)
    except FileNotFoundError:
        return
    with entries:
        for entry in entries:
            name = entry.name
            if name.endswith(".json") and not name.startswith("."):
                yield name[:-5]


#: Up to this many documents, assembly sorts ids and lines in memory (about
#: 400 bytes a document); beyond, in an on-disk sqlite table, so that the
#: main process's memory stays flat on corpora of millions.
IN_MEMORY_DOCUMENTS = 200_000


class _InMemory:
    """Every exported document's (id, line blob or None), in id order, from a dict."""

    def __init__(self, layout: RunLayout, ids: list[str]):
        self.lines = dict(_part_rows(layout))
        self.ids = sorted(ids)

    def rows(self) -> Iterator[tuple[str, str | None]]:
        return ((doc_id, self.lines.get(doc_id)) for doc_id in self.ids)

    def add(self, lines: list[tuple[str, str]]) -> None:
        self.lines.update(lines)

    def close(self) -> None:
        self.lines.clear()


class _OnDisk:
    """The same, from an on-disk sqlite table: the main process sorts and
    joins ids and lines without holding a million of them in memory."""

    def __init__(self, layout: RunLayout):
        path = layout.root / PARTS_DIR / "index.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        self.db = db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("CREATE TABLE line (id TEXT NOT NULL, blob TEXT NOT NULL)")
        self._insert("line", _part_rows(layout))
        # BINARY collation orders UTF-8 bytes, which is code point order: the
        # order of Python's sorted() on the ids.
        exported = sum(1 for _ in _exported_ids(layout))
        if db.execute("SELECT count(DISTINCT id) FROM line").fetchone()[0] == exported == \
                db.execute("SELECT count(*) FROM line").fetchone()[0]:
            # Every exported document has one line (a whole run): no join needed.
            self.query = "SELECT id, blob FROM line ORDER BY id"
            return
        db.execute("CREATE TABLE exported (id TEXT NOT NULL)")
        self._insert("exported", ((doc_id,) for doc_id in _exported_ids(layout)))
        db.execute("CREATE INDEX line_id ON line (id)")
        self.query = ("SELECT exported.id, max(line.blob) FROM exported LEFT JOIN line USING (id) "
                      "GROUP BY exported.id ORDER BY exported.id")

    def _insert(self, table: str, rows: Iterable[tuple]) -> None:
        self.db.execute("BEGIN")
        marks = "?, ?" if table == "line" else "?"
        self.db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        self.db.execute("COMMIT")

    def rows(self) -> Iterator[tuple[str, str | None]]:
        return self.db.execute(self.query)

    def add(self, lines: list[tuple[str, str]]) -> None:
        self._insert("line", lines)

    def close(self) -> None:
        self.db.close()


def _sorted_lines(layout: RunLayout) -> _InMemory | _OnDisk:
    """Every exported document's (id, line blob or None) in id order: in
    memory on ordinary corpora, on disk from IN_MEMORY_DOCUMENTS on."""
    ids = list(islice(_exported_ids(layout), IN_MEMORY_DOCUMENTS + 1))
    return _InMemory(layout, ids) if len(ids) <= IN_MEMORY_DOCUMENTS else _OnDisk(layout)


def assemble_jsonl(layout: RunLayout, cache_root: Path, line_of: Callable[[str], bytes]) -> int:
    """Write documents.jsonl: one line per document of the docs folder, in id
    order, from the parts, or from `line_of(id)` (bytes) for documents no
    part names (exported by an earlier invocation in the same run folder).
    Returns the number of documents."""
    blobs = BlobStore(cache_root / "blobs")
    prefix = f"{cache_root}/"
    lines = _sorted_lines(layout)
    try:
        digest, count = hashlib.sha256(), 0
        rebuilt: list[tuple[str, str]] = []
        for doc_id, blob in lines.rows():
            if blob is None:
                blob = blobs.put(line_of(doc_id)).removeprefix(prefix)
                rebuilt.append((doc_id, blob))
            digest.update(f"{doc_id}\t{blob}\n".encode("utf-8"))
            count += 1
        lines.add(rebuilt)  # (rare) now every id has its line
        index = cache_root / "jsonl" / f"{digest.hexdigest()[:40]}.json"
        if not _link_known(index, cache_root, layout.jsonl_path):
            _concatenate(layout.jsonl_path, ((doc_id, f"{prefix}{blob}") for doc_id, blob in lines.rows()), line_of)
            st = layout.jsonl_path.stat()
            atomic_write_json(index, {"path": os.path.relpath(layout.jsonl_path, cache_root),
                                      "stamp": [st.st_ino, st.st_size, st.st_mtime_ns]}, indent=None)
    finally:
        lines.close()
    clear_parts(layout)
    return count


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


def _concatenate(target: Path, lines: Iterable[tuple[str, str]], line_of: Callable[[str], bytes]) -> None:
    """Write (id, blob path) lines to `target`, atomically."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as out:
        for doc_id, path in lines:
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
