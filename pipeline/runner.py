"""A whole run: plan the work, run chunks (inline or in worker processes),
write the manifest and the corpus JSONL, point `latest` at the run."""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from pipeline import __version__
from pipeline.cache import StageCache
from pipeline.config import PipelineConfig, config_from_dict
from pipeline.despin.compiled import status as despin_modules
from pipeline.engine import ChunkReport, Engine, PlannedStage, WorkItem
from pipeline.export import EXPORT_VERSION, write_jsonl
from pipeline.jsonl import clear_parts
from pipeline.progress import Progress, WorkerProgress
from pipeline.rundir import RunLayout, check_run_name, default_run_name, point_latest
from pipeline.skipped import SkipLog, empty_manifest_section
from pipeline.sources import SourceRoot, count_sources, iter_relpaths
from pipeline.stages.registry import stage_classes
from pipeline.storage import atomic_write_json
from pipeline.unfinished import mark_finished, mark_unfinished


class RunError(Exception):
    """The run cannot start; the message says why and what to do."""


@dataclass(frozen=True)
class RunOptions:
    run_name: str | None = None
    only: str | None = None
    from_stage: str | None = None
    force: bool = False
    quiet: bool = False


@dataclass
class RunResult:
    layout: RunLayout
    manifest: dict[str, Any]

    @property
    def failed(self) -> int:
        return self.manifest["documents"]["failed"]


def build_stages(config: PipelineConfig, options: RunOptions) -> tuple[list[PlannedStage], int]:
    """Enabled stages in order, which are recomputed regardless of the cache,
    and the index of the first stage to run."""
    enabled = [(pos, cls) for pos, cls in enumerate(stage_classes()) if getattr(config.stages, cls.name).enabled]
    names = [cls.name for _, cls in enabled]
    target = options.only or options.from_stage
    if target is not None and target not in names:
        raise RunError(f"stage {target!r} is not an enabled stage; choose one of: {', '.join(names)}")
    start = names.index(target) if target else 0
    planned = []
    for index, (pos, cls) in enumerate(enabled):
        forced = options.force or (options.only == cls.name) or (options.from_stage is not None and index >= start)
        planned.append(PlannedStage(pos, cls(getattr(config.stages, cls.name)), forced))
    return planned, start


@dataclass(frozen=True)
class WorkPlan:
    """What a run goes over, streamed: `items()` yields source paths relative
    to the input (or stored stage outputs for --only/--from) without holding
    the corpus in memory."""

    total: int
    items: Callable[[], Iterator[WorkItem]]
    #: The manifest's `skipped` section: input paths the listing left out.
    skipped: dict[str, Any]


def plan_work(config: PipelineConfig, layout: RunLayout, stages: list[PlannedStage], start: int) -> WorkPlan:
    if start == 0:
        accepts, skipped = stages[0].stage.accepts, SkipLog()
        total = count_sources(config.input, accepts, config.output, skipped)
        return WorkPlan(total, lambda: iter_relpaths(config.input, accepts, config.output), skipped.to_manifest())
    before = stages[start - 1]
    stored = layout.stage_dir(before.position, before.stage.name)
    names = sorted(n for n in os.listdir(stored) if n.endswith(".json") and not n.startswith(".")) \
        if stored.is_dir() else []
    if not names:
        raise RunError(
            f"run {layout.name!r} has no stored output of stage {before.stage.name!r} to start from; "
            "run the whole pipeline first (without --only/--from)"
        )
    # The input is not listed again: what its listing left out stays as the run recorded it.
    return WorkPlan(len(names), lambda: (stored / name for name in names), previous_manifest(layout).get(
        "skipped", empty_manifest_section()))


