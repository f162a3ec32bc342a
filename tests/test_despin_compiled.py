"""Compiled (Cython) despin modules: identical output to the .py source, and
the guard that bypasses an extension module built from older source
(pipeline/despin/compiled.py, setup.py).

`python tests/test_despin_compiled.py` prints this process's outputs as JSON:
the identity test runs it with ARTNORM_PURE_PYTHON=1 and compares.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]
import pytest  # noqa: E402

from pipeline.despin import compiled  # noqa: E402

#: defaults, and screen off with every floor at 0: the most edits proposed
SETTINGS = ("default", "screen off, no floors")


def golden_outputs() -> dict:
    """The stage's text, detail and annotations for every golden despin case
    under each setting (bench.despin.identity; floats written exactly, by JSON's repr)."""
    from bench.despin.identity import PARAMS, golden_documents, stage_outputs  # noqa: PLC0415

    by_setting = stage_outputs(golden_documents(), {setting: PARAMS[setting] for setting in SETTINGS})
    outputs = {f"{setting} / {name}": row for setting, rows in by_setting.items() for name, row in rows.items()}
    return json.loads(json.dumps({"modules": compiled.status(), "outputs": outputs}, sort_keys=True))


def test_compiled_output_is_identical_to_pure_python():
    if "compiled" not in compiled.status().values():
        pytest.skip("no compiled despin modules in use: build them with `pip install -e .` "
                    "(and leave ARTNORM_PURE_PYTHON unset)")
    from wordnet_support import require_wordnet  # noqa: PLC0415

    require_wordnet()
    env = {**os.environ, "ARTNORM_PURE_PYTHON": "1"}
    done = subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True, check=True)
    pure = json.loads(done.stdout)
    assert set(pure["modules"].values()) == {"python"}
    here = golden_outputs()
    for module, how in here["modules"].items():  # what status() says is what was imported
        loaded = sys.modules.get(f"pipeline.despin.{module}")
        if module in compiled.TYPED_MODULES:  # no .py of its own: used only where built
            assert (loaded is not None) == (how == "compiled"), module
            continue
        suffix = Path(loaded.__file__).suffix
        assert (suffix == ".so" or suffix == ".pyd") == (how == "compiled"), module
    differing = [key for key in here["outputs"] if here["outputs"][key] != pure["outputs"].get(key)]
    assert not differing, f"compiled and pure-Python despin differ on {differing}"
    assert here["outputs"].keys() == pure["outputs"].keys()


# -- the stale-build guard, on a folder of its own ---------------------------------


def _fake_build(folder: Path, modules=("decoder", "tokens"), digests: dict | None = None) -> None:
    """Sources for every hot module, an 'extension module' for `modules`, a
    manifest with `digests` (default: the right ones; {} means no manifest)."""
    for module in compiled.ALL_MODULES:
        (folder / compiled.source_file(module)).write_text(f"NAME = {module!r}\n", encoding="utf-8")
    for module in modules:
        (folder / f"{module}{EXTENSION_SUFFIXES[0]}").write_bytes(b"not really a shared library")
    if digests is None:
        digests = {m: hashlib.sha256((folder / compiled.source_file(m)).read_bytes()).hexdigest() for m in modules}
    if digests:
        (folder / compiled.MANIFEST).write_text(json.dumps({"modules": digests}), encoding="utf-8")


def test_guard_uses_extensions_built_from_the_current_source(tmp_path):
    _fake_build(tmp_path)
    status, bypassed, stale = compiled.choose(str(tmp_path))
    assert status == {"decoder": "compiled", "tokens": "compiled", "candidates": "python",
                      "repair": "python", "screen": "python", "context_check": "python", "trigram": "python",
                      "typed_decoder": "python", "typed_tokens": "python", "typed_trigram": "python",
                      "typed_lexicon": "python"}
    assert bypassed == stale == []


def test_guard_checks_a_typed_module_against_its_pyx(tmp_path):
    """typed_decoder is built from a .pyx: its digest is the .pyx's, and when
    that changes it is not used (the Python decoder runs instead)."""
    _fake_build(tmp_path, modules=("decoder", "typed_decoder"))
    assert compiled.choose(str(tmp_path))[0]["typed_decoder"] == "compiled"
    (tmp_path / "typed_decoder.pyx").write_text("NAME = 'edited'\n", encoding="utf-8")
    status, bypassed, stale = compiled.choose(str(tmp_path))
    assert status["typed_decoder"] == "python" and status["decoder"] == "compiled"
    assert bypassed == stale == ["typed_decoder"]
    (tmp_path / "typed_decoder.pyx").unlink()  # an install without the source: not vouched for
    assert compiled.choose(str(tmp_path))[0]["typed_decoder"] == "python"


def test_guard_bypasses_an_extension_whose_source_changed(tmp_path):
    _fake_build(tmp_path)
    (tmp_path / "tokens.py").write_text("NAME = 'edited'\n", encoding="utf-8")
    status, bypassed, stale = compiled.choose(str(tmp_path))
    assert status["tokens"] == "python" and status["decoder"] == "compiled"
    assert bypassed == stale == ["tokens"]


def test_guard_bypasses_extensions_no_manifest_vouches_for(tmp_path):
    _fake_build(tmp_path, digests={})
    status, bypassed, stale = compiled.choose(str(tmp_path))
    assert set(status.values()) == {"python"}
    assert sorted(bypassed) == sorted(stale) == ["decoder", "tokens"]


def test_pure_python_forced_bypasses_all_without_a_warning(tmp_path, monkeypatch):
    _fake_build(tmp_path)
    monkeypatch.setenv(compiled.PURE_ENV, "1")
    status, bypassed, stale = compiled.choose(str(tmp_path), forced=compiled.pure_python_forced())
    assert set(status.values()) == {"python"}
    assert sorted(bypassed) == ["decoder", "tokens"] and stale == []
    monkeypatch.setenv(compiled.PURE_ENV, "0")
    assert not compiled.pure_python_forced()


def test_source_finder_imports_the_py_beside_an_extension_module(tmp_path, monkeypatch):
    """The bypass itself: with an (unloadable) extension module beside it, the
    .py is what gets imported."""
    package = tmp_path / "guardpkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    _fake_build(package, modules=("tokens",))
    monkeypatch.syspath_prepend(str(tmp_path))
    finder = compiled._SourceFinder({"guardpkg.tokens": str(package / "tokens.py")})
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])
    try:
        import guardpkg.tokens  # noqa: PLC0415

        assert guardpkg.tokens.NAME == "tokens"
        assert guardpkg.tokens.__file__ == str(package / "tokens.py")
    finally:
        for name in ("guardpkg.tokens", "guardpkg"):
            sys.modules.pop(name, None)


if __name__ == "__main__":
    print(json.dumps(golden_outputs()))
