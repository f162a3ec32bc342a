"""The `artnorm` command line: one function per subcommand."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.config import ConfigError, load_config
from pipeline.rundir import RunNotFound
from pipeline.runlookup import run_finder, run_location_options, warn_if_unfinished
from pipeline.skipped import summary_line

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def fail_usage(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="artnorm")
def main() -> None:
    """Normalize scraped news articles into clean English documents with provenance.

    \b
    Example:
      artnorm run -c config/default.yaml
      artnorm diff RUN_A RUN_B --stat
    """


@main.command()
@click.option("-c", "--config", "config_path", required=True, type=click.Path(dir_okay=False),
              help="YAML config file (see config/default.yaml).")
@click.option("--input", "input_path", type=click.Path(), help="Input file or directory (overrides `input`).")
@click.option("--output", "output_dir", type=click.Path(file_okay=False), help="Output directory (overrides `output`).")
@click.option("--run-name", help="Name of the run directory (default: a UTC timestamp; with --only/--from: latest).")
@click.option("--workers", type=click.IntRange(1, 256), help="Worker processes (overrides `workers`).")
@click.option("--only", "only", metavar="STAGE",
              help="Recompute STAGE from the run's stored output of the stage before it; later stages use the cache.")
@click.option("--from", "from_stage", metavar="STAGE", help="Recompute STAGE and every stage after it.")
@click.option("--force", is_flag=True, help="Ignore the cache: recompute every stage.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def run(config_path, input_path, output_dir, run_name, workers, only, from_stage, force, quiet) -> None:
    """Run the pipeline over a directory of articles.

    Exit status: 0 all documents succeeded, 1 some documents failed (see the
    run's failed/ folder and manifest), 2 bad config or usage, 130 interrupted
    (Ctrl-C; the message says how to resume: the same command with --run-name).

    \b
    Examples:
      artnorm run -c config/default.yaml
      artnorm run -c config/default.yaml --input articles/ --output out/ --workers 2
      artnorm run -c config/default.yaml --only language      # re-run one stage of the latest run
    """
    from pipeline.runner import RunError, RunOptions
    from pipeline.runner import run as run_pipeline

    if only and from_stage:
        fail_usage("--only and --from cannot be combined")
    if run_name is None and not (only or from_stage):
        from pipeline.rundir import default_run_name

        run_name = default_run_name()  # named here, so that an interrupted run can say how to resume it
    try:
        config = load_config(config_path, {"input": input_path, "output": output_dir})
        if workers:
            config = config.model_copy(update={"workers": workers})
        result = run_pipeline(config, RunOptions(run_name, only, from_stage, force, quiet))
    except (ConfigError, RunError, ValueError) as exc:
        fail_usage(str(exc))
    except KeyboardInterrupt:
        resume = f"artnorm run -c {config_path} --run-name {run_name}" if run_name else "the same command"
        click.echo(f"\ninterrupted: the documents finished so far are kept (and cached); resume with: {resume}",
                   err=True)
        sys.exit(EXIT_INTERRUPTED)
    if not quiet:
        print_run_summary(result.manifest, result.layout.root)
    sys.exit(EXIT_SOME_FAILED if result.failed else EXIT_OK)


def print_run_summary(manifest: dict, root: Path) -> None:
    docs = manifest["documents"]
    click.echo(f"run {manifest['run']}: {docs['succeeded']} of {docs['total']} documents ok, "
               f"{docs['failed']} failed, {manifest['wall_seconds']:.2f}s -> {root}", err=True)
    for row in manifest["stages"]:
        click.echo(f"  {row['stage']:<12} processed {row['processed']:>5}  changed {row['changed']:>5}  "
                   f"computed {row['computed']:>5}  cache hits {row['cache_hits']:>5}  "
                   f"loaded {row['loaded']:>5}  failed {row['failed']:>3}", err=True)
    replayed = manifest.get("memo", {}).get("replayed", 0)
    if replayed:
        click.echo(f"  {replayed} unchanged documents replayed from the cache (memo) without running their stages",
                   err=True)
    skipped = summary_line(manifest.get("skipped"))
    if skipped:
        click.echo(f"  {skipped}", err=True)
    for failure in manifest["failures"][:20]:
        click.echo(f"  FAILED {failure['source']} at {failure['stage']}: {failure['reason']}", err=True)


@main.command()
def stages() -> None:
    """List the stages in the order they run, with versions.

    \b
    Example:
      artnorm stages
    """
    from pipeline.export import EXPORT_VERSION
    from pipeline.stages.registry import stage_classes

    for cls in stage_classes():
        click.echo(f"{cls.name:<12} v{cls.version:<4} {cls.description}")
    click.echo(f"{'export':<12} v{EXPORT_VERSION:<4} Final texts, provenance JSON, documents.jsonl, manifest")


@main.command()
@click.argument("run_ref", metavar="RUN")
@click.argument("doc", metavar="DOC")
@run_location_options
@click.option("--json", "as_json", is_flag=True, help="Print the raw provenance JSON.")
def show(run_ref, doc, config_path, output_dir, as_json) -> None:
    """Print a document's provenance trail. DOC is an id or a unique id prefix.

    RUN is a run name (or `latest`) inside --output, or the output folder of
    -c CONFIG, or ./output; or a run directory.

    \b
    Examples:
      artnorm show latest 003
      artnorm show latest 003 -c config/default.yaml
    """
    from pipeline.inspect import find_document, render_trail

    try:
        layout = run_finder(config_path, output_dir)(run_ref)
        metadata = find_document(layout, doc)
    except (RunNotFound, LookupError, ConfigError) as exc:
        fail_usage(str(exc))
    warn_if_unfinished(layout)
    if as_json:
        import json

        click.echo(json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(render_trail(metadata))


def _attach_subcommands() -> None:
    # Defined in their own modules (one job each); they import heavy
    # libraries only when invoked, so `artnorm --help` stays fast.
    from pipeline.cli_models import models
    from pipeline.diffcli import diff
    from pipeline.report.cli import report

    for command in (diff, report, models):
        main.add_command(command)


_attach_subcommands()
