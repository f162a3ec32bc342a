"""Spun-text throughput of the stage with the shipped lexicon against another
lexicon file, side by side in one process: `python -m bench.despin.lexicon_speed OTHER.yaml [--rounds 5]`.

The bench's separate runs of the same code differ by 15 % and more on these
shared machines, so a lexicon change's cost is measured here in alternating
rounds (each with the per-word caches emptied, as the bench's first pass),
over the same spun texts (both synthetic sets and seed 002), and the medians
and their ratio are reported. For example, against the lexicon of an earlier
commit: `git show e7693ab:pipeline/despin/lexicon.yaml > /tmp/old.yaml`.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time

from bench.despin.run import SPUN_SETS, cold_caches, load_sets, make_doc, run_stage
from pipeline.stages.despin import DespinParams, DespinStage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", help="the lexicon YAML file to compare with the shipped one")
    parser.add_argument("--rounds", type=int, default=5, help="alternating timed rounds per lexicon")
    args = parser.parse_args(argv)
    sets = load_sets()
    texts = [spun for name in SPUN_SETS for spun, _ in sets[name].values()] + [sets["seed002"]]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    stages = {"shipped": DespinStage(DespinParams()),
              "other": DespinStage(DespinParams(builtin_lexicon=False, extra_lexicons=(args.other,)))}
    layers = tuple(DespinParams().layers)
    for stage in stages.values():  # load tables and compile patterns before timing
        run_stage(stage, "load", "Load.")
    gc.collect()
    gc.freeze()
    rates: dict[str, list[float]] = {name: [] for name in stages}
    for _ in range(args.rounds):
        for name, stage in stages.items():
            cold_caches(stage, layers)
            start = time.process_time()
            for k, text in enumerate(texts):
                stage.process(make_doc(f"doc{k}", text))
            rates[name].append(megabytes / (time.process_time() - start))
    medians = {name: statistics.median(values) for name, values in rates.items()}
    for name, values in rates.items():
        print(f"{name:8} spun MB/s {' '.join(f'{v:.3f}' for v in values)}  median {medians[name]:.3f}")
    print(f"shipped / other: {medians['shipped'] / medians['other']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
