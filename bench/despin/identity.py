"""Byte-identical check for despin refactors: dump everything the stage
produces on a fixed set of documents, then compare two dumps.

    python -m bench.despin.identity dump before.json      # on the code before the change
    python -m bench.despin.identity dump after.json       # on the code after it
    python -m bench.despin.identity compare before.json after.json

Speed work on the despin hot loops (decoder, lattice, tokenizer) must not
change a single edit or confidence. The dump holds, for about 400 documents
(the seeds, the bench's clean articles and seed 002, both synthetic sets, the
seeds spun by both spinners, the golden and held-out cases, 300 generated
articles): the stage's text, detail and annotations under five parameter
settings (defaults, each layer family alone, screen off, screen off with
every confidence floor at 0), and every edit each paragraph analysis
proposes, with its confidence as an exact float, for the three layer sets the
stage uses. To dump another checkout's code, run the command from that
checkout (`git worktree add /tmp/base HEAD`), with the same Python.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.despin.run import CONFIGS, load_sets, make_doc
from bench.despin.spinner import spin_document
from bench.pipeline.corpus import write_corpus
from pipeline.stages.despin import DespinParams, DespinStage
from pipeline.text.paragraphs import split_paragraphs

REPO = Path(__file__).resolve().parents[2]

_SCREEN_OFF = {"screen_strong_rate": 0, "screen_suspicious_rate": 0, "screen_lexicon_form_rate": 0,
               "min_words_weak_evidence": 0}
PARAMS = {
    "default": {},
    "lexicon only": {"layers": CONFIGS["lexicon only"]},
    "wordnet only": {"layers": CONFIGS["wordnet only"]},
    "screen off": _SCREEN_OFF,
    "screen off, no floors": {**_SCREEN_OFF, "min_confidence": 0.0, "wordnet_min_confidence": 0.0, "threshold": 0.0},
}
#: The layer sets the stage analyses with (all, and each spinner family's).
LAYER_SETS = (("braces", "lexicon", "wordnet", "articles"), ("braces", "lexicon", "articles"),
              ("braces", "wordnet", "articles"))


def documents(corpus_dir: Path) -> dict[str, str]:
    docs = {f"seeds/{p.name}": p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))}
    sets = load_sets()
    docs.update({f"clean/{name}": text for name, text in sets["clean"].items()})
    docs["seed002"] = sets["seed002"]
    for set_name in ("synthetic", "curated"):
        docs.update({f"{set_name}/{name}": spun for name, (spun, _) in sets[set_name].items()})
    for seed_name in ("000", "001", "004"):
        text = next((REPO / "seeds").glob(f"{seed_name}_*.txt")).read_text(encoding="utf-8")
        for kind in ("wordnet", "curated"):
            for seed in (1, 2, 3):
                docs[f"seedspun/{seed_name}~{kind}{seed}"] = spin_document(text, seed, kind=kind)[0]
    docs.update(golden_documents())
    write_corpus(corpus_dir, 300)  # deterministic (fixed seed)
    docs.update({f"corpus/{p.name}": p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))})
    return docs


def golden_documents() -> dict[str, str]:
    """The inputs of the despin golden and held-out cases, by "golden/<file>/<label>"."""
    docs = {}
    for name in ("despin_cases.json", "despin_heldout_cases.json"):
        for case in json.loads((REPO / "tests" / "golden" / name).read_text(encoding="utf-8")):
            docs[f"golden/{name}/{case['label']}"] = case["input"]
    return docs


def stage_outputs(docs: dict[str, str], settings: dict[str, dict]) -> dict:
    """{setting: {document: {"text", "detail", "annotations"}}} of the stage
    under each parameter setting (detail as JSON gives it back)."""
    result: dict = {}
    for setting, params in settings.items():
        stage = DespinStage(DespinParams(**params))
        rows = result[setting] = {}
        for name, text in docs.items():
            out = stage.process(make_doc(name, text))
            rows[name] = {"text": out.text, "detail": json.loads(json.dumps(out.detail)),
                          "annotations": out.annotations}
    return result


def dump(out_path: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="despin-identity-") as tmp:
        docs = documents(Path(tmp) / "corpus")
    result: dict = {"stage": stage_outputs(docs, PARAMS), "analysis": {}}
    stage = DespinStage()
    screen = stage._screen(LAYER_SETS[0])
    proposed = 0
    for layers in LAYER_SETS:
        despinner = stage._despinner(layers)
        rows = result["analysis"]["+".join(layers)] = {}
        for name, text in docs.items():
            paragraphs = []
            for paragraph in split_paragraphs(text):
                analysis = despinner.analyze(paragraph.text, screen.lexicon_words)
                paragraphs.append([analysis.words, analysis.lexicon_forms,
                                   [[e.start, e.end, e.before, e.after, e.layer, repr(e.confidence), e.basis]
                                    for e in analysis.edits]])
                proposed += len(analysis.edits)
            rows[name] = paragraphs
    result["counts"] = {"documents": len(docs), "proposed_edits": proposed,
                        "applied_edits": {setting: sum(len(row["detail"].get("edits", [])) for row in rows.values())
                                          for setting, rows in result["stage"].items()}}
    out_path.write_text(json.dumps(result, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    return result["counts"]


def compare(a_path: Path, b_path: Path) -> list[str]:
    """Where two dumps differ (section, setting, document); empty when identical."""
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (a_path, b_path))
    differences = []
    for section in ("stage", "analysis"):
        for setting in sorted(set(a[section]) | set(b[section])):
            left, right = a[section].get(setting, {}), b[section].get(setting, {})
            differences += [f"{section} / {setting} / {name}" for name in sorted(set(left) | set(right))
                            if left.get(name) != right.get(name)]
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("dump", help="write the despin outputs of this checkout").add_argument("out", type=Path)
    comparing = commands.add_parser("compare", help="compare two dumps (exit 1 when they differ)")
    comparing.add_argument("a", type=Path)
    comparing.add_argument("b", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        started = time.perf_counter()
        counts = dump(args.out)
        print(f"{json.dumps(counts)} in {time.perf_counter() - started:.0f} s -> {args.out}")
        return 0
    differences = compare(args.a, args.b)
    for line in differences[:50]:
        print("DIFFERENT:", line)
    if differences:
        print(f"{len(differences)} documents differ")
        return 1
    print("identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
