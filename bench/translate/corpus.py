"""The benchmark's inputs: news-length Dutch-like sentences drawn from
wordfreq's Dutch frequency list, grouped into documents, and an Argos package
with OPUS-MT base dimensions and random weights whose vocabulary is a
sentencepiece model trained on that text. Built once and cached."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from pipeline.translate.synthetic import OPUS_MT_BASE, build_package, pack_argosmodel

SENTENCES_PER_DOC = 20


def sentences(count: int, seed: int = 7) -> list[str]:
    """Sentences of 8-40 words (news articles average about 20), words drawn
    by their Dutch frequency, a comma now and then, capitalised, full stop."""
    import wordfreq

    words = wordfreq.top_n_list("nl", 20000)
    weights = [wordfreq.word_frequency(w, "nl") for w in words]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        length = max(8, min(40, int(rng.gauss(21, 7))))
        picked = rng.choices(words, weights, k=length)
        text = " ".join(w + ("," if rng.random() < 0.06 else "") for w in picked).rstrip(",")
        out.append(text[0].upper() + text[1:] + ".")
    return out


def documents(all_sentences: list[str], seed: int = 11) -> list[list[list[str]]]:
    """Documents of SENTENCES_PER_DOC sentences, as paragraphs of 1-4
    sentences (doc → paragraph → sentence)."""
    rng = random.Random(seed)
    docs = []
    for start in range(0, len(all_sentences), SENTENCES_PER_DOC):
        chunk, paragraphs = all_sentences[start:start + SENTENCES_PER_DOC], []
        while chunk:
            take = rng.randint(1, 4)
            paragraphs.append(chunk[:take])
            chunk = chunk[take:]
        docs.append(paragraphs)
    return docs


def benchmark_package(cache: Path, vocab_size: int) -> Path:
    """The .argosmodel file, built on first use (a minute or two)."""
    archive = cache / f"translate-nl_en-bench-v{vocab_size}.argosmodel"
    if archive.is_file():
        return archive
    cache.mkdir(parents=True, exist_ok=True)
    import wordfreq

    corpus = sentences(60000, seed=3) + wordfreq.top_n_list("nl", 50000) + wordfreq.top_n_list("en", 20000)
    # The end token can never win: every sentence decodes to the pinned length.
    package = build_package(cache / "build", "nl", "en", corpus, vocab_size=vocab_size, shape=OPUS_MT_BASE,
                            seed=5, eos_bias=-1e4, quantization="int8")
    pack_argosmodel(package, archive)
    shutil.rmtree(cache / "build", ignore_errors=True)
    return archive
