"""Translate a chunk of documents together.

Sentences of every document are grouped by route (one model, or one pivot
chain) and each group goes to its engine in one call, so batches fill up
across paragraphs and documents. A failure stays with its document: when a
group fails, its documents are retried one by one and only the culprit fails.
"""

from __future__ import annotations

from typing import Sequence

from pipeline.document import Document
from pipeline.stages.base import StageError, StageOutput
from pipeline.translate.assemble import assemble
from pipeline.translate.engines import Engine, ModelRoute
from pipeline.translate.params import TranslateParams
from pipeline.translate.plan import TRANSLATE, DocumentPlan, ParagraphPlan, RouteResolver, leaves, plan_document
from pipeline.translate.protect import mask, unmask


def translate_chunk(docs: Sequence[Document], params: TranslateParams, engines: dict[str, Engine],
                    resolver: RouteResolver) -> list[StageOutput | BaseException]:
    plans: list[DocumentPlan | BaseException] = []
    for doc in docs:
        try:
            plans.append(plan_document(doc, params, resolver))
        except Exception as exc:  # noqa: BLE001 - isolated per document
            plans.append(exc)
    live = [p for p in plans if isinstance(p, DocumentPlan)]
    for members in _groups(live).values():
        _translate_group(members[0][1].route, members, engines)
    return [_finish(p, engines, params) for p in plans]


def _groups(plans: list[DocumentPlan]) -> dict[str, list[tuple[DocumentPlan, ParagraphPlan]]]:
    """Paragraphs by route key: the same models, whatever the source code."""
    groups: dict[str, list[tuple[DocumentPlan, ParagraphPlan]]] = {}
    for plan in plans:
        for par in leaves(plan.paragraphs):
            if par.action == TRANSLATE and par.sentences:
                groups.setdefault(par.route.key, []).append((plan, par))
    return groups


def _translate_group(route: ModelRoute, members: list[tuple[DocumentPlan, ParagraphPlan]],
                     engines: dict[str, Engine]) -> None:
    try:
        _run(route, [par for _, par in members], engines)
        return
    except Exception:  # noqa: BLE001 - narrowed down per document below
        pass
    by_doc: dict[int, list[ParagraphPlan]] = {}
    owners = {}
    for plan, par in members:
        by_doc.setdefault(id(plan), []).append(par)
        owners[id(plan)] = plan
    for key, paragraphs in by_doc.items():
        try:
            _run(route, paragraphs, engines)
        except Exception as exc:  # noqa: BLE001 - isolated per document
            owners[key].error = StageError(f"{route.engine} translation with {route.key} failed: {exc}")


def _run(route: ModelRoute, paragraphs: list[ParagraphPlan], engines: dict[str, Engine]) -> None:
    sentences = [s.text for par in paragraphs for s in par.sentences]
    spans = [par.names[i] if par.names else [] for par in paragraphs for i in range(len(par.sentences))]
    engine = engines[route.engine]
    if any(spans):
        results, kept = _translate_masked(route, engine, sentences, spans)
    else:
        results, kept = _translate(route, engine, sentences), [[] for _ in sentences]
    cursor = 0
    for par in paragraphs:
        par.results = results[cursor:cursor + len(par.sentences)]
        par.kept_names = kept[cursor:cursor + len(par.sentences)]
        cursor += len(par.sentences)


def _translate(route: ModelRoute, engine: Engine, sentences: list[str]) -> list:
    results = engine.translate(route, sentences)
    if len(results) != len(sentences):
        raise RuntimeError(f"{len(sentences)} sentences in, {len(results)} translations out")
    return results


def _translate_masked(route: ModelRoute, engine: Engine, sentences: list[str],
                      spans: list[list[tuple[int, int]]]) -> tuple[list, list[list[str]]]:
    """Names masked with the engine's placeholders and restored; a sentence
    whose placeholders did not come back intact is translated again as it is."""
    placeholders = engine.name_placeholders(route) if hasattr(engine, "name_placeholders") else ()
    masked = [mask(text, found, placeholders) for text, found in zip(sentences, spans)]
    results = _translate(route, engine, [m.text for m in masked])
    kept: list[list[str]] = []
    retry = []
    for i, (result, m) in enumerate(zip(results, masked)):
        restored = unmask(result.text, m) if m.names else result.text
        if restored is None:
            retry.append(i)
            kept.append([])
            continue
        result.text = restored  # protect_names only lists engines that join sentences by text
        kept.append([original for _, original in m.names])
    if retry:
        for i, result in zip(retry, _translate(route, engine, [sentences[i] for i in retry])):
            results[i] = result
    return results, kept


def _finish(plan: DocumentPlan | BaseException, engines: dict[str, Engine], params: TranslateParams):
    if isinstance(plan, BaseException):
        return plan
    if plan.error is not None:
        return plan.error
    try:
        return assemble(plan, engines, params.target, params.localize_numbers)
    except Exception as exc:  # noqa: BLE001 - isolated per document
        return exc
