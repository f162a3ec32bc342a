"""Despin stage: detect synonym-spun English and restore the original words.

The work lives in `pipeline.despin`; this module maps parameters to it,
chooses which paragraphs are English (language annotation), applies the edits
of paragraphs judged spun and writes the provenance record.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, ClassVar, Literal

from pydantic import Field

from pipeline.document import Document
from pipeline.hashing import sha256_bytes, stable_hash
from pipeline.stages.base import Stage, StageError, StageOutput, StageParams
from pipeline.text.paragraphs import Paragraph, split_paragraphs

Layer = Literal["braces", "lexicon", "wordnet", "names", "articles", "trigram"]


class DespinParams(StageParams):
    threshold: float = Field(
        4.0, ge=0, description="Document spin score (evidence per 100 words) from which a document counts "
        "as spun; chosen between clean and spun text in bench/despin.")
    paragraph_threshold: float = Field(
        0.0, ge=0, description="Paragraph spin score from which a paragraph of a spun document is repaired "
        "(0: every English paragraph of a spun document).")
    standalone_threshold: float = Field(
        15.0, ge=0, description="Paragraph spin score from which a paragraph is repaired even in a document "
        "that is not spun as a whole (a spun passage pasted into clean text).")
    min_confidence: float = Field(
        0.8, ge=0, le=1, description="Lexicon and brace edits below this confidence are not applied.")
    # 0.9 since session 16 (0.95 before the trigram layer checked each
    # choice): on WordNet-spun text the 0.9 edits are right as often as the
    # 0.95 ones, and no clean text of the bench or the extra checks changes
    wordnet_min_confidence: float = Field(
        0.9, ge=0, le=1, description="WordNet edits below this confidence are neither applied nor counted as "
        "evidence (WordNet proposes more, and less reliable, repairs than the lexicon).")
    screen_strong_rate: float = Field(
        0.5, ge=0, description="Screening: strong spun forms per 100 words from which a document is analysed "
        "in full (below this and below screen_suspicious_rate it passes through untouched, fast).")
    # 7 since session 16. It was 9 because at 7 % a short clean paragraph (53
    # words, 4 suspicious) was analysed, scored over the threshold and edited;
    # min_words_weak_evidence now keeps such short texts from being judged
    # spun, and at 7 % no clean text of bench/despin or of the extra checks
    # changes, while twice as many lightly spun documents are analysed.
    screen_suspicious_rate: float = Field(
        7.0, ge=0, description="Screening: share (%) of words with a much more frequent WordNet synonym from "
        "which a document is analysed in full. Set the three screening rates to 0 to analyse everything.")
    min_words_weak_evidence: int = Field(
        150, ge=0, description="Texts shorter than this (in words) with no strong spun form are never treated "
        "as spun: the rates of weak signals are noise on so few words.")
    screen_lexicon_form_rate: float = Field(
        15.0, ge=0, description="Screening: words per 100 that the lexicon knows as spun forms, from which a "
        "document is analysed in full.")
    layers: tuple[Layer, ...] = Field(
        ("braces", "lexicon", "wordnet", "names", "articles", "trigram"),
        description="Repair layers that are on: braces (unresolved {a|b} spin syntax), lexicon (hand-made and "
        "extra lexicons), wordnet (WordNet synonyms scored by word-pair frequencies), names (after a first name, "
        "a known surname is kept and a lexicon form with a surname among its originals takes it: 'Alex Corridor' "
        "-> 'Alex Hall'; needs the lexicon layer), articles (a/an agreement), "
        "trigram (each lexicon or WordNet choice checked again by a trigram model of English: the two words before, the "
        "word after).")
    trigram_margin: float = Field(
        0.4, ge=0, description="The trigram layer keeps the written words where its best reading beats the next "
        "one (keeping them, or another original) by less than this log10 margin: such near-ties were right about "
        "half the time. 0: always take the best reading (more recall, less precision).")
    extra_lexicons: tuple[str, ...] = Field(
        (), description="Extra lexicon YAML files (same sections as pipeline/despin/lexicon.yaml); relative paths: to "
        "the config file's directory. A missing file is a config error.")
    builtin_lexicon: bool = Field(True, description="Use the lexicon shipped with the package.")
    english_only: bool = Field(
        True, description="Only touch paragraphs the language stage marked English (or undetermined).")


@lru_cache(maxsize=8)
def _despinner(layers: tuple[str, ...], lexicons: tuple[str, ...], builtin: bool,
               trigram_margin: float = DespinParams.model_fields["trigram_margin"].default):
    """The repairer for these settings (one per process and settings)."""
    from pipeline.despin.context_check import RecheckWeights  # noqa: PLC0415
    from pipeline.despin.language_model import load_bigram_model  # noqa: PLC0415 - heavy data
    from pipeline.despin.lexicon import cached_lexicon  # noqa: PLC0415
    from pipeline.despin.repair import Despinner  # noqa: PLC0415

    return Despinner(load_bigram_model(), cached_lexicon(lexicons, builtin), layers,
                     recheck_weights=RecheckWeights(abstain_margin=trigram_margin))


@lru_cache(maxsize=8)
def _screen(layers: tuple[str, ...], lexicons: tuple[str, ...], builtin: bool):
    """The cheap first look for these layers. It reads only the lexicon and
    the suspicious-word list (both cached on disk), so a corpus of clean text
    never loads the word-pair model or the WordNet tables."""
    from pipeline.despin.candidates import LatticeCosts  # noqa: PLC0415
    from pipeline.despin.lexicon import SpinLexicon, cached_lexicon  # noqa: PLC0415
    from pipeline.despin.screen import Screen  # noqa: PLC0415
    from pipeline.despin.tables import suspicious_table  # noqa: PLC0415

    lex = cached_lexicon(lexicons, builtin) if "lexicon" in layers else SpinLexicon()
    return Screen(lex, suspicious_table(LatticeCosts()) if "wordnet" in layers else None)


class DespinStage(Stage):
    name: ClassVar[str] = "despin"
    version: ClassVar[str] = "8"  # 8: names layer (surnames after first names); 7: inflected forms of compound and particle phrase entries; 6: dotted words ("p.c"), strong phrases first, one strong form counts once per document; 5: the trigram layer abstains on near-ties; 4: trigram layer; 3: lexicon family from 16.5 % lexicon forms; WordNet evidence for its borderline documents
    description: ClassVar[str] = "Detect synonym-spun English text and restore the original wording"
    Params: ClassVar[type[StageParams]] = DespinParams

    def __init__(self, params: StageParams | None = None):
        super().__init__(params)
        self._resources: str | None = None

    def environment_fingerprint(self) -> Any:
        """The data the repairs come from: the lexicon files' contents, the
        WordNet and trigram files' sizes and dates, the word-pair and name-list
        (Faker) package versions. A changed lexicon (built-in or extra) or an
        upgraded WordNet or package invalidates cached results."""
        if self._resources is None:
            self._resources = _resource_fingerprint(self.params)  # type: ignore[arg-type]
        return self._resources

    def input_fingerprint(self, doc: Document) -> str:
        return stable_hash({"input": super().input_fingerprint(doc), "resources": self.environment_fingerprint()})

    def process(self, doc: Document) -> StageOutput:
        from pipeline.despin.detector import spinner_family  # noqa: PLC0415

        p: DespinParams = self.params  # type: ignore[assignment]
        screen = self._screen(tuple(p.layers))
        paragraphs, skipped = self._english_paragraphs(doc)
        texts = [para.text for para in paragraphs]
        first_look, strong_spans = screen.scan("\n".join(texts))
        if (first_look.strong_rate < p.screen_strong_rate and first_look.suspicious_rate < p.screen_suspicious_rate
                and first_look.lexicon_form_rate < p.screen_lexicon_form_rate):
            return self._screened_out(doc, first_look, skipped)
        # Rates over a few dozen words are noise: without a single strong
        # spinner form, a short text never counts as spun (clean text must
        # never be edited; hypothesis found 44-word clean texts at 11 %).
        if first_look.strong_hits == 0 and first_look.words < p.min_words_weak_evidence:
            return self._screened_out(doc, first_look, skipped)
        family = spinner_family(first_look)
        other = "wordnet" if family == "lexicon" else "lexicon"
        despinner = self._despinner(tuple(layer for layer in p.layers if layer != other))
        analyses = [despinner.analyze(para.text, screen.lexicon_words) for para in paragraphs]
        analyses = _with_document_surnames(despinner, texts, analyses, screen.lexicon_words)
        strong = screen.strong_counts(texts, strong_spans)
        doc_score, doc_spun, records, edits = self._decide(paragraphs, analyses, strong, first_look.strong_kinds)
        wordnet_evidence = False
        if not doc_spun and family == "lexicon" and "wordnet" in p.layers:
            # The lexicon knows only part of its spinner's forms, so an article
            # on another topic can fall short on lexicon evidence alone. WordNet's
            # confident repairs, which decide a WordNet-family document, count as
            # evidence here too (spun or not no longer hangs on the family); the
            # repairs stay the lexicon's. Only for documents not already spun:
            # it costs a second analysis (bench.despin.coverage measures it).
            wordnet = self._despinner(tuple(layer for layer in p.layers if layer != "lexicon"))
            extra = [len(wordnet.analyze(text, screen.lexicon_words).confident_edits(p.wordnet_min_confidence,
                                                                                      "wordnet")) for text in texts]
            doc_score, doc_spun, records, edits = self._decide(paragraphs, analyses, strong, first_look.strong_kinds,
                                                               extra)
            wordnet_evidence = True
        detail = {
            "screen": first_look.to_dict(), "screened_out": False, "spin_score": doc_score,
            "threshold": p.threshold, "spun": doc_spun, "spinner_family": family,
            "wordnet_evidence": wordnet_evidence,
            "paragraph_threshold": p.paragraph_threshold, "standalone_threshold": p.standalone_threshold,
            "min_confidence": p.min_confidence, "wordnet_min_confidence": p.wordnet_min_confidence,
            "layers": list(p.layers), "skipped_paragraphs": skipped, "paragraphs": records,
            "edits": [e.to_dict(base) for base, e in edits],
        }
        annotations = {"spun": doc_spun, "spin_score": doc_score, "spinner_family": family, "edits": len(edits)}
        return StageOutput(text=_apply(doc.text, edits), detail=detail, annotations=annotations)

    def _decide(self, paragraphs: list[Paragraph], analyses: list, strong: list[int], strong_kinds: int,
                wordnet_repairs: list[int] | None = None):
        """Document verdict, one record per paragraph, and the edits to apply
        as (paragraph offset, Edit) pairs; `strong`: each paragraph's strong
        spun forms (Screen.strong_count); `strong_kinds`: how many different
        ones the document has; `wordnet_repairs`: each paragraph's confident
        WordNet repairs when the analyses lack that layer."""
        from pipeline.despin.detector import (  # noqa: PLC0415
            Evidence, Thresholds, document_evidence, paragraph_decision)

        p: DespinParams = self.params  # type: ignore[assignment]
        evidence = []
        for k, (analysis, strong_hits) in enumerate(zip(analyses, strong)):
            wordnet_edits = (wordnet_repairs[k] if wordnet_repairs is not None
                             else len(analysis.confident_edits(p.wordnet_min_confidence, "wordnet")))
            evidence.append(Evidence(analysis.words, strong_hits, wordnet_edits, analysis.lexicon_forms))
        doc_evidence = document_evidence(evidence, strong_kinds)
        doc_spun = bool(analyses) and doc_evidence.score >= p.threshold
        t = Thresholds(p.threshold, p.paragraph_threshold, p.standalone_threshold)
        records, edits = [], []
        for para, analysis, ev in zip(paragraphs, analyses, evidence):
            repair, why = paragraph_decision(ev, doc_spun, t)
            edits += [(para.start, e) for e in self._trusted(analysis)] if repair else []
            records.append({"index": para.index, "words": ev.words, "strong_hits": ev.strong,
                            "lexicon_forms": ev.lexicon_forms, "wordnet_repairs": ev.wordnet_edits,
                            "proposed_edits": len(analysis.edits), "score": ev.score,
                            "repaired": repair, "reason": why})
        return doc_evidence.score, doc_spun, records, edits

    def _screened_out(self, doc: Document, first_look, skipped: list[dict]) -> StageOutput:
        p: DespinParams = self.params  # type: ignore[assignment]
        detail = {"screen": first_look.to_dict(), "screened_out": True, "spun": False, "spin_score": None,
                  "threshold": p.threshold, "skipped_paragraphs": skipped, "edits": []}
        annotations = {"spun": False, "spin_score": None, "spinner_family": None, "edits": 0}
        return StageOutput(text=doc.text, detail=detail, annotations=annotations)

    def _despinner(self, layers: tuple[str, ...]):
        """The repairer for these layers (resources load once per process).
        A spun document is decided with the layers its spinner family trusts
        only, so the other layer's alternatives cannot sway neighbouring words."""
        from pipeline.despin.lexicon import LexiconError  # noqa: PLC0415
        from pipeline.despin.wordnet_data import WordNetMissing  # noqa: PLC0415

        p: DespinParams = self.params  # type: ignore[assignment]
        try:
            return _despinner(layers, tuple(p.extra_lexicons), p.builtin_lexicon, p.trigram_margin)
        except (LexiconError, WordNetMissing, RuntimeError) as exc:
            raise StageError(str(exc)) from exc

    def _screen(self, layers: tuple[str, ...]):
        from pipeline.despin.lexicon import LexiconError  # noqa: PLC0415
        from pipeline.despin.wordnet_data import WordNetMissing  # noqa: PLC0415

        p: DespinParams = self.params  # type: ignore[assignment]
        try:
            return _screen(layers, tuple(p.extra_lexicons), p.builtin_lexicon)
        except (LexiconError, WordNetMissing, RuntimeError) as exc:
            raise StageError(str(exc)) from exc

    def _trusted(self, analysis) -> list:
        p: DespinParams = self.params  # type: ignore[assignment]
        floor = {"lexicon": p.min_confidence, "wordnet": p.wordnet_min_confidence, "braces": p.min_confidence}
        return [e for e in analysis.edits if e.basis in floor and e.confidence >= floor[e.basis]]

    def _english_paragraphs(self, doc: Document) -> tuple[list[Paragraph], list[dict]]:
        """Paragraphs to examine, and the skipped ones with the reason. The
        language stage's per-paragraph verdicts are used when they still line
        up with the text (same paragraph count); otherwise the document's."""
        paragraphs = split_paragraphs(doc.text)
        if not self.params.english_only:  # type: ignore[attr-defined]
            return paragraphs, []
        language = doc.annotations.get("language") or {}
        verdicts = language.get("paragraphs") or []
        if len(verdicts) == len(paragraphs):
            langs = [v.get("lang", "und") for v in verdicts]
        else:
            langs = [language.get("lang", "und")] * len(paragraphs)
        keep = [para for para, lang in zip(paragraphs, langs) if lang in ("en", "und")]
        skipped = [{"index": para.index, "lang": lang} for para, lang in zip(paragraphs, langs)
                   if lang not in ("en", "und")]
        return keep, skipped