def previous_manifest(layout: RunLayout) -> dict[str, Any]:
    try:
        return json.loads(layout.manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def carried_failures(layout: RunLayout, stages: list[PlannedStage], start: int) -> list[dict[str, Any]]:
    """With --only/--from, the documents that failed in a stage before the
    first one recomputed: they are not run again (they have no stored output
    to start from), and stay failed in the new manifest."""
    if start == 0:
        return []
    earlier = {planned.stage.name for planned in stages[:start]}
    return [failure for failure in previous_manifest(layout).get("failures", []) if failure.get("stage") in earlier]


def remove_stale_temp_files(layout: RunLayout) -> None:
    """Temp files left by a killed run (we hold the lock, so none is live)."""
    if layout.root.is_dir():
        for tmp in layout.root.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def clear_documents(layout: RunLayout, full_run: bool, jsonl: bool) -> None:
    """A re-used run name: a full run lists the whole input again, so the
    folder's documents are only what this run makes. Left in place, a document
    whose source was deleted (or whose suffix is no longer read) stayed in
    docs/, stages/ and documents.jsonl while the manifest no longer counted
    it. Safe to drop: they are links to the cache, which replays unchanged
    documents (an interrupted run resumes as before). --only/--from start from
    the run's stored states and keep them. A JSONL this run will not write
    would describe an earlier one."""
    if full_run:
        for folder in (layout.docs_dir, layout.failed_dir, layout.root / "stages"):
            if folder.is_dir():  # an error removing it must show, not leave stale documents
                shutil.rmtree(folder)
    if not jsonl:
        layout.jsonl_path.unlink(missing_ok=True)


def choose_run(config: PipelineConfig, options: RunOptions) -> RunLayout:
    if options.run_name is not None:
        return RunLayout(config.output / check_run_name(options.run_name))
    if options.only or options.from_stage:
        latest = config.output / "latest"
        if not latest.exists():
            raise RunError(f"no previous run in {config.output} to re-run; run the whole pipeline first")
        return RunLayout(latest.resolve())
    return RunLayout(config.output / default_run_name())


@contextmanager
def output_lock(output_dir: Path) -> Iterator[None]:
    """One run at a time per output directory: a second one stops at once
    with a clear message rather than interleaving writes."""
    output_dir.mkdir(parents=True, exist_ok=True)
    with open(output_dir / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise RunError(
                f"another artnorm run is using {output_dir} (pid {handle.read().strip() or '?'}); "
                "wait for it to finish or choose another --output"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield


# -- worker processes -----------------------------------------------------
_ENGINE: Engine | None = None
_BATCH_SIZE = 32
_PROGRESS: Any = None  # where a worker reports finished batches (WorkerProgress)


def _init_worker(config_data: dict, layout_root: str, options: RunOptions, identity: Any,
                 progress_channel: Any = None) -> None:
    global _ENGINE, _BATCH_SIZE, _PROGRESS
    config = config_from_dict(config_data)
    _ENGINE = make_engine(config, RunLayout(Path(layout_root)), options, identity=identity)
    _BATCH_SIZE = config.batch_size
    _PROGRESS = progress_channel


def _run_chunk_in_worker(items: list) -> ChunkReport:
    """A chunk sent to a worker holds several batches (fewer round trips);
    each batch goes through the stages on its own, as `batch_size` says, and
    is reported as soon as it is done (its documents finish together)."""
    assert _ENGINE is not None, "worker not initialised"
    report = ChunkReport()
    for batch in _chunks(items, _BATCH_SIZE):
        report.merge(_ENGINE.run_chunk(batch))
        if _PROGRESS is not None:
            _PROGRESS.put(len(batch))
    return report


_COMPUTE = object()


def make_engine(config: PipelineConfig, layout: RunLayout, options: RunOptions,
                planned: tuple[list[PlannedStage], int] | None = None, identity: Any = _COMPUTE) -> Engine:
    """An engine over `planned` stages, or over freshly built ones (worker
    processes and Ray actors build their own). `identity`: the memo identity
    the main process computed (local workers share its machine), else
    computed here (a Ray actor may run on another node)."""
    stages, start = planned if planned is not None else build_stages(config, options)
    if identity is _COMPUTE:
        identity = memo_identity(config, stages)
    return Engine(stages, start, layout, StageCache(config.output / ".cache"), config.config_hash,
                  config.max_document_bytes, SourceRoot.of(config.input), identity, jsonl=config.export.jsonl)


def memo_identity(config: PipelineConfig, stages: list[PlannedStage]) -> dict[str, Any] | None:
    """Everything besides a document itself that its outputs depend on (see
    pipeline.memo); None turns the memo off."""
    if not config.memo:
        return None
    return {
        "pipeline": __version__, "export": EXPORT_VERSION, "config": config.config_hash,
        "stages": [[p.position, p.stage.name, p.stage.version, p.stage.params_hash,
                    p.stage.environment_fingerprint()] for p in stages],
    }


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _guided_chunks(items: Iterable, size: int, total: int, workers: int) -> Iterator[list]:
    """Chunks of `size`, shrinking towards the end of the run (guided
    scheduling): the last chunks are small, so no worker sits idle while
    another finishes a full chunk alone."""
    iterator, left = iter(items), total
    while True:
        step = max(1, min(size, left // (2 * workers)))
        chunk = list(islice(iterator, step))
        if not chunk:
            return
        left -= len(chunk)
        yield chunk


def execute_chunks(config: PipelineConfig, layout: RunLayout, options: RunOptions, items: Iterable,
                   progress: Progress, planned: tuple[list[PlannedStage], int] | None = None) -> ChunkReport:
    total = ChunkReport()
    if config.executor == "ray":
        from pipeline.ray_executor import execute_on_ray

        return execute_on_ray(config, layout, options, _chunks(items, config.batch_size), progress)
    if config.workers == 1:
        # Inline: reuse the stages the run already built (models load once).
        engine = make_engine(config, layout, options, planned)
        for chunk in _chunks(items, config.batch_size):
            total.merge(engine.run_chunk(chunk))
            progress.advance(len(chunk))
        return total
    # On a small corpus the parent replays memoized documents itself: workers
    # start only when some document needs computing (ProcessPoolExecutor
    # spawns its processes at the first submit). On a large one, replaying
    # (about 0.25 ms a document) in parallel is worth a worker's start-up.
    identity = memo_identity(config, (planned or build_stages(config, options))[0])
    parent = make_engine(config, layout, options, planned, identity) \
        if progress.total < PARALLEL_REPLAY_PER_WORKER * config.workers else None
    context = multiprocessing.get_context()
    channel = context.SimpleQueue()
    workers = WorkerProgress(progress, channel)
    init_args = (config.model_dump(mode="json"), str(layout.root), options, identity, channel)
    with ProcessPoolExecutor(config.workers, mp_context=context, initializer=_init_worker,
                             initargs=init_args) as pool:
        in_flight: dict = {}
        chunk_size = config.batch_size * BATCHES_PER_WORKER_CHUNK
        for chunk in _guided_chunks(items, chunk_size, progress.total, config.workers):
            remaining = chunk
            if parent is not None:
                remaining, replayed = parent.replay_items(chunk)
                total.merge(replayed)
                progress.advance(len(chunk) - len(remaining))
            if not remaining:
                continue
            # A bounded window of submitted chunks keeps memory flat on big corpora.
            if len(in_flight) >= 2 * config.workers:
                _collect(in_flight, total, workers, FIRST_COMPLETED)
            in_flight[pool.submit(_run_chunk_in_worker, remaining)] = len(remaining)
        _collect(in_flight, total, workers, ALL_COMPLETED)
    workers.drain()
    channel.close()
    return total


#: Batches per chunk sent to a worker process: each chunk costs the main
#: process pickling, a round trip and a report to merge, which matter when
#: documents are replayed from the memo at thousands per second.
BATCHES_PER_WORKER_CHUNK = 8

#: From this many documents per worker, workers replay the memo in parallel
#: instead of the main process (break-even with a worker's ~1 s start-up).
PARALLEL_REPLAY_PER_WORKER = 4000


#: How often the main process, while it waits for chunks, moves the bar by
#: the batches the workers reported.
PROGRESS_POLL_SECONDS = 0.2


def _collect(in_flight: dict, total: ChunkReport, workers: WorkerProgress, mode: str) -> None:
    """Wait for one chunk (FIRST_COMPLETED) or all of them (ALL_COMPLETED),
    passing on the workers' batch reports meanwhile."""
    while in_flight:
        done, _ = wait(in_flight, timeout=PROGRESS_POLL_SECONDS, return_when=mode)
        workers.drain()  # first: a finished chunk's reports are already in the channel
        for future in done:
            total.merge(future.result())
            workers.chunk_done(in_flight.pop(future))
        if done and mode == FIRST_COMPLETED:
            return


def run(config: PipelineConfig, options: RunOptions) -> RunResult:
    with output_lock(config.output):
        layout = choose_run(config, options)
        stages, start = build_stages(config, options)
        plan = plan_work(config, layout, stages, start)
        remove_stale_temp_files(layout)
        clear_parts(layout)
        clear_documents(layout, start == 0, config.export.jsonl)
        layout.root.mkdir(parents=True, exist_ok=True)
        started_at, clock = datetime.now(timezone.utc), time.perf_counter()
        carried = carried_failures(layout, stages, start)
        # Until the manifest is written, `diff`/`report` warn that this run is partial.
        mark_unfinished(layout, started_at)
        with Progress(plan.total, quiet=options.quiet, label=layout.name) as progress:
            report = execute_chunks(config, layout, options, plan.items(), progress, (stages, start))
        report.failures.extend(carried)
        exported = write_jsonl(layout, config.output / ".cache") if config.export.jsonl else None
        manifest = build_manifest(config, layout, options, stages, report, plan.total + len(carried), exported,
                                  started_at, time.perf_counter() - clock)
        manifest["skipped"] = plan.skipped
        atomic_write_json(layout.manifest_path, manifest)
        point_latest(config.output, layout.name)
        mark_finished(layout)
    return RunResult(layout, manifest)


def build_manifest(config: PipelineConfig, layout: RunLayout, options: RunOptions, stages: list[PlannedStage],
                   report: ChunkReport, item_count: int, exported: int | None, started_at: datetime,
                   wall_seconds: float) -> dict[str, Any]:
    # A list, not a mapping: the order of stages matters and JSON keys get sorted.
    stage_rows = []
    for planned in stages:
        row = report.stages.get(planned.stage.name, {})
        stage_rows.append({
            "stage": planned.stage.name, "version": planned.stage.version, "params_hash": planned.stage.params_hash,
            **{key: int(row.get(key, 0)) for key in ("processed", "changed", "failed", "cache_hits",
                                                    "computed", "loaded")},
            "seconds": round(row.get("seconds", 0.0), 4),
            "counters": {key.split(":", 1)[1]: int(value) for key, value in sorted(row.items())
                         if key.startswith("counter:")},
        })
    return {
        "run": layout.name,
        "pipeline_version": __version__,
        "config_hash": config.config_hash,
        "input": str(config.input),
        "mode": {"only": options.only, "from": options.from_stage, "force": options.force},
        "workers": config.workers,
        "started_at": started_at.isoformat(timespec="seconds"),
        "wall_seconds": round(wall_seconds, 3),
        "documents": {"total": item_count, "succeeded": report.succeeded, "failed": len(report.failures)},
        "stages": stage_rows,
        # Documents replayed whole from the document memo (pipeline.memo).
        "memo": {"replayed": int(report.stages.get("memo", {}).get("replayed", 0)),
                 "seconds": round(report.stages.get("memo", {}).get("seconds", 0.0), 4)},
        "export": {"version": EXPORT_VERSION, "jsonl_documents": exported},
        # compiled (Cython) or .py despin hot modules, as this process imports them
        "despin_modules": despin_modules(),
        "failures": sorted(report.failures, key=lambda f: f["id"]),
    }
