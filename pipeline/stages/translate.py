"""Stage `translate`: non-English paragraphs to English, offline.

Thin on purpose: planning, engines, batching and provenance live in
`pipeline.translate`. The stage object is built once per worker process, so
the engines (and the models they load) are built once and reused.
"""

from __future__ import annotations

from typing import Any, ClassVar, Sequence

from pipeline.document import Document
from pipeline.hashing import stable_hash
from pipeline.stages.base import Stage, StageOutput
from pipeline.translate.params import TranslateParams


class TranslateStage(Stage):
    name: ClassVar[str] = "translate"
    # 2: numbers the engine copied in the source language's style are written the English way
    # 3: personal names kept as written through Apertium (protect_names); a paragraph the
    #    language stage split into segments is translated segment by segment
    version: ClassVar[str] = "3"
    description: ClassVar[str] = (
        "Translate non-English paragraphs to English with installed Argos packages (CTranslate2) or "
        "Apertium, keeping the paragraph structure; provenance names the models used.")
    Params: ClassVar[type[TranslateParams]] = TranslateParams

    def __init__(self, params: TranslateParams | None = None):
        super().__init__(params)
        self._engines: dict[str, Any] | None = None
        self._resolver = None

    def _setup(self):
        if self._engines is None:
            from pipeline.translate.engines import build_engines
            from pipeline.translate.plan import RouteResolver

            self._engines = build_engines(self.params)
            self._resolver = RouteResolver(self.params, self._engines)
        return self._engines, self._resolver

    def process(self, doc: Document) -> StageOutput:
        result = self.process_batch([doc])[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def process_batch(self, docs: Sequence[Document]) -> list[StageOutput | BaseException]:
        from pipeline.translate.chunk import translate_chunk

        engines, resolver = self._setup()
        counted = {name: _CountedEngine(engine, self) for name, engine in engines.items()}
        return translate_chunk(docs, self.params, counted, resolver)

    def environment_fingerprint(self) -> Any:
        engines, _ = self._setup()
        fingerprint = {name: engine.inventory() for name, engine in sorted(engines.items())}
        if self.params.protect_names:  # type: ignore[attr-defined]
            from importlib.metadata import version  # noqa: PLC0415

            # Faker's first-name lists decide which names are masked: a new release can change output
            fingerprint["person_names"] = version("faker")
        return fingerprint

    def input_fingerprint(self, doc: Document) -> str:
        """Text and annotations, plus the models that would translate the
        document: installing or updating a package invalidates the cache."""
        from pipeline.translate.plan import route_identity

        _, resolver = self._setup()
        base = super().input_fingerprint(doc)
        return stable_hash({"input": base, "models": route_identity(doc, self.params, resolver)})


class _CountedEngine:
    """An engine whose calls show in the manifest's `counters` (`--only
    despin` on a translated corpus must show zero of them)."""

    def __init__(self, engine, stage: Stage):
        self._engine, self._stage = engine, stage

    def translate(self, route, sentences):
        self._stage.count("engine_calls")
        self._stage.count(f"{route.engine}_sentences", len(sentences))
        return self._engine.translate(route, sentences)

    def __getattr__(self, name):
        return getattr(self._engine, name)
