"""The `argos` engine: installed Argos packages run with CTranslate2 and
sentencepiece directly.

argostranslate translates one paragraph per `translate_batch` call with a 32
token batch and a flat 256-token decoding limit; here the sentences of a whole
chunk of documents are tokenized together, sorted into padding-aware batches,
decoded with a limit tied to their length, and checked for truncation and
loops. Search settings and detokenization follow argostranslate, so a package
gives the same words here as there (tests/test_translate_equivalence.py).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.translate import guards as guard
from pipeline.translate.batching import plan_batches
from pipeline.translate.engines import ModelRoute, SentenceResult
from pipeline.translate.packages import (ArgosPackage, argos_import_error, find_route,
                                         installed_packages, model_stat, packages_dir)
from pipeline.translate.params import ArgosOptions, GuardOptions

# Loaded once per process: the runner builds the stage once per worker.
_TRANSLATORS: dict[tuple, Any] = {}
_TOKENIZERS: dict[str, Any] = {}


def load_translator(model_dir: Path, options: ArgosOptions):
    inter = options.inter_threads or _default_inter_threads(options.device)
    key = (str(model_dir), options.device, options.compute_type, inter, options.intra_threads)
    if key not in _TRANSLATORS:
        try:
            import ctranslate2
        except ImportError as exc:
            raise argos_import_error(exc) from exc
        _TRANSLATORS[key] = ctranslate2.Translator(
            str(model_dir), device=options.device, compute_type=options.compute_type,
            inter_threads=inter, intra_threads=options.intra_threads)
    return _TRANSLATORS[key]


def _default_inter_threads(device: str) -> int:
    if device == "cuda":
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, cores))


def load_tokenizer(model_file: Path):
    key = str(model_file)
    if key not in _TOKENIZERS:
        try:
            import sentencepiece
        except ImportError as exc:
            raise argos_import_error(exc) from exc
        _TOKENIZERS[key] = sentencepiece.SentencePieceProcessor(model_file=key)
    return _TOKENIZERS[key]


def detokenize(processor, pieces: list[str]) -> str:
    """argostranslate's SentencePieceTokenizer.decode, leading blank removed as
    in its apply_packaged_translation: it also turns '_' into a blank."""
    text = processor.decode_pieces(pieces).replace("▁", " ").replace("_", " ")
    return text[1:] if text.startswith(" ") else text


class ArgosEngine:
    name = "argos"

    def __init__(self, options: ArgosOptions, guards: GuardOptions):
        self.options, self.guards = options, guards
        self._packages: list[ArgosPackage] | None = None
        self._unavailable: str | None = None

    @property
    def directory(self) -> Path:
        return packages_dir(self.options.packages_dir)

    def packages(self) -> list[ArgosPackage]:
        if self._packages is None:
            try:
                self._packages = installed_packages(self.directory)
            except RuntimeError as exc:  # argostranslate missing: the engine has no models
                self._unavailable = str(exc)
                self._packages = []
        return self._packages

    def inventory(self) -> list[list[object]]:
        """What is installed, cheaply: part of the document memo's key."""
        return [[p.name, p.version, str(p.path), model_stat(p.path)] for p in self.packages()]

    def find_route(self, source: str, target: str) -> ModelRoute | None:
        route = find_route(source, target, self.packages(), self.options.allow_pivot)
        if route is None:
            return None
        return ModelRoute("argos", source, target, tuple(p.describe() for p in route), tuple(route))

    def missing_reason(self, source: str, target: str) -> str:
        if self._unavailable:
            return f"argos: unavailable ({self._unavailable})"
        how = "directly or through a pivot language" if self.options.allow_pivot else "directly"
        return f"argos: no installed package translates {source}→{target} {how}"

    def translate(self, route: ModelRoute, sentences: list[str]) -> list[SentenceResult]:
        texts, warnings = sentences, [[] for _ in sentences]
        for pkg in route.handle:
            results = self._translate_hop(pkg, texts)
            prefix = f"{pkg.name}: " if len(route.handle) > 1 else ""
            for notes, result in zip(warnings, results):
                notes.extend(prefix + w for w in result.warnings)
            texts = [r.text for r in results]
        return [SentenceResult(r.text, r.pieces, notes) for r, notes in zip(results, warnings)]

    def join(self, route: ModelRoute, results: list[SentenceResult]) -> str:
        """Detokenize the paragraph's pieces together, as argostranslate does
        (a piece without a leading '▁' joins the previous sentence's word)."""
        processor = load_tokenizer(route.handle[-1].path / "sentencepiece.model")
        return detokenize(processor, [p for r in results for p in (r.pieces or [])])

    def _translate_hop(self, pkg: ArgosPackage, texts: list[str]) -> list[SentenceResult]:
        processor = load_tokenizer(pkg.path / "sentencepiece.model")
        translator = load_translator(pkg.path / "model", self.options)
        sources, notes = self._encode(processor, texts)
        outputs = self._guarded_decode(translator, pkg, sources, notes)
        results = []
        for (pieces, _), extra in zip(outputs, notes):
            results.append(SentenceResult(detokenize(processor, pieces), pieces, extra))
        return results

    def _encode(self, processor, texts: list[str]) -> tuple[list[list[str]], list[list[str]]]:
        sources = processor.encode(texts, out_type=str)
        notes: list[list[str]] = [[] for _ in texts]
        limit = self.options.max_input_tokens
        for i, pieces in enumerate(sources):
            if len(pieces) > limit:
                sources[i] = pieces[:limit]
                notes[i].append(f"input_truncated:{len(pieces)}>{limit}_tokens")
        return sources, notes

    def _guarded_decode(self, translator, pkg, sources, notes) -> list[tuple[list[str], bool]]:
        """Decode, then re-decode truncated or looping sentences with
        repetition penalties; the verdict and the outcome go into the notes."""
        outputs = self._decode(translator, pkg, sources, range(len(sources)), retry=False)
        failing = self._failing(sources, outputs, range(len(sources)))
        flagged = sorted(failing)
        for index in flagged:
            notes[index].extend(failing[index])
        for _ in range(self.guards.retries):
            if not failing:
                break
            indices = sorted(failing)
            for index, output in zip(indices, self._decode(translator, pkg, sources, indices, retry=True)):
                outputs[index] = output
            failing = self._failing(sources, outputs, indices)
        for index in flagged:
            if self.guards.retries:
                notes[index].append("retried")
                notes[index].extend(f"{p}_after_retry" for p in failing.get(index, []))
        return outputs

    def _failing(self, sources, outputs, indices) -> dict[int, list[str]]:
        found = {}
        for index in indices:
            pieces, ended = outputs[index]
            issues = guard.problems(sources[index], pieces, ended, self.guards)
            if issues:
                found[index] = issues
        return found

    def _decode(self, translator, pkg: ArgosPackage, sources, indices, retry: bool) -> list[tuple[list[str], bool]]:
        """Translate sources[indices] in length-sorted batches; returns
        (pieces without the end token, whether the end token was produced)."""
        indices = list(indices)
        lengths = [len(sources[i]) for i in indices]
        batches = plan_batches(lengths, self.options.max_batch_tokens, self.options.max_batch_sentences)
        # Submitted asynchronously so inter_threads > 1 decodes batches in parallel.
        pending = [(batch, self._submit(translator, pkg, [sources[indices[j]] for j in batch.indices],
                                        batch.bucket, retry)) for batch in batches]
        outputs: list[tuple[list[str], bool]] = [([], True)] * len(indices)
        for batch, futures in pending:
            for position, future in zip(batch.indices, futures):
                outputs[position] = _strip(future.result().hypotheses[0], end_token(pkg.path), pkg.target_prefix)
        return outputs

    def _submit(self, translator, pkg: ArgosPackage, batch: list[list[str]], bucket: int, retry: bool):
        limit = guard.retry_limit(bucket, self.guards) if retry else guard.decoding_limit(bucket, self.guards)
        options: dict[str, Any] = dict(
            beam_size=self.options.beam_size, num_hypotheses=1, length_penalty=self.options.length_penalty,
            replace_unknowns=True, return_end_token=True, max_decoding_length=limit, max_input_length=0,
            asynchronous=True)
        if retry:
            options.update(repetition_penalty=self.guards.retry_repetition_penalty,
                           no_repeat_ngram_size=self.guards.retry_no_repeat_ngram_size)
        prefix = [[pkg.target_prefix]] * len(batch) if pkg.target_prefix else None
        return translator.translate_batch(batch, target_prefix=prefix, **options)


@lru_cache(maxsize=64)
def end_token(package_path: Path) -> str:
    """The model's end token, from the config CTranslate2's converter wrote."""
    try:
        config = json.loads((package_path / "model" / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "</s>"
    return config.get("eos_token") or "</s>"


def _strip(pieces: list[str], eos: str, target_prefix: str) -> tuple[list[str], bool]:
    ended = bool(pieces) and pieces[-1] == eos
    if ended:
        pieces = pieces[:-1]
    if target_prefix and pieces[:1] == [target_prefix]:
        pieces = pieces[1:]
    return list(pieces), ended
