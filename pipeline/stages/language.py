"""language: document and per-paragraph language.

Three detectors, cheapest first: a function-word count decides clear-cut
prose, CLD2 (compiled) decides what it calls reliable (headlines, lists, short
paragraphs), and langdetect takes the rest. langdetect samples n-grams at
random, so an unseeded detector can answer differently for the same text;
every detector here comes from a factory with a fixed seed, which makes the
stage deterministic.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

from pydantic import Field

from pipeline.document import Document
from pipeline.stages.base import Stage, StageError, StageOutput, StageParams
from pipeline.text.compact_detector import detect_compact
from pipeline.text.function_words import Opinion, opinion, opinion_from_counts, owner_counts
from pipeline.text.paragraphs import split_paragraphs
from pipeline.text.sentence_languages import mixed_segments

UNDETERMINED = "und"


class LanguageParams(StageParams):
    seed: int = Field(0, description="Seed of langdetect's sampling; fixed so that runs are reproducible.")
    threshold: float = Field(
        0.80, ge=0.0, le=1.0, description="Lowest probability accepted as a detection; below it a text is undetermined."
    )
    min_paragraph_chars: int = Field(
        40, ge=0, description="Paragraphs shorter than this take the document's language (too short to detect)."
    )
    undetermined: str = Field(
        "inherit", pattern="^(inherit|und)$",
        description="Undetermined paragraphs: 'inherit' the document's language or mark them 'und'.",
    )
    sample_chars: int = Field(
        20000, ge=100, description="Characters of the document used for its document-level detection."
    )
    fail_undetermined: bool = Field(
        False, description="Fail documents whose language cannot be determined instead of marking them 'und'."
    )
    fast_path: bool = Field(
        True, description="Decide clear-cut texts by counting function words; langdetect only for the rest "
        "(many times faster, same answers on bench/language)."
    )
    fast_min_ratio: float = Field(
        2.0, ge=1.0, description="Fast path: the best language's function-word score over the runner-up's."
    )
    fast_min_coverage: float = Field(
        0.25, ge=0.0, le=1.0, description="Fast path: share of tokens that must be the language's function words."
    )
    compact_detector: bool = Field(
        True, description="Fast path: texts the function words leave open go to CLD2 (compiled, ~100x faster than "
        "langdetect); langdetect only decides what CLD2 calls unreliable."
    )
    compact_min_percent: int = Field(
        80, ge=0, le=100, description="Fast path: share (%) of a text CLD2 must give one language to decide it."
    )
    mixed_paragraphs: bool = Field(
        True, description="Detect each sentence of a paragraph too; where they disagree (an English quote in "
        "a Spanish paragraph) the paragraph gets `segments` with their languages, which translate follows."
    )
    mixed_min_sentence_chars: int = Field(
        40, ge=10, description="Mixed paragraphs: shorter sentences are not detected on their own (too short "
        "to be reliable); they choose between the languages found in the paragraph by their function words."
    )


@lru_cache(maxsize=4)
def _factory(seed: int):
    # A private factory instead of langdetect's global one: no shared state,
    # and profiles are loaded once per process.
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(seed)
    return factory


def detect(text: str, seed: int) -> tuple[str, float]:
    """Most probable language of `text` and its probability ('und', 0 if none)."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory(seed).create()
    detector.append(text)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:  # no letters at all
        return UNDETERMINED, 0.0
    if not ranked:
        return UNDETERMINED, 0.0
    return ranked[0].lang, round(ranked[0].prob, 4)


