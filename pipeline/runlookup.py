"""Where `show`, `diff` and `report` look run names up: `--output DIR`, else
the `output` folder of `-c CONFIG` (where `run -c CONFIG` wrote them), else
./output. A RUN is tried as a path in the working directory first, except a
bare name with -c: that is tried in the folder first (`resolve_run`'s
names_first), since naming the config says where the runs are."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import click

from pipeline.config import ConfigError, PipelineConfig, read_yaml
from pipeline.rundir import RunLayout, resolve_run
from pipeline.unfinished import unfinished_warning

DEFAULT_OUTPUT = Path("output")


def run_location_options(command: Callable) -> Callable:
    """The -c/--config and --output options, passed as config_path and output_dir."""
    command = click.option("--output", "output_dir", type=click.Path(file_okay=False), default=None,
                           help="Where run names are looked up (wins over -c; default: ./output).")(command)
    return click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False), default=None,
                        help="Look run names up in this config's `output` folder, as `run -c` wrote them, "
                        "before the working directory (./NAME: a run directory here).")(command)


def runs_folder(config_path: str | None, output_dir: str | None) -> Path:
    """The folder run names are looked up in. Only the config's `output` key
    is read (resolved against the config file's folder, as `run` does): the
    runs can be inspected after the input has moved away."""
    if output_dir:
        return Path(output_dir)
    if not config_path:
        return DEFAULT_OUTPUT
    path = Path(config_path)
    output = read_yaml(path).get("output", str(PipelineConfig.model_fields["output"].default))
    if not isinstance(output, str) or not output:
        raise ConfigError(f"config file {path}: output: must be a path, not {output!r}")
    return path.resolve().parent / output


def run_finder(config_path: str | None, output_dir: str | None) -> Callable[[str], RunLayout]:
    """RUN -> its layout, as the three commands look runs up: the folder is
    worked out once (a config is read once, also for diff's two runs), and a
    bare name is tried there first when -c named it."""
    folder = runs_folder(config_path, output_dir)
    return lambda ref: resolve_run(ref, folder, names_first=bool(config_path))


def warn_if_unfinished(layout: RunLayout) -> None:
    """An interrupted or running run still reads: say on stderr that what is
    shown is partial."""
    warning = unfinished_warning(layout)
    if warning:
        click.echo(warning, err=True)
