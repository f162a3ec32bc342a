"""Where a run's files live, and how run names and `latest` resolve.

    output/
      .cache/...                           stored files shared by all runs (pipeline.cache)
      <run>/stages/<NN>-<stage>/<id>.json  document state after each stage
      <run>/docs/<id>.txt, <id>.json       final text and provenance
      <run>/failed/<id>.json               documents that failed, with stage and reason
      <run>/documents.jsonl, manifest.json
      <run>/.jsonl-parts/                  while running: each engine's exported lines (pipeline.jsonl)
      <run>/.unfinished                    until the manifest is written (pipeline.unfinished)
      latest -> <run>
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

SAFE_RUN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class RunNotFound(Exception):
    pass


def default_run_name() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def check_run_name(name: str) -> str:
    if not SAFE_RUN_NAME.match(name) or name == "latest":
        raise ValueError(
            f"run name {name!r} is not allowed: use letters, digits, '.', '_' or '-' (not 'latest', not a path)"
        )
    return name


@dataclass(frozen=True)
class RunLayout:
    root: Path

    @property
    def name(self) -> str:
        return self.root.name

    def stage_dir(self, position: int, stage: str) -> Path:
        return self.root / "stages" / f"{position:02d}-{stage}"

    def find_stage_dir(self, stage: str) -> Path | None:
        matches = sorted((self.root / "stages").glob(f"[0-9][0-9]-{stage}"))
        return matches[-1] if matches else None

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def failed_dir(self) -> Path:
        return self.root / "failed"

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    @property
    def jsonl_path(self) -> Path:
        return self.root / "documents.jsonl"


def point_latest(output_dir: Path, run_name: str) -> None:
    link = output_dir / "latest"
    tmp = output_dir / f".latest.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(run_name)
    os.replace(tmp, link)


def is_explicit_path(ref: str) -> bool:
    """Whether `ref` can only mean a path: it has a path separator or starts
    with '.' (`./NAME`, `..`), which no run name does (SAFE_RUN_NAME)."""
    return ref.startswith(".") or any(sep and sep in ref for sep in (os.sep, os.altsep))


def resolve_run(ref: str, output_dir: Path | None = None, names_first: bool = False) -> RunLayout:
    """A run given by path, or by name (or `latest`) inside output_dir.
    names_first: a bare name is tried inside output_dir before the working
    directory (the folder was named with -c, so that is where the name is
    meant; an explicit path is still a path)."""
    candidates = [Path(ref)]
    if output_dir is not None:
        if names_first and not is_explicit_path(ref):
            candidates.insert(0, output_dir / ref)
        else:
            candidates.append(output_dir / ref)
    for path in candidates:
        if (path / "manifest.json").is_file() or (path / "stages").is_dir():
            return RunLayout(path.resolve())
    where = f" in {output_dir}" if output_dir else ""
    raise RunNotFound(f"no run {ref!r}{where}: give a run directory or a run name (see `ls {output_dir or 'output'}`)")
