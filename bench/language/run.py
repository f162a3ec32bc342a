"""Language stage: accuracy and speed of the fast paths (function words, then
CLD2) against langdetect alone, side by side on the same labelled paragraphs
and documents.

    python -m bench.language

Labelled data, none of it used to choose the thresholds' code paths:
spaCy's per-language example sentences (shipped in the spacy package, joined
into one paragraph per language), the seed articles, and the multilingual
pages of bench/boilerplate (language from the file name).
"""

from __future__ import annotations

import glob
import importlib
import time
from pathlib import Path

from pipeline.document import Document, SourceInfo
from pipeline.stages.language import LanguageParams, LanguageStage
from pipeline.text.paragraphs import split_paragraphs

REPO = Path(__file__).resolve().parents[2]
SPACY_TO_LANGDETECT = {"nb": "no", "nn": "no", "sr": "hr", "zh": "zh-cn"}


def spacy_paragraphs() -> list[tuple[str, str]]:
    import spacy

    samples = []
    for path in sorted(glob.glob(str(Path(spacy.__file__).parent / "lang" / "*" / "examples.py"))):
        code = Path(path).parent.name
        if code == "xx":
            continue
        try:
            sentences = importlib.import_module(f"spacy.lang.{code}.examples").sentences
        except Exception:  # noqa: BLE001 - some languages need extra packages
            continue
        samples.append((SPACY_TO_LANGDETECT.get(code, code), " ".join(sentences)))
    return samples


def article_paragraphs() -> list[tuple[str, str]]:
    samples = []
    for path in sorted((REPO / "seeds").iterdir()):
        lang = "nl" if path.name.startswith("003_") else "en"
        samples += [(lang, p.text) for p in split_paragraphs(path.read_text()) if len(p.text) >= 40]
    for path in sorted((REPO / "bench" / "boilerplate" / "data" / "text").glob("*.txt")):
        lang = path.name.split("_")[0]
        samples += [(lang, p.text) for p in split_paragraphs(path.read_text()) if len(p.text) >= 80]
    return samples


def short_lines() -> list[tuple[str, str]]:
    """Headline-length lines (20-80 characters) of the multilingual pages:
    few function words, so this is where CLD2 or langdetect decide."""
    samples = []
    for path in sorted((REPO / "bench" / "boilerplate" / "data" / "text").glob("*.txt")):
        lang = path.name.split("_")[0]
        for line in path.read_text().splitlines():
            text = line.partition("| ")[2].strip()  # lines are labelled "C| ..." (content) or "B| ..."
            if 20 <= len(text) < 80:
                samples.append((lang, text))
    return samples


def mixed_documents() -> list[tuple[list[str], list[str]]]:
    """English articles with one foreign paragraph inserted in the middle, and
    the reverse: (paragraph languages, paragraphs) per document. This is where
    the fast path's document prior could hide a foreign paragraph."""
    samples = article_paragraphs()
    english = [text for lang, text in samples if lang == "en"]
    foreign = [(lang, text) for lang, text in samples if lang != "en"]
    docs = []
    for number, (lang, text) in enumerate(foreign):
        start = (number * 5) % max(1, len(english) - 6)
        body = english[start:start + 6]
        docs.append((["en"] * 3 + [lang] + ["en"] * 3, body[:3] + [text] + body[3:]))
    return docs


def mixed_accuracy(stage: LanguageStage) -> tuple[float, float]:
    """(share of inserted foreign paragraphs found, share of all paragraphs right)."""
    found = right = total = 0
    for langs, paragraphs in mixed_documents():
        doc = Document("d", "\n".join(paragraphs), SourceInfo("a.txt", "0", 0))
        got = [p["lang"] for p in stage.process(doc).annotations["paragraphs"]]
        found += got[3] == langs[3]
        right += sum(g == want for g, want in zip(got, langs))
        total += len(langs)
    return found / len(mixed_documents()), right / total


def accuracy(stage: LanguageStage, samples: list[tuple[str, str]]) -> tuple[float, float]:
    started = time.perf_counter()
    correct = sum(stage.identify(text)[0] == lang for lang, text in samples)
    return correct / len(samples), (time.perf_counter() - started) / len(samples) * 1000


def document_speed(stage: LanguageStage, repeats: int = 30) -> float:
    text = (REPO / "seeds" / "001_f0fbc5df84bc32dc.txt").read_text()
    doc = Document("d", text, SourceInfo("a.txt", "0", len(text)))
    stage.process(doc)
    started = time.perf_counter()
    for _ in range(repeats):
        stage.process(doc)
    return (time.perf_counter() - started) / repeats * 1000


VARIANTS = {
    "langdetect": LanguageParams(fast_path=False),
    "words+ld": LanguageParams(fast_path=True, compact_detector=False),
    "words+cld2+ld": LanguageParams(fast_path=True, compact_detector=True),
}


def main() -> None:
    stages = {name: LanguageStage(params) for name, params in VARIANTS.items()}
    for stage in stages.values():
        stage.identify("warm up the function-word index and the langdetect profiles")
    print("accuracy (ms per text) per variant: " + ", ".join(stages))
    for name, samples in (("spaCy examples (67 langs)", spacy_paragraphs()), ("news paragraphs", article_paragraphs()),
                          ("short lines (20-80 chars)", short_lines())):
        cells = [accuracy(stage, samples) for stage in stages.values()]
        print(f"  {name:<25} n={len(samples):<4} " + "   ".join(f"{acc:.3f} ({ms:6.2f} ms)" for acc, ms in cells))
    print(f"mixed documents ({len(mixed_documents())}), foreign paragraph found / all paragraphs right:")
    for name, stage in stages.items():
        found, right = mixed_accuracy(stage)
        print(f"  {name:<15} {found:.3f} / {right:.3f}")
    methods: dict[str, int] = {}
    for _, text in article_paragraphs():
        method = stages["words+cld2+ld"].identify(text)[2]
        methods[method] = methods.get(method, 0) + 1
    print(f"news paragraphs decided by (words+cld2+ld): {methods}")
    speeds = {name: document_speed(stage) for name, stage in stages.items()}
    base = speeds["langdetect"]
    print("whole stage on a 3 KB English article: " + ", ".join(
        f"{name} {ms:.2f} ms ({base / ms:.0f}x)" for name, ms in speeds.items()))


if __name__ == "__main__":
    main()
