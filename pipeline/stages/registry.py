"""The ordered list of stages: the pipeline's one extension point.

A new stage is a module with a `Stage` subclass plus one line here, at the
position where it runs. Stage modules import heavy libraries lazily, so listing
stages stays cheap.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from pipeline.stages.base import Stage

# Order matters: each stage reads the output of the one before it.
STAGE_CLASSES: tuple[str, ...] = (
    "pipeline.stages.ingest:IngestStage",
    "pipeline.stages.encoding:EncodingStage",
    "pipeline.stages.boilerplate:BoilerplateStage",
    "pipeline.stages.language:LanguageStage",
    "pipeline.stages.translate:TranslateStage",
    "pipeline.stages.despin:DespinStage",
)


@lru_cache(maxsize=None)
def stage_classes() -> tuple[type[Stage], ...]:
    classes = []
    for dotted in STAGE_CLASSES:
        module_name, class_name = dotted.split(":")
        classes.append(getattr(importlib.import_module(module_name), class_name))
    return tuple(classes)


def stage_names() -> list[str]:
    return [cls.name for cls in stage_classes()]


def stage_class(name: str) -> type[Stage]:
    for cls in stage_classes():
        if cls.name == name:
            return cls
    raise KeyError(f"unknown stage {name!r}; known stages: {', '.join(stage_names())}")
