"""Translate benchmark: sentences/s of (a) argostranslate's translate() per
document, (b) our translate stage, (c) raw CTranslate2 translate_batch on
pre-tokenized sentences with the best setting found, side by side in one run,
with the peak memory of each.

    python -m bench.translate                    # 2,000 sentences (the issue's size)
    python -m bench.translate --sentences 200    # a quicker run

The model has OPUS-MT base dimensions (6+6 layers, d_model 512, 8 heads, FFN
2048, 32k vocabulary) and random int8 weights that never emit the end token,
so every sentence decodes exactly --length tokens in every variant. The
variants run interleaved, slice by slice, so a change in the machine's load
during the run hits all three alike. Results also go to
bench/results/translate.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.translate.corpus import benchmark_package

REPO = Path(__file__).resolve().parents[2]
# (inter_threads, intra_threads): CTranslate2's default, and one batch per core.
THREADS = ((1, 0), (max(1, min(4, len(os.sched_getaffinity(0)))), 1))


def variant(name: str, packages: Path, args, sentences: int, part: tuple[int, int], extra: list[str]) -> dict:
    command = [sys.executable, "-m", "bench.translate.variants", name, "--sentences", str(sentences),
               "--length", str(args.length), "--beam", str(args.beam), "--slice", str(part[0]),
               "--slices", str(part[1]), *extra]
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(packages), ARGOS_BEAM_SIZE=str(args.beam),
               ARGOS_DEVICE_TYPE="cpu", PYTHONPATH=str(REPO))
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"variant {name} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(jobs: dict[str, tuple[str, list[str]]], packages: Path, args, sentences: int, rounds: int) -> dict:
    """Run every job on each slice of the corpus in turn (rotating who goes
    first); totals per job: sentences, seconds, sentences/s, peak RSS."""
    totals = {label: {"sentences": 0, "seconds": 0.0, "peak_rss_mb": 0.0} for label in jobs}
    labels = list(jobs)
    for index in range(rounds):
        for label in labels[index % len(labels):] + labels[:index % len(labels)]:
            name, extra = jobs[label]
            result = variant(name, packages, args, sentences, (index, rounds), extra)
            print(f"    round {index + 1}/{rounds} {label}: {result['sentences']} sentences in "
                  f"{result['seconds']:.1f} s", file=sys.stderr, flush=True)
            total = totals[label]
            total["sentences"] += result["sentences"]
            total["seconds"] += result["seconds"]
            total["peak_rss_mb"] = max(total["peak_rss_mb"], result["peak_rss_mb"])
    for label, total in totals.items():
        total["sentences_per_s"] = total["sentences"] / total["seconds"]
        total["settings"] = " ".join(jobs[label][1]) or "defaults"
        print(f"  {label:<28} {total['sentences_per_s']:7.2f} sentences/s  {total['seconds']:8.1f} s  "
              f"{total['sentences']:5d} sentences  peak RSS {total['peak_rss_mb']:6.0f} MB", flush=True)
    return totals


def best_raw_setting(packages: Path, args) -> list[str]:
    """The fastest raw setting (batch size and type, threads) on a sample."""
    jobs = {}
    for tokens in args.sweep_tokens:
        for inter, intra in THREADS:
            jobs[f"raw {tokens} tok, {inter}x{intra} thr"] = ("raw", [
                "--batch-type", "tokens", "--batch-tokens", str(tokens),
                "--inter-threads", str(inter), "--intra-threads", str(intra)])
    inter, intra = THREADS[-1]
    jobs[f"raw 32 ex, {inter}x{intra} thr"] = ("raw", ["--batch-type", "examples", "--batch-tokens", "32",
                                                       "--inter-threads", str(inter), "--intra-threads", str(intra)])
    print(f"sweep of raw settings on {args.sweep_sentences} sentences:")
    totals = measure(jobs, packages, args, args.sweep_sentences, rounds=2)
    return jobs[max(totals, key=lambda label: totals[label]["sentences_per_s"])][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5, help="slices the variants take turns on")
    parser.add_argument("--length", type=int, default=40, help="pinned decoding length (tokens)")
    parser.add_argument("--beam", type=int, default=4, help="beam size of all variants (Argos's default: 4)")
    parser.add_argument("--sweep-sentences", type=int, default=80)
    parser.add_argument("--sweep-tokens", type=int, nargs="*", default=[1024, 2048])
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "artnorm-bench-translate")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "translate.json",
                        help="where the results go (default: bench/results/translate.json)")
    args = parser.parse_args()

    from pipeline.translate.install import install_from_file

    archive = benchmark_package(args.cache, vocab_size=32000)
    packages = args.cache / "packages"
    install_from_file(archive, packages)
    best = best_raw_setting(packages, args) if args.sweep_tokens else ["--batch-tokens", "1024"]
    print(f"{args.sentences} sentences, decoding length {args.length}, beam {args.beam}, {args.rounds} rounds:")
    jobs = {"(c) raw translate_batch": ("raw", best), "(b) translate stage": ("stage", []),
            "(a) argostranslate": ("argos", [])}
    totals = measure(jobs, packages, args, args.sentences, args.rounds)
    raw, stage, argos = (totals[label] for label in jobs)
    ratios = {"stage_over_raw": stage["sentences_per_s"] / raw["sentences_per_s"],
              "stage_over_argos": stage["sentences_per_s"] / argos["sentences_per_s"]}
    print(f"(b)/(c) = {ratios['stage_over_raw']:.2f}   (b)/(a) = {ratios['stage_over_argos']:.2f}   "
          f"peak memory of (b): {stage['peak_rss_mb']:.0f} MB   (c) setting: {raw['settings']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"results": totals, "ratios": ratios, "args": {
            k: str(v) for k, v in vars(args).items()}}, indent=2))


if __name__ == "__main__":
    main()
