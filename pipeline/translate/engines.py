"""What every translation engine offers, and choosing one per language.

An engine finds a *route* for a source language (the model or models that
take it to the target) and translates a list of sentences along it. Sentences
go in as one flat list, whatever documents they came from, so an engine can
batch them as it likes; results come back in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.translate.codes import install_command, to_argos
from pipeline.translate.params import TranslateParams


@dataclass(slots=True)
class SentenceResult:
    text: str
    #: Target pieces of the last hop, when the engine works on pieces; the
    #: paragraph is detokenized from their concatenation, as Argos does.
    pieces: list[str] | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ModelRoute:
    engine: str
    source: str
    target: str
    #: Provenance of each model applied, in order (package, version, sha256...).
    models: tuple[dict[str, Any], ...]
    #: Engine-specific handle (Argos packages, an Apertium mode).
    handle: Any = field(compare=False, hash=False)

    @property
    def key(self) -> str:
        names = "+".join(str(m.get("package") or m.get("mode")) for m in self.models)
        return f"{self.engine}:{names}"


class Engine(Protocol):
    name: str

    def find_route(self, source: str, target: str) -> ModelRoute | None: ...

    def missing_reason(self, source: str, target: str) -> str: ...

    def translate(self, route: ModelRoute, sentences: list[str]) -> list[SentenceResult]: ...

    def join(self, route: ModelRoute, results: list[SentenceResult]) -> str: ...


class MissingModel(Exception):
    """No engine has a model for a language; the message names the fix."""

    def __init__(self, source: str, target: str, reasons: list[str]):
        self.source, self.target, self.reasons = source, target, reasons
        self.install = install_command(source, target)
        super().__init__(
            f"no {to_argos(source)}→{to_argos(target)} translation model is installed "
            f"({'; '.join(reasons)}). Install one with: {self.install}")


def build_engines(params: TranslateParams) -> dict[str, Engine]:
    """Engines are built lazily by name, so an unused one costs nothing."""
    engines: dict[str, Engine] = {}
    for name in sorted({n for names in [params.engines, *params.engines_by_language.values()] for n in names}):
        if name == "argos":
            from pipeline.translate.engine_argos import ArgosEngine

            engines[name] = ArgosEngine(params.argos, params.guards)
        elif name == "apertium":
            from pipeline.translate.engine_apertium import ApertiumEngine

            engines[name] = ApertiumEngine(params.apertium)
    return engines


def choose_route(lang: str, params: TranslateParams, engines: dict[str, Engine]) -> ModelRoute:
    """The first engine in the language's priority list that has a model."""
    reasons = []
    for name in params.engines_for(lang):
        route = engines[name].find_route(lang, params.target)
        if route is not None:
            return route
        reasons.append(engines[name].missing_reason(lang, params.target))
    raise MissingModel(lang, params.target, reasons or ["no engine is enabled"])
