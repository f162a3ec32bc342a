"""Despin benchmark: python -m bench.despin  (or python bench/despin/run.py)

Runs the despin stage with several layer settings side by side on
  * seed 002 (whole document; scored on the hand-restored lines of
    data/seed002_truth.json),
  * two synthetic spun sets: the clean articles of data/clean spun by our
    own spinners (spinner.py) with two random seeds each, once with the harsh
    WordNet thesaurus ("synthetic") and once with the curated-style one
    ("curated": mutual main senses of common words, closer to seed 002),
  * clean text: data/clean, seeds 000, 001, 004 and data/clean_genres
    (36 texts of other genres, marketing and business copy among them),
  * the hand-spun check sets of checksets.py (scored untimed; their inputs
    and seed 002 are timed once more in a fresh process of their own: the
    lexicon family's text, which decides the speed target),
and prints recall, precision, damage (edits per 1,000 clean words),
document-level detection accuracy, score ranges and throughput. A JSON copy
goes to bench/results/despin.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import write_results  # noqa: E402
from bench.despin.checksets import CHECK_SETS, load_cases, split_scores  # noqa: E402
from bench.despin.metrics import Score, Span, score_document, truth_from_alignment  # noqa: E402
from bench.despin.spinner import spin_document  # noqa: E402
from pipeline.document import Document, SourceInfo  # noqa: E402
from pipeline.hashing import sha256_bytes  # noqa: E402
from pipeline.stages.despin import DespinParams, DespinStage  # noqa: E402

DATA = Path(__file__).with_name("data")
CLEAN_SEEDS = ("000", "001", "004")
CONFIGS = {
    "all layers": ("braces", "lexicon", "wordnet", "articles", "trigram"),
    "no trigram": ("braces", "lexicon", "wordnet", "articles"),
    "lexicon only": ("braces", "lexicon", "articles", "trigram"),
    "wordnet only": ("braces", "wordnet", "articles"),
}
SPIN_SEEDS = (1, 2)
#: synthetic set name -> thesaurus kind of bench/despin/spinner.py
SPUN_SETS = {"synthetic": "wordnet", "curated": "curated"}


def make_doc(doc_id: str, text: str) -> Document:
    data = text.encode("utf-8")
    return Document(doc_id, text, SourceInfo(doc_id, sha256_bytes(data), len(data)))


def seed_text(prefix: str) -> str:
    return next((ROOT / "seeds").glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def load_sets() -> dict:
    articles = {p.stem: p.read_text(encoding="utf-8") for p in sorted((DATA / "clean").glob("*.txt"))}
    clean = dict(articles)
    clean.update({f"seed{s}": seed_text(s) for s in CLEAN_SEEDS})
    # clean only: the synthetic sets stay the spun data/clean articles
    clean.update({p.stem: p.read_text(encoding="utf-8") for p in sorted((DATA / "clean_genres").glob("*.txt"))})
    sets = {"clean": clean, "seed002": seed_text("002")}
    for set_name, kind in SPUN_SETS.items():
        sets[set_name] = {}
        for name, text in sorted(articles.items()):
            for seed in SPIN_SEEDS:
                spun, subs = spin_document(text, seed, kind=kind)
                sets[set_name][f"{name}~{kind}{seed}"] = (spun, [Span(s.start, s.end, s.original) for s in subs])
    return sets


def seed002_truth(spun: str, which: str | None = None) -> tuple[list[Span], list[tuple[int, int]]]:
    """Truth spans and line ranges of the hand-restored lines of seed 002
    (`which`: "tuning", "check" or None for both)."""
    lines = spun.splitlines(keepends=True)
    starts = [sum(len(x) for x in lines[:i]) for i in range(len(lines))]
    items = json.loads((DATA / "seed002_truth.json").read_text(encoding="utf-8"))["lines"]
    truth, ranges = [], []
    for item in items:
        if which is not None and item["set"] != which:
            continue
        n = item["line"] - 1
        line = lines[n].rstrip("\n")
        truth += [Span(s.start + starts[n], s.end + starts[n], s.text) for s in truth_from_alignment(line, item["truth"])]
        ranges.append((starts[n], starts[n] + len(lines[n])))
    return truth, ranges


def run_stage(stage: DespinStage, doc_id: str, text: str):
    start = time.process_time()
    out = stage.process(make_doc(doc_id, text))
    return out, time.process_time() - start


def edit_spans(out) -> list[Span]:
    return [Span(e["offset"], e["offset"] + len(e["from"]), e["to"]) for e in out.detail["edits"]]


def evaluate(layers: tuple[str, ...], sets: dict) -> dict:
    stage = DespinStage(DespinParams(layers=layers))
    cold_caches(stage, layers)
    timing = {"clean_bytes": 0, "clean_s": 0.0, "spun_bytes": 0, "spun_s": 0.0}
    result = {"clean": eval_clean(stage, sets, timing), "timing": timing}
    for set_name in SPUN_SETS:
        result[set_name], total = eval_synthetic(stage, sets[set_name], timing)
        result[f"{set_name}_total"] = total.as_dict()
    result["seed002"] = eval_seed002(stage, sets, timing)
    # untimed: their cases go through the stage once more, after the timed passes' caches
    result["checksets"] = {name: split_scores(stage, name) for name in CHECK_SETS}
    clean_edits = sum(r["edits"] for r in result["clean"].values())
    result["clean_words"] = sum(len(text.split()) for text in sets["clean"].values())
    result["damage_per_1000_words"] = round(1000 * clean_edits / result["clean_words"], 3)
    result["seeds_untouched"] = all(result["clean"][f"seed{s}"]["unchanged"] for s in CLEAN_SEEDS)
    result["detection"] = detection(result)
    result["detection"].update(unscreened_scores(layers, sets))
    timing["clean_MB_per_s"] = round(timing["clean_bytes"] / max(timing["clean_s"], 1e-9) / 1e6, 3)
    timing["spun_MB_per_s"] = round(timing["spun_bytes"] / max(timing["spun_s"], 1e-9) / 1e6, 3)
    timing.update(warm_throughput(stage, sets))
    timing.update(fresh_process_throughput(layers, sets))
    return result


def _timed(timing: dict, kind: str, text: str, secs: float) -> None:
    timing[f"{kind}_bytes"] += len(text.encode("utf-8"))
    timing[f"{kind}_s"] += secs


def eval_clean(stage: DespinStage, sets: dict, timing: dict) -> dict:
    rows = {}
    for name, text in sets["clean"].items():
        out, secs = run_stage(stage, name, text)
        rows[name] = {"spun": out.detail["spun"], "screened_out": out.detail["screened_out"],
                      "score": out.detail["spin_score"] or 0.0, "edits": len(out.detail["edits"]),
                      "unchanged": out.text == text}
        _timed(timing, "clean", text, secs)
    return rows


def eval_synthetic(stage: DespinStage, spun_set: dict, timing: dict) -> tuple[dict, Score]:
    rows, total = {}, Score()
    for name, (spun, truth) in spun_set.items():
        out, secs = run_stage(stage, name, spun)
        doc_score = score_document(spun, truth, edit_spans(out))
        total.add(doc_score)
        rows[name] = {"spun": out.detail["spun"], "score": out.detail["spin_score"] or 0.0,
                      "screened_out": out.detail["screened_out"], **doc_score.as_dict()}
        _timed(timing, "spun", spun, secs)
    return rows, total


def eval_seed002(stage: DespinStage, sets: dict, timing: dict) -> dict:
    seed002 = sets["seed002"]
    out, secs = run_stage(stage, "seed002", seed002)
    _timed(timing, "spun", seed002, secs)
    split, total = {}, Score()
    for which in ("tuning", "check"):
        truth, ranges = seed002_truth(seed002, which)
        in_lines = [e for e in edit_spans(out) if any(a <= e.start < b for a, b in ranges)]
        split[which] = score_document(seed002, truth, in_lines)
        total.add(split[which])
    return {"spun": out.detail["spun"], "score": out.detail["spin_score"] or 0.0,
            "spinner_family": out.detail.get("spinner_family"), "edits_whole_document": len(out.detail["edits"]),
            **total.as_dict(),
            "tuning_lines": split["tuning"].as_dict(), "check_lines": split["check"].as_dict()}


def cold_caches(stage: DespinStage, layers: tuple[str, ...]) -> None:
    """Load the resources (reported separately), then empty the per-word
    caches so that the first pass pays for filling them, as a fresh run does."""
    families = [layers] + [tuple(x for x in layers if x != drop) for drop in ("lexicon", "wordnet")]
    for family_layers in families:
        despinner = stage._despinner(family_layers)
        if despinner.wordnet is not None:
            despinner.wordnet.fits.clear()
            despinner.wordnet.singles.clear()
        if despinner.trigram is not None:
            despinner.trigram.clear()
        despinner.decoder._memo.clear()


def unscreened_scores(layers: tuple[str, ...], sets: dict) -> dict:
    """Document and paragraph spin scores of clean text with the screen off:
    the evidence the thresholds are chosen from."""
    stage = DespinStage(DespinParams(layers=layers, screen_strong_rate=0, screen_suspicious_rate=0,
                                     screen_lexicon_form_rate=0))
    docs, paragraphs = [], []
    for name, text in sets["clean"].items():
        detail = stage.process(make_doc(name, text)).detail
        docs.append(detail["spin_score"])
        paragraphs += [p["score"] for p in detail["paragraphs"] if p["words"] >= 25]
    return {"clean_max_score_unscreened": max(docs), "clean_max_paragraph_score_unscreened": max(paragraphs)}


#: a worker process's batch for the amortized figures: this many documents of the set's mean size
BATCH_DOCUMENTS = 1000

_FRESH_SCRIPT = r"""
import json, sys, time
t0 = time.process_time()
from pipeline.document import Document, SourceInfo
from pipeline.stages.despin import DespinParams, DespinStage
layers, groups = json.loads(open(sys.argv[1], encoding="utf-8").read())
stage = DespinStage(DespinParams(layers=tuple(layers)))
def run(texts):
    start = time.process_time()
    for k, text in enumerate(texts):
        data = text.encode("utf-8")
        stage.process(Document(f"d{k}", text, SourceInfo(f"d{k}", "0" * 64, len(data))))
    return time.process_time() - start
