"""`artnorm report RUN [--out FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.config import ConfigError
from pipeline.rundir import RunNotFound
from pipeline.runlookup import run_finder, run_location_options, warn_if_unfinished


@click.command()
@click.argument("run_ref", metavar="RUN")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None,
              help="HTML file to write (default: report.html inside the run directory; '-' for stdout).")
@run_location_options
def report(run_ref, out, config_path, output_dir) -> None:
    """Write a self-contained HTML review page of a run: summary, and what each
    stage did to each document, with filters and search.

    RUN is a run name (or `latest`) inside --output, or the output folder of
    -c CONFIG, or ./output; or a run directory. The page needs no network:
    open it in any browser.

    \b
    Examples:
      artnorm report latest
      artnorm report 20261122T100000Z --out review.html
      artnorm report out/demo --out - > demo.html
      artnorm report latest -c config/default.yaml
    """
    from pipeline.report.collect import load_run
    from pipeline.report.runpage import render_run, write_run_report

    try:
        layout = run_finder(config_path, output_dir)(run_ref)
    except (RunNotFound, ConfigError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    warn_if_unfinished(layout)
    if out == "-":
        click.echo(render_run(load_run(layout)), nl=False)
        return
    path = write_run_report(layout, Path(out) if out else layout.root / "report.html")
    click.echo(f"wrote {path}", err=True)


def emit_diff_html(a, b, diffs, target: str) -> None:
    """`artnorm diff ... --html [FILE]`: the page to FILE, or to stdout for '-'."""
    from pipeline.report.diffpage import render_diff, write_diff_report

    if target == "-":
        click.echo(render_diff(a, b, diffs), nl=False)
    else:
        click.echo(f"wrote {write_diff_report(a, b, diffs, Path(target))}", err=True)
