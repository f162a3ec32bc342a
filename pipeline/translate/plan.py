"""What to do with each paragraph of a document, before any model runs.

A paragraph in the target language is kept; one of undetermined language is
kept (or, by config, taken to be in the document's language); any other is
cut into sentences and given the route of the engine that translates its
language, or marked untranslated when no engine has a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.document import Document
from pipeline.stages.base import StageError
from pipeline.text.paragraphs import split_paragraphs
from pipeline.translate.codes import UNDETERMINED, to_argos
from pipeline.translate.engines import Engine, MissingModel, ModelRoute, SentenceResult, choose_route
from pipeline.translate.params import TranslateParams
from pipeline.translate.segment import SentenceSpan, split_sentences

KEEP_TARGET = "kept_target_language"
KEEP_UNDETERMINED = "kept_undetermined"
TRANSLATE = "translated"
UNTRANSLATED = "untranslated_missing_model"
#: A paragraph whose sentences are in different languages (the language
#: stage's `segments`): each segment is planned as a paragraph of its own.
MIXED = "mixed_languages"


@dataclass
class ParagraphPlan:
    index: int
    start: int
    end: int
    source: str
    lang: str
    action: str
    route: ModelRoute | None = None
    sentences: list[SentenceSpan] = field(default_factory=list)
    results: list[SentenceResult] = field(default_factory=list)
    missing: MissingModel | None = None
    #: Per sentence, the spans (in the sentence's text) of names to keep as
    #: written; empty unless the route's engine is in `protect_names`.
    names: list[list[tuple[int, int]]] = field(default_factory=list)
    #: Per sentence, the names that were masked and came back unchanged.
    kept_names: list[list[str]] = field(default_factory=list)
    #: A MIXED paragraph's segments, in order, with offsets in the document.
    parts: list["ParagraphPlan"] = field(default_factory=list)


@dataclass
class DocumentPlan:
    doc: Document
    paragraphs: list[ParagraphPlan]
    error: BaseException | None = None


class RouteResolver:
    """Routes per language, looked up once per stage object (one per worker)."""

    def __init__(self, params: TranslateParams, engines: dict[str, Engine]):
        self.params, self.engines = params, engines
        self._routes: dict[str, ModelRoute | MissingModel] = {}

    def route(self, lang: str) -> ModelRoute | MissingModel:
        if lang not in self._routes:
            try:
                self._routes[lang] = choose_route(lang, self.params, self.engines)
            except MissingModel as missing:
                self._routes[lang] = missing
        return self._routes[lang]


def paragraph_languages(doc: Document) -> tuple[str, list[str]]:
    """(document language, language of each paragraph) from the language stage."""
    found = doc.annotations.get("language")
    if not isinstance(found, dict) or not isinstance(found.get("paragraphs"), list):
        raise StageError("translate needs the language stage's annotations; enable stages.language, "
                         "which runs just before translate")
    langs = [str(p.get("lang") or UNDETERMINED) for p in found["paragraphs"]]
    count = len(split_paragraphs(doc.text))
    if len(langs) != count:
        raise StageError(f"the language annotations cover {len(langs)} paragraphs but the text has {count}; "
                         "re-run the language stage on this text")
    return str(found.get("lang") or UNDETERMINED), langs


def paragraph_segments(doc: Document) -> list[list[tuple[int, int, str]]]:
    """Per paragraph, the language stage's segments (start, end, lang within
    the paragraph) when its sentences disagree; [] for the others."""
    found = doc.annotations.get("language") or {}
    out = []
    for info in found.get("paragraphs") or []:
        segments = info.get("segments") if isinstance(info, dict) else None
        out.append([(int(s["start"]), int(s["end"]), str(s["lang"])) for s in segments or []])
    return out


def _fits(segments: list[tuple[int, int, str]], length: int) -> bool:
    """Segments in order, inside the paragraph: annotations of another text
    (a stage changed it after language ran) are not followed."""
    cursor = 0
    for start, end, _ in segments:
        if not cursor <= start < end <= length:
            return False
        cursor = end
    return True


def leaves(plans: list[ParagraphPlan]) -> list[ParagraphPlan]:
    """The plans that are translated or kept: paragraphs, and the segments
    in place of a MIXED paragraph."""
    return [leaf for plan in plans for leaf in (plan.parts or [plan])]


def plan_document(doc: Document, params: TranslateParams, resolver: RouteResolver) -> DocumentPlan:
    doc_lang, langs = paragraph_languages(doc)
    plans = []
    for paragraph, lang, segments in zip(split_paragraphs(doc.text), langs, paragraph_segments(doc)):
        if len({seg_lang for _, _, seg_lang in segments}) > 1 and _fits(segments, len(paragraph.text)):
            plan = ParagraphPlan(paragraph.index, paragraph.start, paragraph.end, paragraph.text, lang, MIXED)
            plan.parts = [_plan(paragraph.index, paragraph.start + start, paragraph.text[start:end], seg_lang,
                                doc_lang, params, resolver) for start, end, seg_lang in segments]
        else:
            plan = _plan(paragraph.index, paragraph.start, paragraph.text, lang, doc_lang, params, resolver)
        plans.append(plan)
    _find_names(plans, doc_lang, params)
    return DocumentPlan(doc, plans)


def _plan(index: int, start: int, source: str, lang: str, doc_lang: str, params: TranslateParams,
          resolver: RouteResolver) -> ParagraphPlan:
    source_lang = _source_language(lang, doc_lang, params)
    plan = ParagraphPlan(index, start, start + len(source), source, lang,
                         KEEP_TARGET if source_lang is None else TRANSLATE)
    if source_lang == UNDETERMINED:
        plan.action = KEEP_UNDETERMINED
    elif source_lang is not None:
        _attach_route(plan, source_lang, params, resolver)
    return plan


def _find_names(plans: list[ParagraphPlan], doc_lang: str, params: TranslateParams) -> None:
    """Name spans of each sentence an engine in `protect_names` will
    translate. Names are gathered over the whole document (all paragraphs,
    English ones included), so a surname alone is known from its full name."""
    wanted = [p for p in leaves(plans) if p.action == TRANSLATE and p.route.engine in params.protect_names]
    if not wanted:
        return
    from pipeline.translate.names import DocumentNames

    by_lang: dict[str, DocumentNames] = {}
    for par in wanted:
        lang = par.route.source
        if lang not in by_lang:
            by_lang[lang] = DocumentNames([p.source for p in plans], lang)
        par.names = [by_lang[lang].spans(s.text) for s in par.sentences]


def _source_language(lang: str, doc_lang: str, params: TranslateParams) -> str | None:
    """The language to translate from; None for target-language text."""
    if lang == UNDETERMINED and params.undetermined == "document":
        lang = doc_lang
    if lang == UNDETERMINED:
        return UNDETERMINED
    return None if to_argos(lang) == to_argos(params.target) else lang


def _attach_route(plan: ParagraphPlan, lang: str, params: TranslateParams, resolver: RouteResolver) -> None:
    route = resolver.route(lang)
    if isinstance(route, MissingModel):
        if params.on_missing_model == "fail":
            raise StageError(str(route))
        plan.action, plan.missing = UNTRANSLATED, route
        return
    plan.route = route
    plan.sentences = split_sentences(plan.source, to_argos(lang), params.splitter, params.max_sentence_chars)


def route_identity(doc: Document, params: TranslateParams, resolver: RouteResolver) -> dict[str, Any]:
    """The models this document would be translated with: part of the cache
    key, so installing a package re-translates what was kept untranslated."""
    try:
        doc_lang, langs = paragraph_languages(doc)
    except StageError:
        return {}
    identity: dict[str, Any] = {}
    segment_langs = {lang for segments in paragraph_segments(doc) for _, _, lang in segments}
    for lang in sorted(set(langs) | segment_langs):
        source = _source_language(lang, doc_lang, params)
        if source is None or source == UNDETERMINED:
            continue
        route = resolver.route(source)
        identity[source] = None if isinstance(route, MissingModel) else [route.key, list(route.models)]
    return identity
