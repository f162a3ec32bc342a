"""How the despin stage degrades when the lexicon does not know a spinner's forms.

    python -m bench.despin.coverage [--fractions 1 0.75 0.5] [--seeds 1 2 3]

The stage is judged on spun articles that are not in this repository. Their
spinner is seed 002's, but many of their spun forms will not be in our
lexicon, which was written from seed 002 and from general knowledge of that
spinner. This bench imitates that: it keeps a random share (`--fractions`) of
the built-in lexicon's lines (each random `--seeds` a different subset; the
lines dropped are the "unseen" forms) and scores the stage, run with only that
reduced lexicon, on seed 002's family of spun text:
  * seed 002 (the hand-restored lines of data/seed002_truth.json), and
  * the held-out check set (tests/golden/despin_heldout_cases.json),
with recall, precision, and how many of the 9 documents are detected as spun
and assigned to the lexicon's spinner family. A fraction of 1 is the shipped
lexicon itself. Figures are means over the seeds. A JSON copy goes to
bench/results/despin_coverage.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import write_results  # noqa: E402
from bench.despin import run as bench  # noqa: E402
from bench.despin.metrics import Score, score_document, truth_from_lines  # noqa: E402
from pipeline.despin.lexicon import BUILTIN_LEXICON  # noqa: E402
from pipeline.stages.despin import DespinParams, DespinStage  # noqa: E402

HELDOUT = ROOT / "tests" / "golden" / "despin_heldout_cases.json"


def reduced_lexicon(fraction: float, seed: int, folder: Path) -> Path:
    """A copy of the built-in lexicon keeping each line with probability
    `fraction` (order kept: entries of one spun form merge in file order)."""
    data = yaml.safe_load(BUILTIN_LEXICON.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    if fraction < 1:
        for section, mapping in data.items():
            if isinstance(mapping, dict):
                data[section] = {spun: originals for spun, originals in mapping.items() if rng.random() < fraction}
    path = folder / f"lexicon_{fraction}_{seed}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def evaluate(stage: DespinStage, seed002: str, cases: list[dict]) -> dict:
    """Recall/precision on seed 002 and on the held-out cases, and detection."""
    out: dict = {}
    detected = family = 0
    heldout = Score()
    for case in cases:
        result = stage.process(bench.make_doc(case["label"], case["input"]))
        heldout.add(score_document(case["input"], truth_from_lines(case["input"], case["expected"]),
                                   bench.edit_spans(result)))
        detected += bool(result.detail["spun"])
        family += result.detail.get("spinner_family") == "lexicon"
    seed = bench.eval_seed002(stage, {"seed002": seed002}, defaultdict(float))
    detected += bool(seed["spun"])
    family += seed["spinner_family"] == "lexicon"
    out["seed002_recall"], out["seed002_precision"] = seed["recall"], seed["precision"]
    d = heldout.as_dict()
    out["heldout_recall"], out["heldout_precision"] = d["recall"], d["precision"]
    out["detected"], out["lexicon_family"], out["documents"] = detected, family, len(cases) + 1
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", type=float, nargs="+", default=[1.0, 0.75, 0.5],
                        help="shares of the lexicon's lines kept (default 1 0.75 0.5)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3], help="random subsets per fraction")
    args = parser.parse_args(argv)
    cases = json.loads(HELDOUT.read_text(encoding="utf-8"))
    seed002 = bench.seed_text("002")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fraction in args.fractions:
            runs = defaultdict(list)
            for seed in (args.seeds if fraction < 1 else args.seeds[:1]):
                params = DespinParams() if fraction >= 1 else DespinParams(
                    builtin_lexicon=False, extra_lexicons=(str(reduced_lexicon(fraction, seed, Path(tmp))),))
                for key, value in evaluate(DespinStage(params), seed002, cases).items():
                    runs[key].append(value)
            row = {"fraction": fraction, "seeds": len(runs["detected"])}
            row.update({key: round(statistics.mean(v for v in values if v is not None), 3)
                        if any(v is not None for v in values) else None for key, values in runs.items()})
            rows.append(row)
            print(f"lexicon kept {fraction:4.2f} ({row['seeds']} subsets): "
                  f"held-out {row['heldout_recall']} / {row['heldout_precision']}, "
                  f"seed 002 {row['seed002_recall']} / {row['seed002_precision']}, "
                  f"detected {row['detected']}/{row['documents']}, lexicon family {row['lexicon_family']}", flush=True)
    write_results("despin_coverage", rows, ROOT, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
