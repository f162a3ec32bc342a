"""`artnorm models`: list, install and ensure translation models.

Attached to the main CLI with `main.add_command(models)`.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.translate.params import TranslateParams

_packages_dir_option = click.option(
    "--packages-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Argos packages directory (default: $ARGOS_PACKAGES_DIR, else argostranslate's default).")


@click.group()
def models() -> None:
    """Translation models: installed pairs, installing Argos packages.

    \b
    Example:
      artnorm models list
      artnorm models install nl en --file translate-nl_en-1_8.argosmodel
      artnorm models ensure -c config/default.yaml
    """


@models.command("list")
@_packages_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_models(packages_dir: Path | None, as_json: bool) -> None:
    """List installed pairs per engine (Argos packages, Apertium modes).

    \b
    Example:
      artnorm models list --json
    """
    from pipeline.translate.engine_apertium import installed_modes
    from pipeline.translate.packages import installed_packages
    from pipeline.translate.packages import packages_dir as resolve_dir

    directory = resolve_dir(packages_dir)
    argos = [{"engine": "argos", "pair": f"{p.from_code}→{p.to_code}", "package": p.name, "version": p.version,
              "path": str(p.path)} for p in installed_packages(directory)]
    apertium = [{"engine": "apertium", "pair": mode.replace("-", "→", 1), "mode": mode}
                for mode in sorted(installed_modes())]
    if as_json:
        click.echo(json.dumps({"argos_packages_dir": str(directory), "pairs": argos + apertium}, indent=2))
        return
    click.echo(f"argos (packages in {directory}):")
    for row in argos:
        click.echo(f"  {row['pair']:<10} {row['package']} {row['version']}")
    if not argos:
        click.echo("  (none installed: artnorm models install FROM TO)")
    click.echo("apertium (modes):")
    for row in apertium:
        click.echo(f"  {row['pair']}")
    if not apertium:
        click.echo("  (none: apt-get install apertium apertium-eng-spa, for example)")


@models.command("install")
@click.argument("source")
@click.argument("target")
@click.option("--file", "archive", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Install this .argosmodel file instead of downloading from the package index.")
@click.option("--index", "index", default=None, metavar="URL",
              help="Package index (base URL holding index.json, or a .json URL; default: $ARGOS_PACKAGE_INDEX "
                   "or the Argos index).")
@click.option("--timeout", type=float, default=15.0, show_default=True, help="Seconds per network request.")
@_packages_dir_option
def install(source: str, target: str, archive: Path | None, index: str | None, timeout: float,
            packages_dir: Path | None) -> None:
    """Install an Argos package translating SOURCE to TARGET (e.g. `nl en`).

    \b
    Examples:
      artnorm models install nl en                      # from the Argos package index (online)
      artnorm models install nl en --file translate-nl_en-1_8.argosmodel
    """
    from pipeline.translate.install import InstallError, install_from_file, install_from_index
    from pipeline.translate.packages import packages_dir as resolve_dir

    directory = resolve_dir(packages_dir)
    try:
        if archive is not None:
            pkg = install_from_file(archive, directory, (source, target))
        else:
            pkg = install_from_index(source, target, directory, index, timeout)
    except InstallError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"installed {pkg.name} {pkg.version} ({pkg.from_code}→{pkg.to_code}) into {directory}")


@models.command("ensure")
@click.option("-c", "--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              required=True, help="Run config; installs the models in stages.translate.ensure_languages.")
@click.option("--index", "index", default=None, metavar="URL", help="Package index (see `models install`).")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds per network request.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when a model is still missing.")
def ensure(config_path: Path, index: str | None, timeout: float, strict: bool) -> None:
    """Install the models a config needs when online; offline, say so and
    exit 0, since the run then completes with that text marked untranslated.

    \b
    Example:
      artnorm models ensure -c config/default.yaml && artnorm run -c config/default.yaml
    """
    from pipeline.translate.ensure import ensure_models

    params = _translate_params(config_path)
    results = ensure_models(params, index, timeout)
    for result in results:
        click.echo(f"[{result.status}] {result.message}", err=result.status in ("offline", "failed"))
    if not results:
        click.echo("stages.translate.ensure_languages is empty: nothing to install")
    if strict and any(r.status in ("offline", "failed") for r in results):
        raise SystemExit(1)


def _translate_params(config_path: Path) -> TranslateParams:
    from pipeline.config import ConfigError, read_yaml

    try:
        section = (read_yaml(config_path).get("stages") or {}).get("translate") or {}
        return TranslateParams.model_validate(section)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:  # pydantic's ValidationError
        raise click.ClickException(f"{config_path}: stages.translate: {exc}") from exc
