"""Runs a chunk of documents through the stages: cache lookups, stage calls,
stored stage outputs, failure records. One engine per worker process."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.cache import StageCache, cache_key
from pipeline.document import Document, SourceInfo
from pipeline.export import export_document, forget_document
from pipeline.hashing import sha256_bytes
from pipeline.jsonl import LineParts
from pipeline.memo import DocumentMemo, MemoEntry
from pipeline.rundir import RunLayout
from pipeline.sources import SourceRef, SourceRoot
from pipeline.stages.base import Stage, StageError
from pipeline.storage import atomic_write_json, dump_json_bytes, link_or_copy, read_json

#: What a chunk is made of: a source file's path relative to the input (str),
#: or a stored stage state to start from (--only/--from).
WorkItem = str | Path

COUNTERS = ("processed", "changed", "failed", "cache_hits", "computed", "loaded")


@dataclass
class ChunkReport:
    stages: dict[str, dict[str, float]] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)
    succeeded: int = 0

    def count(self, stage: str, counter: str, amount: float = 1) -> None:
        row = self.stages.setdefault(stage, {name: 0 for name in (*COUNTERS, "seconds")})
        row[counter] = row.get(counter, 0) + amount

    def count_many(self, stage: str, **amounts: float) -> None:
        for counter, amount in amounts.items():
            self.count(stage, counter, amount)

    def merge(self, other: "ChunkReport") -> None:
        for stage, row in other.stages.items():
            for counter, amount in row.items():
                self.count(stage, counter, amount)
        self.failures.extend(other.failures)
        self.succeeded += other.succeeded


@dataclass(frozen=True)
class PlannedStage:
    position: int
    stage: Stage
    forced: bool


class Engine:
    def __init__(self, stages: list[PlannedStage], start: int, layout: RunLayout, cache: StageCache,
                 config_hash: str, max_document_bytes: int, sources: SourceRoot, memo_identity: Any = None,
                 jsonl: bool = True):
        self.stages = stages
        self.start = start
        self.layout = layout
        self.cache = cache
        self.blobs = cache.blobs
        self.config_hash = config_hash
        self.max_document_bytes = max_document_bytes
        self.sources = sources
        # The memo replays whole documents; only a full run without forced
        # stages may use it (--only/--from/--force must recompute).
        full_run = start == 0 and not any(p.forced for p in stages)
        self.memo = DocumentMemo(cache.root, layout.root, memo_identity) \
            if full_run and memo_identity is not None else None
        self._stage_dirs: dict[int, str] = {}
        #: Which line blob each exported document has (documents.jsonl is
        #: assembled from them: pipeline.jsonl).
        self.lines = LineParts(layout) if jsonl else None
        #: Per document of the current chunk: which stored file each of its
        #: run files is a link to (what the memo records).
        self._placed: dict[str, MemoEntry] = {}
        #: Whether the run folder may hold failure records of this chunk's
        #: documents: None until looked at, once per chunk.
        self._failures_possible: bool | None = None

    def run_chunk(self, items: list[WorkItem]) -> ChunkReport:
        report = ChunkReport()
        self._failures_possible = None
        docs = [doc for doc in (self._load(item, report) for item in items) if doc is not None]
        docs = self._replay_memo(docs, report)
        for planned in self.stages[: self.start]:
            report.count(planned.stage.name, "loaded", len(docs))
        for planned in self.stages[self.start:]:
            docs = self._run_stage(planned, docs, report)
        for doc in docs:
            self._export(doc)
            report.succeeded += 1
        self._placed.clear()
        if self.lines is not None:
            self.lines.flush()
        return report

    # -- whole documents from the memo ------------------------------------
    def replay_items(self, items: list[WorkItem]) -> tuple[list[WorkItem], ChunkReport]:
        """Replay the memoized documents among `items` (a parent process does
        this before handing out work, so that an unchanged corpus never starts
        worker processes); returns the items left to process."""
        report = ChunkReport()
        self._failures_possible = None
        if self.memo is None:
            return items, report
        peeked = [(item, self._peek(item)) for item in items]
        missed = {doc.id for doc in self._replay_memo([doc for _, doc in peeked if doc is not None], report)}
        if self.lines is not None:
            self.lines.flush()
        return [item for item, doc in peeked if doc is None or doc.id in missed], report

    def _peek(self, item: WorkItem) -> Document | None:
        """The document of a source file, or None when it cannot be read here
        (the worker that processes it records why)."""
        if isinstance(item, Path):
            return None
        ref = self.sources.ref(item)
        try:
            raw = self._read_source(ref)
        except (OSError, StageError):
            return None
        return Document(id=ref.doc_id, text="",
                        source=SourceInfo(path=ref.relpath, sha256=sha256_bytes(raw), bytes=len(raw)))

    def _replay_memo(self, docs: list[Document], report: ChunkReport) -> list[Document]:
        if self.memo is None:
            return docs
        started = time.perf_counter()
        remaining = []
        # Per distinct stage list (usually one per corpus): how many documents.
        stage_lists: dict[tuple, int] = {}
        for doc in docs:
            entry = self.memo.restore(self.memo.key(doc))
            if entry is None:
                remaining.append(doc)
                continue
            if self.lines is not None and entry.line is not None:
                self.lines.add(doc.id, entry.line)
            self._clear_failure(doc.id)
            stages = tuple(map(tuple, entry.stages))
            stage_lists[stages] = stage_lists.get(stages, 0) + 1
        for stages, count in stage_lists.items():
            for stage, changed in stages:
                report.count_many(stage, cache_hits=count, processed=count, changed=count * int(changed))
        report.succeeded += len(docs) - len(remaining)
        report.count_many("memo", replayed=len(docs) - len(remaining), seconds=time.perf_counter() - started)
        return remaining

    def _export(self, doc: Document) -> None:
        placed = self._placed.setdefault(doc.id, MemoEntry())
        exported = export_document(self.layout, doc, self.config_hash)
        for path, data in exported.files:
            self._place(doc, str(path), self.blobs.put(data))
        if self.lines is not None:
            placed.line = self.cache.relative(self.blobs.put(exported.line))
            self.lines.add(doc.id, placed.line)
        self._clear_failure(doc.id)
        if self.memo is not None:
            placed.stages = [(record["stage"], bool(record["changed"])) for record in doc.provenance]
            self.memo.store(self.memo.key(doc), placed)

    def _clear_failure(self, doc_id: str) -> None:
        """A document that succeeds now must not keep a failure record of an
        earlier attempt in the same run folder."""
        if self._failures_possible is None:
            self._failures_possible = os.path.isdir(self.layout.failed_dir)
        if not self._failures_possible:
            return  # a fresh run folder has none: no failing unlink per document
        try:
            os.unlink(f"{self.layout.failed_dir}/{doc_id}.json")
        except FileNotFoundError:
            pass

    def _place(self, doc: Document, in_run: str, stored: str) -> None:
        link_or_copy(stored, in_run)
        if self.memo is not None:
            self._placed.setdefault(doc.id, MemoEntry()).files.append(self.memo.record(in_run, stored))

    # -- loading ---------------------------------------------------------
    def _load(self, item: WorkItem, report: ChunkReport) -> Document | None:
        if isinstance(item, Path):
            return Document.from_state(read_json(item))
        ref = self.sources.ref(item)
        doc = Document(id=ref.doc_id, text="", source=SourceInfo(path=ref.relpath, sha256="", bytes=0))
        try:
            doc.raw = self._read_source(ref)
        except (OSError, StageError) as exc:
            self._fail(doc, "ingest", exc, report)
            return None
        doc.source = SourceInfo(path=ref.relpath, sha256=sha256_bytes(doc.raw), bytes=len(doc.raw))
        return doc

    def _read_source(self, item: SourceRef) -> bytes:
        if item.refused:
            raise StageError(item.refused)
        with open(item.path, "rb") as handle:
            # The size of the open file, not of the name: one stat, no race.
            size = os.fstat(handle.fileno()).st_size
            if size > self.max_document_bytes:
                raise StageError(
                    f"file is {size} bytes, over max_document_bytes={self.max_document_bytes}; raise it in the config"
                )
            return handle.read()

    # -- one stage -------------------------------------------------------
    def _run_stage(self, planned: PlannedStage, docs: list[Document], report: ChunkReport) -> list[Document]:
        stage = planned.stage
        started = time.perf_counter()
        entries: dict[str, tuple[dict[str, Any], str | None]] = {}
        pending: list[tuple[Document, str]] = []
        survivors: list[Document] = []
        for doc in docs:
            try:
                key = cache_key(stage.name, stage.version, stage.params_hash, stage.input_fingerprint(doc))
            except Exception as exc:  # noqa: BLE001 - recorded per document
                self._fail(doc, stage.name, exc, report)
                continue
            survivors.append(doc)
            hit = None if planned.forced else self.cache.get(stage.name, key)
            if hit is None:
                pending.append((doc, key))
            else:
                entries[doc.id] = (hit, None)
                report.count(stage.name, "cache_hits")
        self._compute(stage, pending, entries, report)
        kept = [doc for doc in survivors if doc.id in entries]
        for doc in kept:
            self._apply(planned, doc, *entries[doc.id], report)
        report.count(stage.name, "seconds", time.perf_counter() - started)
        return kept

    def _compute(self, stage: Stage, pending: list[tuple[Document, str]], entries: dict, report: ChunkReport) -> None:
        if not pending:
            return
        outputs = stage.process_batch([doc for doc, _ in pending])
        for name, amount in stage.take_counters().items():
            report.count(stage.name, f"counter:{name}", amount)
        for (doc, key), output in zip(pending, outputs):
            if isinstance(output, BaseException):
                self._fail(doc, stage.name, output, report)
                continue
            changed = output.changed if output.changed is not None else output.text != doc.text
            entry = {"text": output.text, "annotations": output.annotations, "detail": output.detail,
                     "changed": changed}
            entries[doc.id] = (entry, key)
            report.count(stage.name, "computed")

    def _apply(self, planned: PlannedStage, doc: Document, entry: dict[str, Any], fresh_key: str | None,
               report: ChunkReport) -> None:
        """Apply a stage's result to `doc` and place the state in the run.
        `fresh_key`: the cache key under which a freshly computed result is
        stored (the stored state is the cache entry); None for a cache hit."""
        stage = planned.stage
        doc.text = entry["text"]
        doc.raw = None
        if entry["annotations"] is not None:
            doc.annotations[stage.name] = entry["annotations"]
        doc.provenance.append({
            "stage": stage.name, "version": stage.version, "params_hash": stage.params_hash,
            "changed": entry["changed"], "detail": entry["detail"],
        })
        report.count(stage.name, "processed")
        report.count(stage.name, "changed", int(entry["changed"]))
        data = dump_json_bytes(doc.to_state(), indent=None)
        if fresh_key is not None:
            stored = self.cache.put_state(stage.name, fresh_key, data)
        else:
            # From the cache: the entry's own blob when the entry is this very
            # document's state, else a blob of its own (another document's).
            stored = self.blobs.put(data)
        self._place(doc, f"{self._stage_dir(planned)}/{doc.id}.json", stored)

    def _stage_dir(self, planned: PlannedStage) -> str:
        folder = self._stage_dirs.get(planned.position)
        if folder is None:
            folder = self._stage_dirs[planned.position] = str(self.layout.stage_dir(planned.position, planned.stage.name))
        return folder

    def _fail(self, doc: Document, stage: str, exc: BaseException, report: ChunkReport) -> None:
        reason = str(exc) or type(exc).__name__
        record = {"id": doc.id, "source": doc.source.path, "stage": stage, "error": type(exc).__name__,
                  "reason": reason}
        report.failures.append(record)
        report.count(stage, "failed")
        self._placed.pop(doc.id, None)
        forget_document(self.layout, doc.id)
        for planned in self.stages:
            if planned.position >= self._position(stage):
                stale = self.layout.stage_dir(planned.position, planned.stage.name) / f"{doc.id}.json"
                stale.unlink(missing_ok=True)
        atomic_write_json(self.layout.failed_dir / f"{doc.id}.json", record)

    def _position(self, stage_name: str) -> int:
        return next(p.position for p in self.stages if p.stage.name == stage_name)
