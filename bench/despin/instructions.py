"""Despin instruction counts: python -m bench.despin.instructions [--pure] [--texts hand-spun clean]

Throughput on a shared machine swings by a third between consecutive runs, so
a change of a few per cent cannot be seen in MB/s. Instructions executed are
deterministic (within 0.2 % run to run): this command counts them with
valgrind's callgrind for the despin stage's first pass over a set of texts, in
a fresh process as a worker starts, and reports them per byte of text, with
the process's loading (imports and tables) apart. The count is the
difference of two runs that load the same and process the texts or not.

Text sets: "hand-spun" is seed 002 and the check sets' inputs (the lexicon
family's text, which decides the speed target); "clean" is the bench's clean
texts. `--pure` adds the same counts with ARTNORM_PURE_PYTHON=1 and the ratio.
To compare two versions of the code, run the command in each checkout.

Needs valgrind (Debian package `valgrind`); about 40 s per text set and
setting, the two runs of each side by side on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import write_results  # noqa: E402

#: loads the stage as the bench's fresh process does; processes the texts only when argv[2] == "1"
_CHILD = r"""
import json, sys
from pipeline.document import Document, SourceInfo
from pipeline.stages.despin import DespinParams, DespinStage
layers = ("braces", "lexicon", "wordnet", "articles", "trigram")
stage = DespinStage(DespinParams(layers=layers))
stage._screen(layers)
for family in (layers, tuple(x for x in layers if x != "lexicon"), tuple(x for x in layers if x != "wordnet")):
    stage._despinner(family)
texts = json.loads(open(sys.argv[1], encoding="utf-8").read())
if sys.argv[2] == "1":
    for k, text in enumerate(texts):
        stage.process(Document(f"d{k}", text, SourceInfo(f"d{k}", "0" * 64, len(text.encode("utf-8")))))
"""

_COLLECTED_RE = re.compile(r"Collected : (\d+)")


def text_sets(names: list[str]) -> dict[str, list[str]]:
    from bench.despin.checksets import CHECK_SETS, load_cases  # noqa: PLC0415
    from bench.despin.run import load_sets  # noqa: PLC0415

    sets = load_sets()
    every = {"hand-spun": lambda: [sets["seed002"]] + [c["input"] for n in CHECK_SETS for c in load_cases(n)],
             "clean": lambda: list(sets["clean"].values())}
    return {name: every[name]() for name in names}


def count(texts_file: str, process: bool, pure: bool) -> int:
    """Instructions of one child run under callgrind."""
    env = dict(os.environ)
    env.pop("ARTNORM_PURE_PYTHON", None)
    if pure:
        env["ARTNORM_PURE_PYTHON"] = "1"
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                           "-c", _CHILD, texts_file, "1" if process else "0"],
                          capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    found = _COLLECTED_RE.search(proc.stderr)
    if proc.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind run failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return int(found.group(1))


def measure(texts: list[str], pure: bool) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump(texts, handle)
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            loaded, processed = pool.map(lambda process: count(handle.name, process, pure), (False, True))
    finally:
        Path(handle.name).unlink(missing_ok=True)
    size = sum(len(t.encode("utf-8")) for t in texts)
    return {"bytes": size, "documents": len(texts), "load_M": round(loaded / 1e6, 1),
            "processing_M": round((processed - loaded) / 1e6, 1),
            "per_byte": round((processed - loaded) / size, 1)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", nargs="*", default=["hand-spun"], choices=["hand-spun", "clean"],
                        help="which text sets (default: hand-spun)")
    parser.add_argument("--pure", action="store_true", help="also count with ARTNORM_PURE_PYTHON=1")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("bench.despin.instructions needs valgrind: apt-get install valgrind", file=sys.stderr)
        return 2
    results = {}
    for name, texts in text_sets(args.texts).items():
        for setting in (["compiled", "pure"] if args.pure else ["compiled"]):
            r = results[f"{name}, {setting}"] = measure(texts, setting == "pure")
            print(f"{name:10} {setting:9} {r['documents']} documents, {r['bytes']:,} bytes: "
                  f"processing {r['processing_M']} M instructions ({r['per_byte']} per byte), "
                  f"loading {r['load_M']} M", flush=True)
        if args.pure:
            ratio = results[f"{name}, pure"]["processing_M"] / results[f"{name}, compiled"]["processing_M"]
            print(f"{name:10} pure / compiled: {ratio:.2f}")
    write_results("despin_instructions", results, ROOT, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
