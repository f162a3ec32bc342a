"""Speed of the boilerplate stage alone: milliseconds per article.

Two corpora from the pipeline benchmark's generator (`bench/pipeline/corpus.py`):
3 KB English articles, and its mix (English, Dutch, Spanish, spun English,
articles wrapped in site chrome, mojibake). The articles go through the
encoding stage first, so the boilerplate stage gets what it gets in a run.

Each implementation is timed in a fresh process: the first article alone
(loading word lists, compiling cue patterns), then, after a warm-up on other
articles of the same kinds, three passes over the corpus; the best pass
counts. Peak RSS is the whole process's after all of it.

`--baseline-root DIR` times another checkout's `pipeline` package the same
way, in the same run, for a before/after table; for the last commit:

    mkdir /tmp/bp-old && git archive HEAD pipeline | tar -x -C /tmp/bp-old
    python -m bench.boilerplate --baseline-root /tmp/bp-old

The generator draws paragraphs from a small pool, so words recur more than in
a real corpus; the figures are for comparing implementations.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPORA = {"en": ("en",), "mixed": None}  # None: the generator's own mix of kinds
ARTICLES = 100
WARM_UP = 20
PASSES = 3


def _generator():
    """bench/pipeline/corpus.py, loaded by path (it is not on every sys.path)."""
    spec = importlib.util.spec_from_file_location("bp_corpus", REPO / "bench/pipeline/corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_corpora(count: int = ARTICLES, warm_up: int = WARM_UP) -> dict[str, dict[str, list[str]]]:
    """{corpus: {"warm_up": texts, "timed": texts}}, as the encoding stage outputs them."""
    sys.path.insert(0, str(REPO))
    from pipeline.document import Document, SourceInfo
    from pipeline.stages.encoding import EncodingStage

    corpus, encoding = _generator(), EncodingStage()
    pools = corpus._pools()

    def texts(kinds: tuple[str, ...], number: int, seed: int) -> list[str]:
        rng = random.Random(seed)
        out = []
        for k in range(number):
            raw = corpus.article(rng, pools, kinds[k % len(kinds)], 3000)
            doc = Document(id=str(k), text=raw, source=SourceInfo(str(k), "0" * 64, len(raw)))
            out.append(encoding.process(doc).text)
        return out

    result = {}
    for name, kinds in CORPORA.items():
        kinds = kinds or corpus.KINDS
        result[name] = {"warm_up": texts(kinds, warm_up, seed=2), "timed": texts(kinds, count, seed=1)}
    return result


def measure(corpora: dict[str, dict[str, list[str]]], passes: int = PASSES) -> dict:
    """Time the stage of the `pipeline` package first on sys.path (run in a
    fresh process: `--measure`)."""
    from pipeline.document import Document, SourceInfo
    from pipeline.stages.base import StageError
    from pipeline.stages.boilerplate import BoilerplateStage

    stage = BoilerplateStage()

    def run(texts: list[str]) -> float:
        started = time.perf_counter()
        for k, text in enumerate(texts):
            try:
                stage.process(Document(id=str(k), text=text, source=SourceInfo(str(k), "0" * 64, len(text))))
            except StageError:
                pass  # an article that is all chrome: still timed
        return time.perf_counter() - started

    first = next(iter(corpora.values()))["timed"][:1]
    result: dict = {"first_article_ms": round(run(first) * 1000, 1)}
    for name, texts in corpora.items():
        run(texts["warm_up"])
        best = min(run(texts["timed"]) for _ in range(passes))
        result[f"{name}_ms_per_article"] = round(best * 1000 / len(texts["timed"]), 2)
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def _peak_rss_mb() -> int:
    """This process's peak resident memory. `VmHWM` where there is one:
    `ru_maxrss` keeps the parent's figure across the exec that started us."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _measure_in_subprocess(corpora_file: Path, pipeline_root: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), "--measure", str(corpora_file), "--pipeline-root", str(pipeline_root)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def speed_table(baseline_root: Path | None = None) -> dict[str, dict]:
    """{"current": figures[, "baseline": figures]}, each measured in its own process."""
    roots = {"current": REPO}
    if baseline_root is not None:
        roots = {"baseline": Path(baseline_root), **roots}
    with tempfile.TemporaryDirectory() as tmp:
        corpora_file = Path(tmp) / "corpora.json"
        corpora_file.write_text(json.dumps(make_corpora()), encoding="utf-8")
        return {name: _measure_in_subprocess(corpora_file, root) for name, root in roots.items()}


def print_speed(table: dict[str, dict]) -> None:
    rows = [("3 KB English, ms/article", "en_ms_per_article"), ("mixed corpus, ms/article", "mixed_ms_per_article"),
            ("first article, ms", "first_article_ms"), ("peak RSS of the process, MB", "peak_rss_mb")]
    names = list(table)
    print(f"\nspeed of the stage alone ({ARTICLES} articles per corpus, best of {PASSES} passes)")
    print(f"{'':30}" + "".join(f"{name:>12}" for name in names) + ("     speed-up" if "baseline" in table else ""))
    for label, key in rows:
        cells = "".join(f"{table[name][key]:>12}" for name in names)
        if "baseline" in table and key.endswith("ms_per_article"):
            cells += f"{table['baseline'][key] / table['current'][key]:>12.1f}×"
        print(f"{label:30}{cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the boilerplate stage alone.")
    parser.add_argument("--baseline-root", type=Path, help="another checkout's root (holding pipeline/) to compare")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: corpora file to time
    parser.add_argument("--pipeline-root", type=Path, default=REPO, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        root = args.pipeline_root.resolve()
        sys.path.insert(0, str(root))
        import pipeline

        if Path(pipeline.__file__).resolve().parents[1] != root:
            raise SystemExit(f"{root} holds no pipeline/ package; found {pipeline.__file__}")
        print(json.dumps(measure(json.loads(args.measure.read_text(encoding="utf-8")))))
        return 0
    print_speed(speed_table(args.baseline_root))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