def _with_document_surnames(despinner, texts: list[str], analyses: list, lexicon_words) -> list:
    """A surname the names layer read after a first name ("Helen Value" ->
    *Price*) is read the same where it stands alone ("Value said"), in any
    paragraph: those that hold it once more than their own first-name
    readings are analysed again with the document's readings."""
    known: dict = {}
    for analysis in analyses:
        for written, surname in analysis.surnames.items():
            known.setdefault(written, surname)
    if not known:
        return analyses
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(known))) + r")\b")
    return [despinner.analyze(text, lexicon_words, known)
            if len(pattern.findall(text)) > len(analysis.surnames) else analysis
            for text, analysis in zip(texts, analyses)]


def _apply(text: str, edits: list) -> str:
    """Apply (paragraph offset, Edit) pairs; edits never overlap, and
    everything outside them stays byte-identical."""
    out, cursor = [], 0
    for base, edit in sorted(edits, key=lambda pair: pair[0] + pair[1].start):
        start, end = base + edit.start, base + edit.end
        if start < cursor:
            continue  # defensive: an overlapping edit is dropped, never merged
        out.append(text[cursor:start])
        out.append(edit.after)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _resource_fingerprint(params: DespinParams) -> str:
    from pathlib import Path  # noqa: PLC0415

    from pipeline.despin.lexicon import BUILTIN_LEXICON  # noqa: PLC0415
    from pipeline.despin.tables import file_stamps  # noqa: PLC0415
    from pipeline.despin.wordnet_data import POS_FILES, WordNetMissing, find_wordnet_dir  # noqa: PLC0415

    lexicons = ([str(BUILTIN_LEXICON)] if params.builtin_lexicon else []) + list(params.extra_lexicons)
    contents = []
    for path in lexicons:
        try:
            contents.append(sha256_bytes(Path(path).read_bytes()))
        except OSError:
            contents.append(None)  # the stage reports the missing file when it loads
    try:
        folder = find_wordnet_dir()
        wordnet = file_stamps(sorted(folder / f"{kind}.{pos}" for pos in POS_FILES.values()
                                     for kind in ("data", "index")))
    except WordNetMissing:
        wordnet = None
    from importlib.metadata import version  # noqa: PLC0415

    trigram = None
    if "trigram" in params.layers:
        from pipeline.despin.trigram import TrigramMissing, default_model_path  # noqa: PLC0415

        try:
            trigram = file_stamps([default_model_path()])
        except (TrigramMissing, OSError):
            pass  # the stage reports the missing model when it loads
    names = version("faker") if "names" in params.layers else None
    return stable_hash({"lexicons": contents, "wordnet": wordnet, "word_pairs": version("symspellpy"),
                        "trigram": trigram, "names": names})
