"""`executor: ray`: the same engine, as Ray actors.

Each actor builds the stages once (a translation model is loaded once per
actor, not per chunk) and runs chunks exactly as a local worker process does,
writing to the same output directory — which on a real cluster must be shared
storage visible to every node, like the input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from pipeline.config import PipelineConfig, config_from_dict
from pipeline.engine import ChunkReport
from pipeline.progress import Progress
from pipeline.rundir import RunLayout


class EngineActor:
    def __init__(self, config_data: dict, layout_root: str, options) -> None:
        from pipeline.runner import make_engine

        self.engine = make_engine(config_from_dict(config_data), RunLayout(Path(layout_root)), options)

    def run_chunk(self, items: list) -> tuple[ChunkReport, int]:
        return self.engine.run_chunk(items), len(items)


def _connect(config: PipelineConfig):
    try:
        import ray
    except ImportError as exc:
        from pipeline.runner import RunError

        raise RunError("executor: ray needs Ray; install it with: pip install '.[ray]'") from exc
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=config.ray.address, num_cpus=config.ray.num_cpus, include_dashboard=False,
                 log_to_driver=False, configure_logging=False)
    return ray, started_here


def execute_on_ray(config: PipelineConfig, layout: RunLayout, options, chunks: Iterator[list],
                   progress: Progress) -> ChunkReport:
    ray, started_here = _connect(config)
    from ray.util import ActorPool

    try:
        actor_class = ray.remote(num_cpus=1)(EngineActor)
        actors = [actor_class.remote(config.model_dump(mode="json"), str(layout.root), options)
                  for _ in range(config.workers)]
        pool, total = ActorPool(actors), ChunkReport()
        for chunk in chunks:
            # Keep a bounded number of chunks in flight, as the local pool does.
            while not pool.has_free():
                _take(pool, total, progress)
            pool.submit(lambda actor, items: actor.run_chunk.remote(items), chunk)
        while pool.has_next():
            _take(pool, total, progress)
        return total
    finally:
        if started_here:
            ray.shutdown()


def _take(pool, total: ChunkReport, progress: Progress) -> None:
    report, size = pool.get_next_unordered()
    total.merge(report)
    progress.advance(size)
