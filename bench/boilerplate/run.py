"""Evaluate the boilerplate stage: `python bench/boilerplate/run.py` (or `python -m bench.boilerplate`).

Three measurements of quality, per language, in one run, and the stage's
speed (`speed.py`):

1. line-level precision/recall of *removal* on annotated plain text: the
   seeds (data/seeds.json), hand-written scrapes (data/text/*.txt) and naive
   renderings of the annotated HTML pages (data/pages/*.html);
2. token F1 of the kept text against the main text, on the plain-text
   renderings (before the stage as a baseline, and after it);
3. HTML -> trafilatura (as ingest calls it) -> the stage: token F1 against
   the main text without the headline (trafilatura puts the headline in
   metadata, not in the text).

Results go to stdout and to bench/results/boilerplate.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

from render import render, scraped_text, strip_gold, wants_blank_lines  # noqa: E402
from speed import print_speed, speed_table  # noqa: E402

from bench import write_results  # noqa: E402
from pipeline.document import Document, SourceInfo  # noqa: E402
from pipeline.stages.boilerplate import BoilerplateStage  # noqa: E402

DATA = HERE / "data"
_TOKEN = re.compile(r"\w+")
_GOLD_FIX = re.compile(r"\{([^{}|]*)\|([^{}]*)\}")


@dataclass
class Case:
    """One annotated plain text: its lines' labels and its main text."""

    name: str
    lang: str
    text: str
    chrome: set[int]  # 1-based line numbers
    content: set[int]
    gold: str | None  # main text for token F1 (None: lines only)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    f1_before: list[float] = field(default_factory=list)
    f1_after: list[float] = field(default_factory=list)
    f1_trafilatura: list[float] = field(default_factory=list)
    f1_html_stage: list[float] = field(default_factory=list)
    docs: int = 0


