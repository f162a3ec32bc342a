"""One measured variant per process, so each has its own peak memory and
argostranslate reads its settings from this process's environment.

    python -m bench.translate.variants {argos,stage,raw} --packages DIR ...

Prints one JSON line: sentences, seconds, sentences/s, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from bench.translate.corpus import SENTENCES_PER_DOC, documents, sentences

def run_argos(args, docs: list[list[list[str]]]) -> dict:
    """(a) argostranslate as a user calls it: translate() once per document.
    Its splitters need downloads, so ours is put in; its translator is
    wrapped only to pin the decoding length."""
    import ctranslate2
    from argostranslate import settings, translate

    from pipeline.translate.segment import split_sentences

    class OurSplitter:
        def split_sentences(self, text):
            return [s.text for s in split_sentences(text, "nl")]

    class PinnedLength:
        def __init__(self, translator):
            self.translator = translator

        def translate_batch(self, *a, **k):
            return self.translator.translate_batch(*a, **k, max_decoding_length=args.length)

    translation = translate.get_translation_from_codes("nl", "en")
    package = translation.underlying
    package.sentencizer = OurSplitter()
    package.translator = PinnedLength(ctranslate2.Translator(  # built as argostranslate builds it
        str(package.pkg.package_path / "model"), device=settings.device, compute_type=settings.compute_type,
        inter_threads=settings.inter_threads, intra_threads=settings.intra_threads))
    translation.translate("Een korte zin.")  # warm-up, not timed
    started = time.perf_counter()
    for doc in docs:
        translation.translate("\n".join(" ".join(paragraph) for paragraph in doc))
    return {"seconds": time.perf_counter() - started}


def run_stage(args, docs: list[list[list[str]]]) -> dict:
    """(b) the translate stage, chunks of `--chunk` documents as the runner
    hands them over (the default config's batch_size)."""
    from pipeline.stages.translate import TranslateStage

    # The stage runs with its defaults, except what the command line sets.
    argos = {"beam_size": args.beam, "max_batch_tokens": args.batch_tokens,
             "inter_threads": args.inter_threads, "intra_threads": args.intra_threads}
    params = TranslateStage.Params(
        argos={k: v for k, v in argos.items() if v is not None},
        guards={"length_ratio": 0, "length_extra": args.length, "max_decoding_length": args.length, "retries": 0})
    stage = TranslateStage(params)
    stage.process(_document(["Een korte zin."], "warmup"))  # loads the model, not timed
    inputs = [_document([" ".join(p) for p in doc], f"d{i}") for i, doc in enumerate(docs)]
    started = time.perf_counter()
    counted = 0
    for start in range(0, len(inputs), args.chunk):
        for result in stage.process_batch(inputs[start:start + args.chunk]):
            if isinstance(result, BaseException):
                raise result
            counted += result.detail["sentence_count"]
    return {"seconds": time.perf_counter() - started, "sentences_translated": counted}


def run_raw(args, docs: list[list[list[str]]]) -> dict:
    """(c) the limit: one translate_batch call on pre-tokenized sentences
    (the corpus's sentences themselves, not re-split from paragraphs)."""
    import ctranslate2
    import sentencepiece

    from pipeline.translate.packages import installed_packages, packages_dir

    [package] = installed_packages(packages_dir())
    processor = sentencepiece.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))
    tokens = processor.encode([s for doc in docs for paragraph in doc for s in paragraph], out_type=str)
    translator = ctranslate2.Translator(str(package.path / "model"), device="cpu", compute_type="auto",
                                        inter_threads=args.inter_threads or 1, intra_threads=args.intra_threads or 0)
    translator.translate_batch(tokens[:2], beam_size=args.beam, max_decoding_length=4)  # warm-up
    started = time.perf_counter()
    translator.translate_batch(tokens, max_batch_size=args.batch_tokens or 1024, batch_type=args.batch_type,
                               beam_size=args.beam, length_penalty=0.2, replace_unknowns=True,
                               max_decoding_length=args.length)
    return {"seconds": time.perf_counter() - started}


def _document(paragraphs: list[str], doc_id: str):
    from pipeline.document import Document, SourceInfo

    text = "\n".join(paragraphs)
    annotation = {"lang": "nl", "prob": 1.0, "paragraphs": [
        {"index": i, "lang": "nl", "prob": 1.0, "how": "detected"} for i in range(len(paragraphs))]}
    return Document(doc_id, text, SourceInfo(doc_id, "0" * 64, len(text)), annotations={"language": annotation})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("variant", choices=["argos", "stage", "raw"])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--length", type=int, default=40)
    parser.add_argument("--batch-tokens", type=int, help="raw: batch size; stage: max_batch_tokens")
    parser.add_argument("--batch-type", choices=["tokens", "examples"], default="tokens")
    parser.add_argument("--inter-threads", type=int, help="raw, stage (argos: ARGOS_INTER_THREADS)")
    parser.add_argument("--intra-threads", type=int, help="raw, stage (argos: ARGOS_INTRA_THREADS)")
    parser.add_argument("--chunk", type=int, default=32)
    parser.add_argument("--beam", type=int, default=4, help="all variants (argostranslate's default: 4)")
    parser.add_argument("--slice", type=int, default=0, help="measure slice SLICE of SLICES of the documents")
    parser.add_argument("--slices", type=int, default=1)
    args = parser.parse_args()
    docs, count = _slice(documents(sentences(args.sentences)), args.slice, args.slices)
    runner = {"argos": run_argos, "stage": run_stage, "raw": run_raw}[args.variant]
    measured = runner(args, docs)
    measured.update(variant=args.variant, sentences=count, sentences_per_s=count / measured["seconds"],
                    peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                    settings={k: v for k, v in vars(args).items() if k not in ("variant",)})
    print(json.dumps(measured))


def _slice(docs: list, index: int, slices: int) -> tuple[list, int]:
    """Documents of slice `index` of `slices`, and their sentence count (the
    corpus module builds each document from SENTENCES_PER_DOC sentences)."""
    start, end = len(docs) * index // slices, len(docs) * (index + 1) // slices
    picked = docs[start:end]
    return picked, SENTENCES_PER_DOC * len(picked)


if __name__ == "__main__":
    main()
