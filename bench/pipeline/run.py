"""End-to-end throughput, per-stage throughput, peak memory, cache efficiency.

    python -m bench.pipeline [--documents 400] [--english-only]

Each measurement is a real `artnorm run` in a subprocess on a generated
corpus; the figures that matter are ratios of runs made side by side here
(1 vs 2 workers, warm vs cold, large vs small corpus), since absolute numbers
move with the machine's load.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.pipeline.corpus import KINDS, write_corpus

MEASURE = """
import resource, sys
from pipeline.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("RSS", code, own, children)
"""


def artnorm(config: Path, run_name: str, *extra: str) -> dict:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURE, "run", "-c", str(config), "--run-name", run_name,
                             "-q", *extra], capture_output=True, text=True)
    line = next(l for l in result.stdout.splitlines() if l.startswith("RSS"))
    _, code, own, children = line.split()
    if code not in ("0", "1"):
        raise SystemExit(f"run failed ({code}): {result.stderr}")
    output = yaml.safe_load(config.read_text())["output"]
    manifest = json.loads((Path(output) / run_name / "manifest.json").read_text())
    manifest["peak_rss_mb"] = max(int(own), int(children)) / 1024
    # The whole command, Python start-up and imports included (the manifest's
    # wall_seconds covers the run itself).
    manifest["command_seconds"] = time.perf_counter() - started
    return manifest


def write_config(tmp: Path, name: str, corpus: Path, workers: int = 1, **stages) -> Path:
    config = tmp / f"{name}.yaml"
    config.write_text(yaml.safe_dump({"input": str(corpus), "output": str(tmp / f"out-{name}"),
                                      "workers": workers, "stages": stages}))
    return config


def per_stage(manifest: dict) -> str:
    rows = []
    for row in manifest["stages"]:
        rate = row["computed"] / row["seconds"] if row["seconds"] else float("inf")
        rows.append(f"    {row['stage']:<12} {row['computed']:>6} docs  {row['seconds']:>8.2f} s  {rate:>9.1f} docs/s"
                    f"  {row['counters'] or ''}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=400, help="articles in the main corpus")
    parser.add_argument("--english-only", action="store_true", help="3 KB English articles only (issue 7 target)")
    parser.add_argument("--memory-documents", type=int, default=0, metavar="N",
                        help="also compare peak RSS of N articles against N/10, 2 workers (issue 7: 20000)")
    args = parser.parse_args()
    kinds = ("en",) if args.english_only else KINDS
    with tempfile.TemporaryDirectory(prefix="artnorm-bench-") as folder:
        tmp = Path(folder)
        corpus = write_corpus(tmp / "corpus", args.documents, kinds=kinds)
        small = write_corpus(tmp / "small", max(1, args.documents // 10), kinds=kinds, seed=2)
        one = artnorm(write_config(tmp, "w1", corpus, 1), "cold")
        two = artnorm(write_config(tmp, "w2", corpus, 2), "cold")
        warm = artnorm(write_config(tmp, "w1", corpus, 1), "warm")
        tenth = artnorm(write_config(tmp, "small", small, 1), "cold")
        only = artnorm(write_config(tmp, "w1", corpus, 1), "cold", "--only", "despin")
        memory = scale_memory(tmp, args.memory_documents, kinds) if args.memory_documents else None
    n = args.documents
    print(f"corpus: {n} articles of ~3 KB ({', '.join(sorted(set(kinds)))})")
    print(f"end to end, 1 worker : {one['wall_seconds']:7.2f} s  {n / one['wall_seconds']:7.1f} docs/s"
          f"  peak RSS {one['peak_rss_mb']:.0f} MB")
    print(f"end to end, 2 workers: {two['wall_seconds']:7.2f} s  {n / two['wall_seconds']:7.1f} docs/s"
          f"  peak RSS {two['peak_rss_mb']:.0f} MB (largest process)")
    print(f"  speed-up 1 -> 2 workers: {one['wall_seconds'] / two['wall_seconds']:.2f}x")
    print(f"unchanged re-run (1 worker): {warm['wall_seconds']:.2f} s = "
          f"{warm['wall_seconds'] / one['wall_seconds']:.1%} of the cold run; "
          f"{warm['memo']['replayed']} documents replayed from the memo; whole command "
          f"{warm['command_seconds']:.2f} s vs {one['command_seconds']:.2f} s = "
          f"{warm['command_seconds'] / one['command_seconds']:.1%}")
    print(f"peak RSS at {n // 10} vs {n} articles: {tenth['peak_rss_mb']:.0f} MB vs {one['peak_rss_mb']:.0f} MB "
          f"(ratio {one['peak_rss_mb'] / tenth['peak_rss_mb']:.2f})")
    translate = next((r for r in only["stages"] if r["stage"] == "translate"), None)
    if translate:
        print(f"--only despin: translate loaded {translate['loaded']}, computed {translate['computed']}, "
              f"counters {translate['counters']}")
    print("per stage, cold, 1 worker (stage time inside the run):")
    print(per_stage(one))
    if memory:
        (small_n, small), (big_n, big), big_warm = memory
        print(f"peak RSS, 2 workers, {small_n} vs {big_n} articles: {small['peak_rss_mb']:.0f} MB vs "
              f"{big['peak_rss_mb']:.0f} MB (ratio {big['peak_rss_mb'] / small['peak_rss_mb']:.2f}); "
              f"{big_n} articles at {big_n / big['wall_seconds']:.1f} docs/s")
        print(f"unchanged re-run, 2 workers, {big_n} articles: {big_warm['wall_seconds']:.2f} s vs "
              f"{big['wall_seconds']:.2f} s = {big_warm['wall_seconds'] / big['wall_seconds']:.1%} of the cold run; "
              f"{big_warm['memo']['replayed']} replayed; whole command {big_warm['command_seconds']:.2f} s vs "
              f"{big['command_seconds']:.2f} s = {big_warm['command_seconds'] / big['command_seconds']:.1%}")


def scale_memory(tmp: Path, count: int, kinds: tuple[str, ...]) -> tuple[tuple[int, dict], tuple[int, dict], dict]:
    """Peak RSS of a corpus of `count` articles and of one a tenth its size,
    and an unchanged re-run of the larger one."""
    results = []
    for n in (max(1, count // 10), count):
        corpus = write_corpus(tmp / f"scale-{n}", n, kinds=kinds, seed=3)
        results.append((n, artnorm(write_config(tmp, f"scale-{n}", corpus, 2), "cold")))
    warm = artnorm(tmp / f"scale-{count}.yaml", "warm")
    return results[0], results[1], warm


if __name__ == "__main__":
    main()