class LanguageStage(Stage):
    name = "language"
    # 3: paragraphs whose sentences are in different languages get `segments`
    version = "3"
    description = "Document and per-paragraph language (function words, CLD2, langdetect seeded)"
    Params = LanguageParams

    def identify(self, text: str, prior: str | None = None,
                 found: Opinion | None = None) -> tuple[str, float | None, str]:
        """(language, probability or None, method) for one text. `prior` is
        the document's language: a paragraph whose function words agree with
        it needs less evidence than one that would contradict it. `found`:
        the text's function-word opinion, when the caller has it already."""
        p = self.params
        if p.fast_path:
            found = found if found is not None else opinion(text)
            if found.is_clear(min_ratio=p.fast_min_ratio, min_coverage=p.fast_min_coverage):
                return found.lang, None, "function-words"
            if prior is not None and found.lang == prior and found.is_clear(
                    min_hits=2, min_coverage=p.fast_min_coverage / 2, min_ratio=p.fast_min_ratio):
                return prior, None, "function-words"
            if p.compact_detector:
                compact = detect_compact(text, p.compact_min_percent)
                if compact is not None:
                    return compact.lang, None, "cld2"
        lang, prob = detect(text, p.seed)
        return lang, prob, "langdetect"

    def process(self, doc: Document) -> StageOutput:
        p = self.params
        pars = split_paragraphs(doc.text)
        # Each paragraph is tokenized once; the document's function-word
        # counts are the sum of its paragraphs' (when it is within the sample).
        counts = [owner_counts(par.text) for par in pars] if p.fast_path else None
        doc_found = None
        if counts is not None and len(doc.text) <= p.sample_chars:
            total: Counter = Counter()
            for owners, _ in counts:
                total.update(owners)
            doc_found = opinion_from_counts(total, sum(n for _, n in counts))
        lang, prob, method = self.identify(doc.text[: p.sample_chars], found=doc_found)
        if prob is not None and prob < p.threshold:
            if p.fail_undetermined:
                raise StageError(
                    # quoted: a bare code such as "it" or "no" reads as an English word
                    f"language undetermined (best guess {lang!r} at {prob:.2f} < threshold {p.threshold}); "
                    "lower stages.language.threshold or set fail_undetermined: false"
                )
            lang = UNDETERMINED
        paragraphs = [self._paragraph_language(par.text, lang, opinion_from_counts(*counts[i]) if counts else None)
                      | {"index": par.index} for i, par in enumerate(pars)]
        if p.mixed_paragraphs:
            known = {lang} | {x["lang"] for x in paragraphs}
            for i, (par, info) in enumerate(zip(pars, paragraphs)):
                segments = mixed_segments(par.text, info["lang"], known, self.identify, p.mixed_min_sentence_chars,
                                          p.threshold, counts[i] if counts else None)
                if segments:
                    info["segments"] = segments
        annotations = {"lang": lang, "prob": prob, "method": method, "paragraphs": paragraphs,
                       "shares": _shares(pars, paragraphs)}
        detail = {"lang": lang, "prob": prob, "method": method,
                  "paragraph_languages": sorted({x["lang"] for x in paragraphs}),
                  "paragraph_methods": dict(sorted(Counter(x["how"] for x in paragraphs).items())),
                  "mixed_paragraphs": [x["index"] for x in paragraphs if "segments" in x]}
        return StageOutput(text=doc.text, detail=detail, annotations=annotations)

    def _paragraph_language(self, text: str, doc_lang: str, found: Opinion | None = None) -> dict[str, Any]:
        p = self.params
        if len(text) < p.min_paragraph_chars:
            return {"lang": doc_lang, "prob": None, "how": "inherited"}
        lang, prob, method = self.identify(text, prior=doc_lang if doc_lang != UNDETERMINED else None, found=found)
        if prob is None:
            return {"lang": lang, "prob": None, "how": method}
        if prob >= p.threshold:
            return {"lang": lang, "prob": prob, "how": "detected"}
        fallback = doc_lang if p.undetermined == "inherit" else UNDETERMINED
        return {"lang": fallback, "prob": prob, "how": "undetermined"}


def _shares(pars: list, paragraphs: list[dict[str, Any]]) -> dict[str, float]:
    """Share of paragraph characters per language: shows mixed documents."""
    sizes: dict[str, int] = {}
    for par, info in zip(pars, paragraphs):
        sizes[info["lang"]] = sizes.get(info["lang"], 0) + len(par.text)
    total = sum(sizes.values()) or 1
    return {lang: round(size / total, 4) for lang, size in sorted(sizes.items())}
