"""The run configuration: YAML read safely into typed, validated models.

Defaults live in the models (one place). Each stage's section is validated by
that stage's own `Params` model, taken from the registry, so a new stage brings
its configuration with it. Unknown keys are errors, reported with their path
(`stages.language.treshold`), before anything is written.
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from pipeline.hashing import stable_hash
from pipeline.stages.registry import stage_classes
from pipeline.yamlkeys import load_checked

MAX_CONFIG_BYTES = 1_000_000


class ConfigError(Exception):
    """The configuration cannot be used; the message names the key and the fix."""


class ExportParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    jsonl: bool = Field(True, description="Write documents.jsonl ({id, text, metadata} per line).")


class RayParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    address: str | None = Field(
        None, description="Ray cluster to join ('auto', 'ray://head:10001'); null starts a local Ray instance."
    )
    num_cpus: int | None = Field(None, ge=1, description="CPUs of the local Ray instance (null: all).")


@lru_cache(maxsize=1)
def stages_model() -> type[BaseModel]:
    fields: dict[str, Any] = {cls.name: (cls.Params, Field(default_factory=cls.Params)) for cls in stage_classes()}
    return create_model("StagesConfig", __config__=ConfigDict(extra="forbid", frozen=True), **fields)


class PipelineConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    input: Path = Field(description="File or directory of articles (relative paths: to the config file).")
    output: Path = Field(Path("output"), description="Directory that holds runs, the cache and `latest`.")
    executor: Literal["local", "ray"] = Field(
        "local", description="Where chunks run: local processes, or Ray actors (pip install '.[ray]')."
    )
    workers: int = Field(1, ge=1, le=256, description="Worker processes (local) or engine actors (ray).")
    batch_size: int = Field(32, ge=1, le=100_000, description="Documents per work unit (translation batches across them).")
    max_document_bytes: int = Field(
        20_000_000, ge=1, description="Larger source files fail with a recorded reason instead of exhausting memory."
    )
    memo: bool = Field(
        True, description="Replay unchanged documents whole from the cache with hard links (an unchanged re-run "
        "reads and links a few files per document instead of going stage by stage); false: stage by stage.")
    stages: Any = Field(default=None, description="Per-stage parameters, keyed by stage name.")
    export: ExportParams = Field(default_factory=ExportParams)
    ray: RayParams = Field(default_factory=RayParams)

    @property
    def config_hash(self) -> str:
        """Hash of everything that shapes the output documents (not paths or
        worker counts), recorded in every document's provenance."""
        return stable_hash(
            {"stages": self.stages.model_dump(mode="json"), "export": self.export.model_dump(mode="json"),
             "max_document_bytes": self.max_document_bytes}
        )[:16]


def _error_lines(error: ValidationError, prefix: str = "") -> list[str]:
    lines = []
    for item in error.errors():
        path = ".".join([prefix] * bool(prefix) + [str(part) for part in item["loc"]]) or "(top level)"
        message = "unknown key (check the spelling; see the README's config reference)" \
            if item["type"] == "extra_forbidden" else item["msg"]
        lines.append(f"  {path}: {message}")
    return lines


