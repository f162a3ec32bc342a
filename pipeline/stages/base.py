"""What a stage is: a name, a version, typed parameters and one `process` method.

A stage author writes `process(doc) -> StageOutput`; the runner owns the loop,
the cache, storage, provenance records and failure isolation (datatrove's
split between a step and its base class).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Sequence

from pydantic import BaseModel, ConfigDict, Field

from pipeline.document import Document
from pipeline.hashing import stable_hash


class StageParams(BaseModel):
    """Base of every stage's parameters. Unknown keys are rejected so that a
    typo in the YAML fails loudly instead of being ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(True, description="Run this stage (false: skip it; documents pass through untouched).")


@dataclass(slots=True)
class StageOutput:
    """What a stage produced for one document.

    `detail` explains what was done (kept in provenance, like ftfy's
    explanations); `annotations` is what later stages or users may read,
    stored under `Document.annotations[stage.name]`.
    """

    text: str
    detail: dict[str, Any] = field(default_factory=dict)
    annotations: dict[str, Any] | None = None
    #: Whether the stage changed the document. None means "compare the texts";
    #: ingest sets it because its input text is empty by construction.
    changed: bool | None = None


class StageError(Exception):
    """A document cannot go through this stage; the message says why and what
    to do. The runner records it and moves on to the next document."""


class Stage(ABC):
    name: ClassVar[str]
    #: Bump whenever the same input could give a different output: it is part
    #: of the cache key and of every provenance record.
    version: ClassVar[str]
    description: ClassVar[str]
    Params: ClassVar[type[StageParams]] = StageParams

    def __init__(self, params: StageParams | None = None):
        self.params = params if params is not None else self.Params()
        #: Work counters (e.g. model calls) that the runner adds to the
        #: manifest; a stage increments them with `count`.
        self.counters: dict[str, int] = {}

    def count(self, name: str, amount: int = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + amount

    def take_counters(self) -> dict[str, int]:
        taken, self.counters = self.counters, {}
        return taken

    @property
    def params_hash(self) -> str:
        return stable_hash(self.params.model_dump(mode="json"))[:16]

    @abstractmethod
    def process(self, doc: Document) -> StageOutput:
        """Transform one document. Raise StageError for an expected failure."""

    def process_batch(self, docs: Sequence[Document]) -> list[StageOutput | BaseException]:
        """Transform several documents; one failure never affects the others.
        Stages that gain from batching across documents (translation) override
        this and keep the same contract."""
        results: list[StageOutput | BaseException] = []
        for doc in docs:
            try:
                results.append(self.process(doc))
            except Exception as exc:  # noqa: BLE001 - isolated per document
                results.append(exc)
        return results

    def environment_fingerprint(self) -> Any:
        """JSON-able description of anything outside the document and the
        parameters that changes this stage's output (installed models): part
        of the document memo's key. None for stages that depend on neither."""
        return None

    def input_fingerprint(self, doc: Document) -> str:
        """Hash of everything this stage reads from a document. The default
        covers the text and all annotations so far."""
        return stable_hash({"text": doc.text, "annotations": doc.annotations})
