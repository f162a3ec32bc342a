"""Compiled (Cython) against pure-Python despin modules, side by side in one run.

    python -m bench.despin.compiled [--rounds 5]

Each round starts two fresh processes, one with ARTNORM_PURE_PYTHON=1 (every
hot module from its .py source, pipeline/despin/compiled.py) and one with the
compiled modules, in alternating order; each measures the stage's first pass
(tables loaded, per-word caches emptied, as bench.despin.run does) over
  * spun: both synthetic spun sets and seed 002 (the bench's spun text), and
  * lexfam: seed 002 and the held-out cases (the lexicon spinner family),
in MB of UTF-8 text per CPU second, the best of --passes first passes. The
machine is shared and noisy, so the report gives the best and the median of
the rounds, the ratio of each, and the median of the rounds' own ratios.
Needs the compiled modules: `pip install -e .` builds them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETS = ("spun", "lexfam")


def measure(passes: int) -> dict:
    """One process's figures: {set: MB/s of its best first pass, "modules": {module: compiled|python}}."""
    import gc  # noqa: PLC0415
    import time  # noqa: PLC0415

    from bench.despin.run import CONFIGS, SPUN_SETS, cold_caches, load_sets, make_doc
    from pipeline.despin.compiled import status
    from pipeline.stages.despin import DespinParams, DespinStage

    layers = CONFIGS["all layers"]
    stage = DespinStage(DespinParams(layers=layers))
    sets = load_sets()
    heldout = ROOT / "tests" / "golden" / "despin_heldout_cases.json"
    held = [case["input"] for case in json.loads(heldout.read_text(encoding="utf-8"))]
    texts = {"spun": [spun for name in SPUN_SETS for spun, _ in sets[name].values()] + [sets["seed002"]],
             "lexfam": [sets["seed002"], *held]}

    def first_pass(docs: list[str]) -> float:
        cold_caches(stage, layers)
        start = time.process_time()
        for k, text in enumerate(docs):
            stage.process(make_doc(f"d{k}", text))
        return time.process_time() - start

    first_pass(texts["spun"][:3])  # load every table before timing
    gc.collect()
    gc.freeze()  # the bench's own heap is no part of the stage (see bench.despin.run)
    out = {"modules": status()}
    for name in SETS:
        size = sum(len(t.encode()) for t in texts[name])
        out[name] = size / min(first_pass(texts[name]) for _ in range(passes)) / 1e6
        out[f"{name}_kb"] = size / 1e3
    return out


def child(pure: bool, passes: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "ARTNORM_PURE_PYTHON"}
    if pure:
        env["ARTNORM_PURE_PYTHON"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-m", "bench.despin.compiled", "--child", str(passes)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="pairs of processes (default 5)")
    parser.add_argument("--passes", type=int, default=3, help="first passes per process, best kept (default 3)")
    parser.add_argument("--child", type=int, metavar="PASSES", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    runs = {"python": [], "compiled": []}
    for k in range(args.rounds):
        order = ("python", "compiled") if k % 2 == 0 else ("compiled", "python")
        for mode in order:
            result = child(mode == "python", args.passes)
            if mode == "compiled" and "compiled" not in result["modules"].values():
                print("no compiled despin modules here (build them with `pip install -e .`)", file=sys.stderr)
                return 1
            runs[mode].append(result)
            print(f"round {k + 1} {mode:<8} " + "  ".join(f"{s} {result[s]:.3f} MB/s" for s in SETS), flush=True)
    print(f"\ncompiled modules: {', '.join(m for m, v in runs['compiled'][0]['modules'].items() if v == 'compiled')}")
    # ratios: of the best, of the medians, and the median of each round's pair
    # (the two processes of a round ran back to back, under much the same load)
    print(f"{'first pass, MB/s':<18} {'python best':>12} {'median':>8} {'compiled best':>14} {'median':>8} "
          f"{'ratio best':>11} {'median':>7} {'paired':>7}")
    for s in SETS:
        py, cy = [r[s] for r in runs["python"]], [r[s] for r in runs["compiled"]]
        size = runs["python"][0][f"{s}_kb"]
        paired = statistics.median(c / p for c, p in zip(cy, py))
        print(f"{s + f' ({size:.0f} KB)':<18} {max(py):>12.3f} {statistics.median(py):>8.3f} {max(cy):>14.3f} "
              f"{statistics.median(cy):>8.3f} {max(cy) / max(py):>10.2f}x "
              f"{statistics.median(cy) / statistics.median(py):>6.2f}x {paired:>6.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