def _invalid(lines: list[str]) -> ConfigError:
    return ConfigError("invalid configuration:\n" + "\n".join(lines))


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a pipe"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _read(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The config file's mapping, and its duplicate keys as error lines."""
    if not path.exists():
        raise ConfigError(f"config file not found: {path}")
    if not path.is_file():
        # It exists, so "not found" misled (`-c /dev/null`). Not read either: a
        # pipe can block, and relative paths would resolve against /dev or /dev/fd.
        raise ConfigError(f"config file {path} is {_kind(path.stat().st_mode)}, not a regular file: give the path "
                          "of a YAML config file (see config/default.yaml)")
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise ConfigError(f"config file {path} is larger than {MAX_CONFIG_BYTES} bytes; is it the right file?")
    try:
        data, duplicates = load_checked(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid YAML: {exc}") from exc
    except OSError as exc:  # e.g. no read permission: said plainly rather than as a traceback
        raise ConfigError(f"config file {path} cannot be read: {exc.strerror or exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping of keys, not {type(data).__name__}")
    return data, [f"  {d.path}: duplicate key at line {d.line} (first at line {d.first_line}); YAML would "
                  "silently keep only the last one, so remove one of them" for d in duplicates]


def read_yaml(path: Path) -> dict[str, Any]:
    data, duplicates = _read(path)
    if duplicates:
        raise _invalid(duplicates)
    return data


def build_config(data: dict[str, Any], base_dir: Path, overrides: dict[str, Any] | None = None,
                 errors: list[str] | None = None) -> PipelineConfig:
    """Validate raw config data; relative paths are resolved against base_dir,
    command-line overrides (already absolute or relative to the cwd) win.
    Every error is collected (after `errors`, lines found while reading) and
    reported at once, so that a config is fixed in one round."""
    data, errors = dict(data), list(errors or ())
    overrides = {key: value for key, value in (overrides or {}).items() if value is not None}
    if "input" not in data:
        if "input" in overrides:
            # --input stands in for a config without `input:` (it wins below anyway).
            data["input"] = overrides["input"]
        else:
            errors.append("  input: required (a file or directory of articles)")
    stages = config = None
    try:
        stages = stages_model().model_validate(data.pop("stages", None) or {})
    except ValidationError as exc:
        errors += _error_lines(exc, "stages")
    try:
        # Default stages stand in for invalid ones, so the other keys are checked too.
        config = PipelineConfig.model_validate({**data, "stages": stages or stages_model()()})
    except ValidationError as exc:
        errors += [line for line in _error_lines(exc) if "input" in data or not line.startswith("  input:")]
    paths = _given_paths(data, base_dir, overrides)
    errors += _check_paths(paths)
    if stages is not None:
        if not stages.ingest.enabled:  # type: ignore[attr-defined]  (a model built from the stage registry)
            errors.append("  stages.ingest.enabled: the ingest stage reads the input files and cannot be turned "
                          "off; remove the key")
        stages = _resolve_lexicons(stages, base_dir, errors)
    if errors or config is None:
        raise _invalid(errors)
    return config.model_copy(update={**{key: path.resolve() for key, path in paths.items()}, "stages": stages})


def _given_paths(data: dict[str, Any], base_dir: Path, overrides: dict[str, Any]) -> dict[str, Path]:
    """input and output as given (command line first), where they are paths at
    all: a value of another type is already reported by the model."""
    paths = {}
    for key, default in (("input", None), ("output", "output")):
        if key in overrides:
            paths[key] = Path(overrides[key])
        elif isinstance(data.get(key, default), (str, os.PathLike)):
            paths[key] = base_dir / data.get(key, default)
    return paths


def _resolve_lexicons(stages: BaseModel, base_dir: Path, errors: list[str]) -> BaseModel:
    """despin's extra lexicon files, resolved against the config file's
    directory like every other path, and checked before anything is written."""
    despin = getattr(stages, "despin", None)
    if despin is None or not despin.extra_lexicons:
        return stages
    files = tuple(str((base_dir / path).resolve()) for path in despin.extra_lexicons)
    for given, path in zip(despin.extra_lexicons, files) if despin.enabled else ():
        if not Path(path).is_file():
            errors.append(f"  stages.despin.extra_lexicons: no such file: {given} (looked for {path}; relative "
                          "paths are resolved against the config file's directory)")
    return stages.model_copy(update={"despin": despin.model_copy(update={"extra_lexicons": files})})


def _check_paths(paths: dict[str, Path]) -> list[str]:
    """Paths that cannot work, refused before anything is written."""
    if "input" in paths and not paths["input"].exists():
        return [f"  input: path does not exist: {paths['input']} (set `input:` or pass --input)"]
    if set(paths) != {"input", "output"}:
        return []
    input_path, output = paths["input"].resolve(), paths["output"].resolve()
    if output == input_path:
        return [f"  output: the same directory as the input ({output}); every run would read the previous "
                "runs' results as articles. Set `output:` (or --output) to another directory, e.g. one next "
                "to the input"]
    if output.exists() and not output.is_dir():
        return [f"  output: {output} is a file; it must be a directory (or not exist yet)"]
    return []


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> PipelineConfig:
    path = Path(path)
    data, duplicates = _read(path)
    if not data and not (overrides or {}).get("input"):
        # Otherwise only "input: required" is said, which hides that the whole file is empty.
        raise ConfigError(f"config file {path} is empty (no keys): set at least `input:` (a file or directory of "
                          "articles; see config/default.yaml), or pass --input to run on the defaults")
    return build_config(data, path.resolve().parent, overrides, duplicates)


def config_from_dict(data: dict[str, Any]) -> PipelineConfig:
    """Rebuild a validated config from `model_dump(mode="json")`, e.g. in a
    worker process (dynamic pydantic models do not pickle)."""
    data = dict(data)
    stages = stages_model().model_validate(data.pop("stages", None) or {})
    return PipelineConfig.model_validate({**data, "stages": stages})