def token_f1(candidate: str, gold: str) -> float:
    cand, ref = Counter(_TOKEN.findall(candidate.casefold())), Counter(_TOKEN.findall(gold.casefold()))
    overlap = sum((cand & ref).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / sum(cand.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def seed_cases() -> list[Case]:
    spec = json.loads((DATA / "seeds.json").read_text(encoding="utf-8"))["seeds"]
    cases = []
    for name, entry in spec.items():
        text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        numbers = {n for n, line in enumerate(text.splitlines(), 1) if line.strip()}
        chrome = {int(n) for n in entry["chrome"]}
        cases.append(Case(f"seed/{name}", entry["lang"], text, chrome, numbers - chrome, None))
    return cases


def text_cases() -> list[Case]:
    """data/text/<lang>_<name>.txt: lines prefixed 'C|' (content) or 'B|'
    (chrome); '{scraped|gold}' gives the correct form of glued text."""
    cases = []
    for path in sorted((DATA / "text").glob("*.txt")):
        lines, chrome, content, gold = [], set(), set(), []
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            tag, _, body = raw.partition("|")
            body = body[1:] if body.startswith(" ") else body
            lines.append(_GOLD_FIX.sub(r"\1", body))
            if not body.strip():
                continue
            if tag.strip() == "C":
                content.add(n)
                gold.append(_GOLD_FIX.sub(r"\2", body))
            elif tag.strip() == "B":
                chrome.add(n)
        text = "\n".join(lines) + "\n"
        cases.append(Case(f"text/{path.name}", path.name.split("_")[0], text, chrome, content, "\n".join(gold)))
    return cases


def page_cases() -> list[tuple[Case, str, str]]:
    """(rendered case, HTML without gold marks, main text without headline)."""
    out = []
    for path in sorted((DATA / "pages").glob("*.html")):
        html = path.read_text(encoding="utf-8")
        lines = render(html)
        blank = wants_blank_lines(html)
        step = 2 if blank else 1
        chrome = {1 + i * step for i, line in enumerate(lines) if line.label == "chrome"}
        content = {1 + i * step for i, line in enumerate(lines) if line.label != "chrome"}
        gold = "\n".join(line.gold for line in lines if line.label != "chrome")
        body = "\n".join(line.gold for line in lines if line.label == "main")
        case = Case(f"page/{path.name}", path.name.split("_")[0], scraped_text(lines, blank), chrome, content, gold)
        out.append((case, strip_gold(html), body))
    return out


def run_stage(stage: BoilerplateStage, name: str, text: str):
    doc = Document(id=name, text=text, source=SourceInfo(path=name, sha256="", bytes=len(text)))
    return stage.process(doc)


def score_lines(stage, case: Case, tally: Tally, errors: list[str]) -> None:
    output = run_stage(stage, case.name, case.text)
    removed = {item["line"] for item in output.detail["removed"]}
    lines = case.text.splitlines()
    tally.tp += len(removed & case.chrome)
    for n in sorted(removed & case.content):
        tally.fp += 1
        errors.append(f"  removed content  {case.name}:{n}: {lines[n - 1][:100]}")
    for n in sorted(case.chrome - removed):
        tally.fn += 1
        errors.append(f"  kept chrome      {case.name}:{n}: {lines[n - 1][:100]}")
    tally.docs += 1
    if case.gold is not None:
        tally.f1_before.append(token_f1(case.text, case.gold))
        tally.f1_after.append(token_f1(output.text, case.gold))


def trafilatura_text(html: str) -> str:
    import trafilatura

    # The options ingest uses for HTML (pipeline/stages/ingest.py).
    result = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=True, with_metadata=True, deduplicate=False
    )
    return (getattr(result, "text", None) or "") if result is not None else ""


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def summarize(tallies: dict[str, Tally]) -> dict[str, dict]:
    summary = {}
    for lang, t in sorted(tallies.items()):
        precision = t.tp / (t.tp + t.fp) if t.tp + t.fp else 1.0
        recall = t.tp / (t.tp + t.fn) if t.tp + t.fn else 1.0
        summary[lang] = {
            "docs": t.docs,
            "lines_chrome_removed": t.tp,
            "lines_content_removed": t.fp,
            "lines_chrome_kept": t.fn,
            "removal_precision": round(precision, 4),
            "removal_recall": round(recall, 4),
            "text_f1_before": _mean(t.f1_before),
            "text_f1_after": _mean(t.f1_after),
            "html_f1_trafilatura": _mean(t.f1_trafilatura),
            "html_f1_trafilatura_then_stage": _mean(t.f1_html_stage),
        }
    return summary


def print_table(summary: dict[str, dict]) -> None:
    head = ("lang", "docs", "P(rem)", "R(rem)", "F1 text before", "F1 text after",
            "F1 HTML traf.", "F1 HTML traf.+stage")
    print("  ".join(f"{h:>{max(6, len(h))}}" for h in head))
    for lang, s in summary.items():
        cells = [lang, s["docs"], s["removal_precision"], s["removal_recall"], s["text_f1_before"],
                 s["text_f1_after"], s["html_f1_trafilatura"], s["html_f1_trafilatura_then_stage"]]
        print("  ".join(f"{('-' if c is None else c):>{max(6, len(h))}}" for c, h in zip(cells, head)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate the boilerplate stage.")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every misclassified line")
    parser.add_argument("--no-html", action="store_true", help="skip the trafilatura path")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    parser.add_argument(
        "--baseline-root", type=Path, help="also time another checkout's pipeline/ (e.g. the last commit) for comparison"
    )
    args = parser.parse_args(argv)
    stage = BoilerplateStage()
    split = json.loads((DATA / "split.json").read_text(encoding="utf-8"))
    group_of = {name: group for group in ("dev", "heldout") for name in split[group]}
    tallies: dict[str, Tally] = defaultdict(Tally)
    splits: dict[str, Tally] = defaultdict(Tally)
    errors: list[str] = []
    started = time.perf_counter()
    for case in seed_cases() + text_cases():
        for tally in (tallies[case.lang], splits[group_of.get(case.name, "new")]):
            score_lines(stage, case, tally, errors if tally is tallies[case.lang] else [])
    for case, html, body in page_cases():
        group = splits[group_of.get(case.name, "new")]
        for tally in (tallies[case.lang], group):
            score_lines(stage, case, tally, errors if tally is tallies[case.lang] else [])
        if not args.no_html:
            extracted = trafilatura_text(html)
            cleaned = run_stage(stage, case.name, extracted).text if extracted.strip() else ""
            for tally in (tallies[case.lang], group):
                tally.f1_trafilatura.append(token_f1(extracted, body))
                tally.f1_html_stage.append(token_f1(cleaned, body))
    total = Tally()
    for t in tallies.values():
        for name in ("tp", "fp", "fn", "docs"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
        for name in ("f1_before", "f1_after", "f1_trafilatura", "f1_html_stage"):
            getattr(total, name).extend(getattr(t, name))
    summary = summarize(tallies)
    summary["all"] = summarize({"all": total})["all"]
    summary.update({f"[{k}]": v for k, v in summarize(splits).items()})
    print_table(summary)
    print(f"\n{len(errors)} misclassified lines; {time.perf_counter() - started:.1f}s")
    if args.verbose:
        print("\n".join(errors))
    results = {"per_language": summary, "errors": errors}
    if not args.no_speed:
        results["speed"] = speed_table(args.baseline_root)
        print_speed(results["speed"])
    write_results("boilerplate", results, ROOT, indent=2, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
