"""`artnorm models ensure`: install the models a config asks for, when the
machine is online, and say clearly (and quickly) what happens when it is not:
the run still completes, with that language kept untranslated and marked."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.translate.codes import install_command, to_argos
from pipeline.translate.engines import MissingModel, build_engines, choose_route
from pipeline.translate.install import InstallError, OfflineError, install_from_index
from pipeline.translate.packages import packages_dir
from pipeline.translate.params import TranslateParams


@dataclass(frozen=True)
class EnsureResult:
    lang: str
    status: str  # present | installed | offline | failed
    message: str


def ensure_models(params: TranslateParams, index: str | None = None, timeout: float = 10.0) -> list[EnsureResult]:
    results = []
    for lang in params.ensure_languages:
        results.append(_ensure_one(lang, params, index, timeout))
    return results


def _ensure_one(lang: str, params: TranslateParams, index: str | None, timeout: float) -> EnsureResult:
    try:
        route = choose_route(lang, params, build_engines(params))
        return EnsureResult(lang, "present", f"{lang}→{params.target}: {route.key}")
    except MissingModel:
        pass
    directory = packages_dir(params.argos.packages_dir)
    try:
        pkg = install_from_index(lang, params.target, directory, index, timeout)
    except OfflineError as exc:
        return EnsureResult(lang, "offline", (
            f"{lang}→{params.target}: not installed, the package index is unreachable ({exc}). "
            # The code is quoted: bare, "it" or "no" reads as an English word ("Runs keep it text").
            f"Runs keep text in language {lang!r} untranslated and mark it; when online run: "
            f"{install_command(lang, params.target)} (or add --file PATH.argosmodel)"))
    except InstallError as exc:
        return EnsureResult(lang, "failed", f"{to_argos(lang)}→{params.target}: {exc}")
    return EnsureResult(lang, "installed", f"{lang}→{params.target}: installed {pkg.name} {pkg.version} "
                                           f"into {directory}")
