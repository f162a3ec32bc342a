"""Which despin hot modules run compiled (Cython) and which from their .py source.

The build (setup.py) may compile the modules in `HOT_MODULES` with Cython in
pure-Python mode: the .py files stay the source of truth and an extension
module (`decoder.cpython-311-x86_64-linux-gnu.so`) is written beside each one,
with a manifest (`_compiled.json`) holding the SHA-256 of the source each was
built from. Python prefers an extension module to a .py file of the same name,
so with an editable install an edited .py would be shadowed, silently, by the
extension built from its old text. `select()`, run once by the package's
`__init__` before any of these modules is imported, guards against that: a
module whose extension was built from other source than the .py now on disk
(or that the manifest does not vouch for) is loaded from its .py instead, with
one warning that says how to rebuild. ARTNORM_PURE_PYTHON=1 loads every one
from its .py, which is how the identity test and the benchmark compare the two.

`TYPED_MODULES` are written for Cython (.pyx: C arrays, typed loops) and stand
in for Python code that stays the reference: `typed_decoder` for the
`decoder` module's `Decoder`, `typed_tokens` for `tokens.text_words`, `typed_trigram` for
`trigram.TrigramModel`, `typed_lexicon` for the word walk of `candidates.lexicon_arcs`. The
same guard applies (a stale or unbuilt one is not used), and the identity test compares both
ways.

This module is never compiled itself, and setup.py reads `HOT_MODULES`,
`MANIFEST` and `source_digest` from it by path, so it imports only the
standard library. Cost at import: a directory listing, and where extension
modules exist, one small JSON file and five hashes (about 0.1 ms).
"""

from __future__ import annotations

import hashlib
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec, SourceFileLoader

PACKAGE = "pipeline.despin"
#: the modules setup.py compiles: the spun-text first pass spends its time in them
HOT_MODULES = ("decoder", "candidates", "tokens", "repair", "screen", "context_check", "trigram")
#: Cython-only modules (.pyx) that setup.py builds too: without a usable build
#: of one, the Python code it stands in for runs (decoder.new_decoder)
TYPED_MODULES = ("typed_decoder", "typed_tokens", "typed_trigram", "typed_lexicon")
ALL_MODULES = HOT_MODULES + TYPED_MODULES
#: written by the build beside the extension modules: {"modules": {name: source sha256}, ...}
MANIFEST = "_compiled.json"
PURE_ENV = "ARTNORM_PURE_PYTHON"

_HERE = os.path.dirname(os.path.abspath(__file__))
_status: dict[str, str] = {}


def source_digest(path: str) -> str | None:
    """SHA-256 of a source file; None where it is missing (an extension
    module without its source is not vouched for: the Python code runs)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return None


def source_file(module: str) -> str:
    """The file a compiled module is built from."""
    return module + (".pyx" if module in TYPED_MODULES else ".py")


def pure_python_forced() -> bool:
    return os.environ.get(PURE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def extension_files(folder: str = _HERE) -> dict[str, str]:
    """{module: file name} of the hot modules that have an extension module in
    `folder` that this interpreter would import (its ABI tag matches)."""
    names = set(os.listdir(folder))
    found = {}
    for module in ALL_MODULES:
        for suffix in EXTENSION_SUFFIXES:
            if module + suffix in names:
                found[module] = module + suffix
                break
    return found


def read_manifest(folder: str = _HERE) -> dict[str, str]:
    """{module: source digest} the extension modules were built from ({} when unreadable)."""
    import json  # noqa: PLC0415 - only where extension modules exist

    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as handle:
            modules = json.load(handle).get("modules", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return modules if isinstance(modules, dict) else {}


def choose(folder: str = _HERE, forced: bool = False) -> tuple[dict[str, str], list[str], list[str]]:
    """({module: "compiled" | "python"}, modules whose extension module must be
    bypassed, those of them bypassed because it is stale)."""
    extensions = extension_files(folder)
    status = dict.fromkeys(ALL_MODULES, "python")
    if forced or not extensions:
        return status, list(extensions), []
    built_from = read_manifest(folder)
    stale = [m for m in extensions if built_from.get(m) != source_digest(os.path.join(folder, source_file(m)))]
    status.update((m, "compiled") for m in extensions if m not in stale)
    return status, stale, stale


class _SourceFinder:
    """Meta path finder that imports the given modules from their .py files,
    ahead of the extension module the standard finder would pick."""

    def __init__(self, paths: dict[str, str]):
        self.paths = paths

    def find_spec(self, fullname, path=None, target=None):
        origin = self.paths.get(fullname)
        if origin is None:
            return None
        spec = ModuleSpec(fullname, SourceFileLoader(fullname, origin), origin=origin)
        spec.has_location = True  # sets __file__ and __cached__ as for any source module
        return spec


def select() -> dict[str, str]:
    """Decide, once per process, where each hot module is imported from; call
    before any of them is imported (pipeline/despin/__init__.py does)."""
    if _status:
        return dict(_status)
    status, bypassed, stale = choose(forced=pure_python_forced())
    # a bypassed typed module has no .py to import instead: its user asks status()
    sources = {f"{PACKAGE}.{m}": os.path.join(_HERE, m + ".py") for m in bypassed if m in HOT_MODULES}
    if sources:
        sys.meta_path.insert(0, _SourceFinder(sources))
    if stale:
        import warnings  # noqa: PLC0415

        warnings.warn(
            f"{PACKAGE}: the compiled {', '.join(stale)} module(s) were built from other source than the .py "
            "file(s) now there; running the .py source instead (slower). Rebuild with `pip install -e .` "
            "(or `make setup`).", RuntimeWarning, stacklevel=2)
    _status.update(status)
    return dict(status)


def typed_or(module: str, name: str, fallback):
    """`name` from the typed module where its build is in use, else `fallback`
    (the Python code it stands in for)."""
    if status().get(module) != "compiled":
        return fallback
    import importlib  # noqa: PLC0415

    return getattr(importlib.import_module(f"{PACKAGE}.{module}"), name)


def status() -> dict[str, str]:
    """{module: "compiled" | "python"} for each hot and typed module, as this process uses them."""
    return select()


def summary() -> str:
    """One line for people (scripts/setup.sh prints it, as pip hides the build's warnings)."""
    state = status()
    python = [m for m, how in state.items() if how == "python"]
    if not python:
        return "despin hot modules: compiled with Cython"
    if pure_python_forced():
        return f"despin hot modules: plain Python ({PURE_ENV} is set)"
    stale = [m for m in extension_files() if m in python]
    why = ("built from other source: rebuild with `pip install -e .`" if stale else
           "not compiled: that needs Cython and a C compiler; `pip install -v -e .` shows the build's warnings")
    return f"WARNING: despin hot modules {', '.join(python)} run as plain Python, slower ({why})"