out = {"import_s": time.process_time() - t0}
start = time.process_time()
stage._screen(tuple(layers))
out["screen_load_s"] = time.process_time() - start
start = time.process_time()
for family in (tuple(layers), tuple(x for x in layers if x != "lexicon"), tuple(x for x in layers if x != "wordnet")):
    stage._despinner(family)
out["analysis_load_s"] = time.process_time() - start
out["group_s"] = [run(texts) for texts in groups]
print(json.dumps(out))
"""


def fresh_process_throughput(layers: tuple[str, ...], sets: dict) -> dict:
    """First pass in a new process, as a worker starts: the stage's imports and
    the loading of its (disk-cached) tables are timed apart from the texts
    (then the clean texts, then the spun ones, each once, per-word caches
    empty). Also the MB/s of a batch of BATCH_DOCUMENTS documents of each
    set's mean size with all loading included (a clean-only corpus needs only
    the screen's tables, but a realistic one has a document past the screen).
    The hand-spun texts (seed 002 and the check sets' inputs: the lexicon
    family's text, whose speed decides the target) run in a process of their
    own, so that no other text has filled its caches. Each figure is the best
    of FRESH_RUNS processes: the load of a shared machine only ever adds time."""
    clean = list(sets["clean"].values())
    spun = [text for name in SPUN_SETS for text, _ in sets[name].values()] + [sets["seed002"]]
    hand_spun = [sets["seed002"]] + [case["input"] for name in CHECK_SETS for case in load_cases(name)]
    t = _best_fresh_run(layers, [clean, spun])
    out = {k: round(v, 3) for k, v in t.items() if k != "group_s"}
    load = t["import_s"] + t["screen_load_s"] + t["analysis_load_s"]
    hand = _best_fresh_run(layers, [hand_spun])
    hand_load = hand["import_s"] + hand["screen_load_s"] + hand["analysis_load_s"]
    for label, texts, secs, load_s in (("clean", clean, t["group_s"][0], load), ("spun", spun, t["group_s"][1], load),
                                       ("hand_spun", hand_spun, hand["group_s"][0], hand_load)):
        size = sum(len(x.encode("utf-8")) for x in texts)
        rate = size / max(secs, 1e-9)
        batch = BATCH_DOCUMENTS * size / len(texts)
        out[f"{label}_fresh_MB_per_s"] = round(rate / 1e6, 3)
        out[f"{label}_batch_MB_per_s"] = round(batch / (load_s + batch / rate) / 1e6, 3)
    return out


#: fresh processes per figure (the best counts): one run on a shared machine swings by a third
FRESH_RUNS = 3


def _best_fresh_run(layers: tuple[str, ...], groups: list[list[str]]) -> dict:
    """Each time of `_fresh_run`, the least over FRESH_RUNS processes."""
    runs = [_fresh_run(layers, groups) for _ in range(FRESH_RUNS)]
    best = {k: min(r[k] for r in runs) for k in runs[0] if k != "group_s"}
    best["group_s"] = [min(r["group_s"][g] for r in runs) for g in range(len(groups))]
    return best


def _fresh_run(layers: tuple[str, ...], groups: list[list[str]]) -> dict:
    """_FRESH_SCRIPT in a new process: its load times and each group's seconds."""
    import subprocess  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump([list(layers), groups], handle)
    try:
        proc = subprocess.run([sys.executable, "-c", _FRESH_SCRIPT, handle.name], capture_output=True, text=True,
                              cwd=ROOT, check=True)
    finally:
        Path(handle.name).unlink(missing_ok=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def warm_throughput(stage: DespinStage, sets: dict, rounds: int = 3) -> dict:
    """MB/s once the per-word caches hold this vocabulary, as they do after the
    first documents of a corpus (CPU time of this process, best of rounds)."""
    clean = list(sets["clean"].values())
    spun = [text for text, _ in sets["synthetic"].values()] + [sets["seed002"]]
    out = {}
    for label, texts in (("clean", clean), ("spun", spun)):
        size = sum(len(t.encode("utf-8")) for t in texts)
        best = min(sum(run_stage(stage, "warm", t)[1] for t in texts) for _ in range(rounds))
        out[f"{label}_warm_MB_per_s"] = round(size / max(best, 1e-9) / 1e6, 3)
    return out


def detection(result: dict) -> dict:
    clean_ok = sum(not r["spun"] for r in result["clean"].values())
    spun_rows = [r for set_name in SPUN_SETS for r in result[set_name].values()]
    spun_ok = sum(r["spun"] for r in spun_rows) + result["seed002"]["spun"]
    total = len(result["clean"]) + len(spun_rows) + 1
    return {"accuracy": round((clean_ok + spun_ok) / total, 4), "clean_correct": clean_ok,
            "clean_total": len(result["clean"]), "spun_correct": spun_ok, "spun_total": total - len(result["clean"]),
            "clean_max_score": max(r["score"] for r in result["clean"].values()),
            "spun_min_score": min([r["score"] for r in spun_rows] + [result["seed002"]["score"]])}


#: (check set, split, label) for the report: the halves never read for errors first
CHECKSET_ROWS = (("heldout", "all", "held-out check set"), ("news", "check", "news set check half"),
                 ("news", "tuning", "  tuning half"), ("news_light", "check", "light set check half"),
                 ("news_light", "tuning", "  tuning half"), ("news_dense", "tuning", "dense set (tuning)"),
                 ("news_fresh", "check", "fresh set (check)"))


def _checkset_rows() -> list:
    return [(f"{label} {measure}", lambda r, n=name, s=split, m=measure: r["checksets"][n][s][m])
            for name, split, label in CHECKSET_ROWS for measure in ("recall", "precision")]


def report(results: dict, load_s: float) -> None:
    rows = [("seed 002 recall", lambda r: r["seed002"]["recall"]),
            ("seed 002 precision", lambda r: r["seed002"]["precision"]),
            ("  tuning lines recall", lambda r: r["seed002"]["tuning_lines"]["recall"]),
            ("  tuning lines precision", lambda r: r["seed002"]["tuning_lines"]["precision"]),
            ("  check lines recall", lambda r: r["seed002"]["check_lines"]["recall"]),
            ("  check lines precision", lambda r: r["seed002"]["check_lines"]["precision"]),
            *_checkset_rows(),
            ("synthetic recall", lambda r: r["synthetic_total"]["recall"]),
            ("synthetic precision", lambda r: r["synthetic_total"]["precision"]),
            ("curated recall", lambda r: r["curated_total"]["recall"]),
            ("curated precision", lambda r: r["curated_total"]["precision"]),
            ("clean damage /1000 words", lambda r: r["damage_per_1000_words"]),
            ("seeds 000/001/004 untouched", lambda r: r["seeds_untouched"]),
            ("detection accuracy", lambda r: r["detection"]["accuracy"]),
            ("clean docs screened out", lambda r: sum(x["screened_out"] for x in r["clean"].values())),
            ("spun docs screened out", lambda r: sum(x["screened_out"] for n in SPUN_SETS for x in r[n].values())),
            ("clean max doc score", lambda r: r["detection"]["clean_max_score"]),
            ("  same, screen off", lambda r: r["detection"]["clean_max_score_unscreened"]),
            ("  max paragraph, screen off", lambda r: r["detection"]["clean_max_paragraph_score_unscreened"]),
            ("spun min doc score", lambda r: r["detection"]["spun_min_score"]),
            ("clean MB/s (first pass)", lambda r: r["timing"]["clean_MB_per_s"]),
            ("  fresh process, excl. load", lambda r: r["timing"]["clean_fresh_MB_per_s"]),
            (f"  incl. load, {BATCH_DOCUMENTS} docs", lambda r: r["timing"]["clean_batch_MB_per_s"]),
            ("clean MB/s (warm caches)", lambda r: r["timing"]["clean_warm_MB_per_s"]),
            ("spun MB/s (first pass)", lambda r: r["timing"]["spun_MB_per_s"]),
            ("  fresh process, excl. load", lambda r: r["timing"]["spun_fresh_MB_per_s"]),
            (f"  incl. load, {BATCH_DOCUMENTS} docs", lambda r: r["timing"]["spun_batch_MB_per_s"]),
            ("spun MB/s (warm caches)", lambda r: r["timing"]["spun_warm_MB_per_s"]),
            ("hand-spun MB/s, fresh process", lambda r: r["timing"]["hand_spun_fresh_MB_per_s"]),
            (f"  incl. load, {BATCH_DOCUMENTS} docs", lambda r: r["timing"]["hand_spun_batch_MB_per_s"]),
            ("load s import/screen/analysis", lambda r: "{:.2f}/{:.2f}/{:.2f}".format(
                r["timing"]["import_s"], r["timing"]["screen_load_s"], r["timing"]["analysis_load_s"]))]
    names = list(results)
    print(f"{'':30}" + "".join(f"{n:>18}" for n in names))
    for label, get in rows:
        print(f"{label:30}" + "".join(f"{str(get(results[n])):>18}" for n in names))
    first = results[names[0]]
    print(f"\nsubstitutions: seed 002 {first['seed002']['substitutions']} (hand-restored lines), "
          f"synthetic {first['synthetic_total']['substitutions']} in {len(first['synthetic'])} documents, "
          f"curated {first['curated_total']['substitutions']} in {len(first['curated'])} documents; "
          f"clean words {first['clean_words']}; resource loading {load_s:.1f} s (once per process)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="*", default=list(CONFIGS), help="which layer settings to compare")
    parser.add_argument("--verbose", action="store_true", help="print per-document scores")
    args = parser.parse_args(argv)
    sets = load_sets()
    start = time.process_time()
    run_stage(DespinStage(), "load", "Load.")
    load_s = time.process_time() - start
    # the bench's own heap (spinner thesauri, word frequencies, documents) is
    # no part of the stage: keep the garbage collector from rescanning it
    # during the timed passes, which cost the first pass up to a third
    gc.collect()
    gc.freeze()
    results = {name: evaluate(CONFIGS[name], sets) for name in args.configs}
    if args.verbose:
        for name, r in results.items():
            print(name, json.dumps({k: r[k] for k in ("clean", *SPUN_SETS, "seed002")}, indent=1))
    report(results, load_s)
    write_results("despin", results, ROOT, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
