"""The run configuration: YAML read safely into typed, validated models.

Defaults live in the models (one place). Each stage's section is validated by
that stage's own `Params` model, taken from the registry, so a new stage brings
its configuration with it. Unknown keys are errors, reported with their path
(`stages.language.treshold`), before anything is written.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from pipeline.hashing import stable_hash
from pipeline.stages.registry import stage_classes
from pipeline.yamlkeys import DuplicateKeys, load_unique

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


def _format_errors(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = "unknown key (check the spelling; see the README's config reference)" \
            if item["type"] == "extra_forbidden" else item["msg"]
        lines.append(f"  {path}: {message}")
    return "invalid configuration:\n" + "\n".join(lines)


def read_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise ConfigError(f"config file {path} is larger than {MAX_CONFIG_BYTES} bytes; is it the right file?")
    try:
        data = load_unique(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid YAML: {exc}") from exc
    except DuplicateKeys as exc:
        lines = [f"  {d.path}: duplicate key at line {d.line} (first at line {d.first_line}); YAML would silently "
                 "keep only the last one, so remove one of them" for d in exc.duplicates]
        raise ConfigError("invalid configuration:\n" + "\n".join(lines)) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping of keys, not {type(data).__name__}")
    return data


def build_config(data: dict[str, Any], base_dir: Path, overrides: dict[str, Any] | None = None) -> PipelineConfig:
    """Validate raw config data; relative paths are resolved against base_dir,
    command-line overrides (already absolute or relative to the cwd) win."""
    data = dict(data)
    if "input" not in data:
        if not (overrides or {}).get("input"):
            raise ConfigError("invalid configuration:\n  input: required (a file or directory of articles)")
        # --input stands in for a config without `input:` (it wins below anyway);
        # the model would otherwise refuse the config as lacking a required key.
        data["input"] = overrides["input"]  # type: ignore[index]
    try:
        stages = stages_model().model_validate(data.pop("stages", None) or {})
    except ValidationError as exc:
        raise ConfigError(_format_errors(exc).replace("\n  ", "\n  stages.")) from exc
    try:
        config = PipelineConfig.model_validate({**data, "stages": stages})
    except ValidationError as exc:
        raise ConfigError(_format_errors(exc)) from exc
    paths = {"input": base_dir / config.input, "output": base_dir / config.output}
    for key, value in (overrides or {}).items():
        if value is not None:
            paths[key] = Path(value)
    if not paths["input"].exists():
        raise ConfigError(f"input: path does not exist: {paths['input']} (set `input:` or pass --input)")
    resolved = {k: v.resolve() for k, v in paths.items()}
    _check_paths(resolved["input"], resolved["output"])
    if not stages.ingest.enabled:  # type: ignore[attr-defined]  (a model built from the stage registry)
        raise ConfigError("stages.ingest.enabled: the ingest stage reads the input files and cannot be turned off; "
                          "remove the key")
    stages = _resolve_lexicons(stages, base_dir)
    return config.model_copy(update={**resolved, "stages": stages})


def _resolve_lexicons(stages: BaseModel, base_dir: Path) -> BaseModel:
    """despin's extra lexicon files, resolved against the config file's
    directory like every other path, and checked before anything is written."""
    despin = getattr(stages, "despin", None)
    if despin is None or not despin.extra_lexicons:
        return stages
    files = tuple(str((base_dir / path).resolve()) for path in despin.extra_lexicons)
    for given, path in zip(despin.extra_lexicons, files) if despin.enabled else ():
        if not Path(path).is_file():
            raise ConfigError(f"stages.despin.extra_lexicons: no such file: {given} (looked for {path}; relative "
                              "paths are resolved against the config file's directory)")
    return stages.model_copy(update={"despin": despin.model_copy(update={"extra_lexicons": files})})


def _check_paths(input_path: Path, output: Path) -> None:
    """Paths that cannot work, refused before anything is written."""
    if output == input_path:
        raise ConfigError(f"output: the same directory as the input ({output}); every run would read the "
                          "previous runs' results as articles. Set `output:` (or --output) to another directory, "
                          "e.g. one next to the input")
    if output.exists() and not output.is_dir():
        raise ConfigError(f"output: {output} is a file; it must be a directory (or not exist yet)")


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> PipelineConfig:
    path = Path(path)
    return build_config(read_yaml(path), path.resolve().parent, overrides)


def config_from_dict(data: dict[str, Any]) -> PipelineConfig:
    """Rebuild a validated config from `model_dump(mode="json")`, e.g. in a
    worker process (dynamic pydantic models do not pickle)."""
    data = dict(data)
    stages = stages_model().model_validate(data.pop("stages", None) or {})
    return PipelineConfig.model_validate({**data, "stages": stages})
