"""`artnorm diff`: compare runs or stages; exit 0 when identical, 1 when not."""

from __future__ import annotations

import json
import sys
from typing import Callable

import click

from pipeline.diffing import (DocDiff, Side, between_sides, compare, final_side, line_counts, stage_side, unified,
                              word_diff)
from pipeline.config import ConfigError
from pipeline.rundir import RunLayout, RunNotFound
from pipeline.runlookup import run_finder, run_location_options, warn_if_unfinished


def _sides(run_a: str, run_b: str | None, stage: str | None, between: tuple[str, str] | None,
           find_run: Callable[[str], RunLayout]) -> tuple[Side, Side]:
    layout_a = find_run(run_a)
    if between:
        if run_b:
            raise click.UsageError("--between compares two stages of ONE run; give a single RUN")
        warn_if_unfinished(layout_a)
        return between_sides(layout_a, *between)
    if not run_b:
        raise click.UsageError("give two runs (RUN_A RUN_B), or one run with --between STAGE_A STAGE_B")
    layout_b = find_run(run_b)
    for layout in dict.fromkeys((layout_a, layout_b)):  # once per run folder
        warn_if_unfinished(layout)
    if stage:
        return stage_side(layout_a, stage), stage_side(layout_b, stage)
    return final_side(layout_a), final_side(layout_b)


def _summary(diffs: list[DocDiff]) -> dict:
    plus = minus = 0
    for d in diffs:
        added, removed = line_counts(d)
        plus, minus = plus + added, minus + removed
    count = {s: sum(1 for d in diffs if d.status == s) for s in ("same", "changed", "added", "removed")}
    return {"documents": len(diffs), **count, "lines_added": plus, "lines_removed": minus}


def _print_stat(diffs: list[DocDiff], summary: dict) -> None:
    for d in diffs:
        if d.status != "same":
            added, removed = line_counts(d)
            meta = f", {len(d.metadata_changes)} metadata fields" if d.metadata_changes else ""
            click.echo(f" {d.doc_id:<48} {d.status:<8} +{added} -{removed}{meta}")
    click.echo(f"{summary['changed']} documents changed, {summary['added']} added, {summary['removed']} removed, "
               f"{summary['same']} identical; {summary['lines_added']} lines +, {summary['lines_removed']} lines -")


def _print_doc(d: DocDiff, a: Side, b: Side, word: bool) -> None:
    if d.status in ("added", "removed"):
        click.echo(f"=== {d.doc_id}: {d.status}")
        return
    click.echo(f"=== {d.doc_id}")
    notes: list[str] = []
    if d.text_changed:
        click.echo(word_diff(d.text_a, d.text_b, notes) if word else unified(d, a, b), nl=word)
    for note in notes:
        click.echo(f"~ note: {note}")
    for key, old, new in d.metadata_changes:
        click.echo(f"~ metadata {key}: {json.dumps(old, ensure_ascii=False)} -> {json.dumps(new, ensure_ascii=False)}")


def _as_json(d: DocDiff, a: Side, b: Side) -> dict:
    return {"id": d.doc_id, "status": d.status, "text_diff": unified(d, a, b) if d.text_changed else "",
            "metadata_changes": [{"key": k, "a": old, "b": new} for k, old, new in d.metadata_changes]}


@click.command()
@click.argument("run_a", metavar="RUN_A")
@click.argument("run_b", metavar="[RUN_B]", required=False)
@click.option("--word", is_flag=True, help="Word-level diff ([-old-]{+new+}) instead of a unified diff.")
@click.option("--stat", is_flag=True, help="Only a summary: documents changed/added/removed, lines +/-.")
@click.option("--stage", metavar="STAGE", help="Compare the stored output of STAGE instead of the final texts.")
@click.option("--between", nargs=2, metavar="STAGE_A STAGE_B",
              help="In one run: what the stages after A up to B did (A must come before B in the pipeline).")
@click.option("--doc", "doc", metavar="ID", help="Only this document (id or id prefix).")
@click.option("--no-metadata", is_flag=True, help="Compare texts only.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--html", "html_out", is_flag=False, flag_value="-", default=None, metavar="[FILE]",
              help="A self-contained HTML review page, to FILE or (no FILE) stdout.")
@run_location_options
def diff(run_a, run_b, word, stat, stage, between, doc, no_metadata, as_json, html_out, config_path,
         output_dir) -> None:
    """Compare two runs (final texts and metadata), or two stages of one run.

    RUN is a run name (or `latest`) inside --output, or the output folder of
    -c CONFIG, or ./output; or a run directory.
    Exit status: 0 identical, 1 different, 2 error.

    \b
    Examples:
      artnorm diff 20261122T100000Z latest --stat
      artnorm diff run-a run-b --word --doc 003
      artnorm diff latest --between encoding language
      artnorm diff run-a run-b --html review.html
      artnorm diff run-a latest -c config/default.yaml --stat
    """
    try:
        a, b = _sides(run_a, run_b, stage, between, run_finder(config_path, output_dir))
        diffs = list(compare(a, b, doc=doc, with_metadata=not no_metadata))
    except (RunNotFound, LookupError, ConfigError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    summary = _summary(diffs)
    if html_out:
        from pipeline.report.cli import emit_diff_html

        emit_diff_html(a, b, diffs, html_out)
    elif as_json:
        click.echo(json.dumps({"a": a.label, "b": b.label, "summary": summary,
                               "documents": [_as_json(d, a, b) for d in diffs if d.status != "same"]},
                              ensure_ascii=False, indent=2))
    elif stat:
        _print_stat(diffs, summary)
    else:
        for d in diffs:
            if d.status != "same":
                _print_doc(d, a, b, word)
    sys.exit(0 if summary["same"] == len(diffs) else 1)
