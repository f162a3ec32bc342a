"""Language stage: accuracy and speed of the function-word fast path against
langdetect alone, side by side on the same labelled paragraphs and documents.

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


def main() -> None:
    fast, slow = LanguageStage(LanguageParams(fast_path=True)), LanguageStage(LanguageParams(fast_path=False))
    fast.identify("warm up the function-word index"), slow.identify("warm up the langdetect profiles")
    print("set                        n   langdetect acc  fast-path acc   ms/text ld   ms/text fast")
    for name, samples in (("spaCy examples (67 langs)", spacy_paragraphs()), ("news paragraphs", article_paragraphs())):
        (acc_slow, ms_slow), (acc_fast, ms_fast) = accuracy(slow, samples), accuracy(fast, samples)
        print(f"{name:<25} {len(samples):>4}   {acc_slow:>13.3f}  {acc_fast:>13.3f}   {ms_slow:>10.2f}   {ms_fast:>12.2f}")
    (found_slow, all_slow), (found_fast, all_fast) = mixed_accuracy(slow), mixed_accuracy(fast)
    print(f"mixed documents ({len(mixed_documents())}): foreign paragraph found: langdetect {found_slow:.3f}, "
          f"fast path {found_fast:.3f}; all paragraphs right: langdetect {all_slow:.3f}, fast path {all_fast:.3f}")
    decided = sum(fast.identify(text)[2] == "function-words" for _, text in article_paragraphs())
    print(f"news paragraphs decided by function words: {decided} of {len(article_paragraphs())}")
    ms_slow, ms_fast = document_speed(slow), document_speed(fast)
    print(f"whole stage on a 3 KB English article: langdetect {ms_slow:.1f} ms, fast path {ms_fast:.1f} ms "
          f"-> {ms_slow / ms_fast:.1f}x faster")


if __name__ == "__main__":
    main()
