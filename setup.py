"""Optional Cython build of the despin stage's hot modules (metadata: pyproject.toml).

`pip install -e .` (and a wheel build) compiles the hot modules of
pipeline/despin (`compiled.HOT_MODULES`, .py files) unchanged, in Cython's
pure-Python mode, and the typed ones (`compiled.TYPED_MODULES`, .pyx files
written for Cython: C arrays and typed loops standing in for Python code that
stays the reference), into extension modules beside the sources, and records
the SHA-256 of each source it compiled in pipeline/despin/_compiled.json (pipeline/despin/compiled.py
reads it at import and bypasses an extension module whose source has
changed since). Compiling is optional: without Cython or a C compiler, with
ARTNORM_NO_CYTHON=1, or where a module fails to compile, the install still
succeeds and those modules run as plain Python (a warning says so; pip shows
it with -v, and scripts/setup.sh reports what was compiled).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent


def _load_compiled():
    # by path: importing the package would need its dependencies at build time
    spec = importlib.util.spec_from_file_location("_artnorm_compiled", HERE / "pipeline" / "despin" / "compiled.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compiled = _load_compiled()
SOURCES = {f"{compiled.PACKAGE}.{m}": f"pipeline/despin/{compiled.source_file(m)}" for m in compiled.ALL_MODULES}


def _no_cython() -> bool:
    return os.environ.get("ARTNORM_NO_CYTHON", "").strip() not in ("", "0")


def warn(message: str) -> None:
    print(f"\nartnorm build: WARNING: {message}\n", file=sys.stderr, flush=True)


class OptionalCythonBuild(build_ext):
    """build_ext that cythonizes the hot modules first and never fails the install."""

    def finalize_options(self):
        # before setuptools finalizes the extensions: cythonize replaces them
        # (now with C sources), and setuptools sets attributes on the new ones
        self._up_to_date = self._inplace_up_to_date()
        self._skip_reason = None if self._up_to_date else self._cythonize()
        super().finalize_options()
        if self.parallel is None:  # the modules compile side by side
            self.parallel = max(1, min(len(self.extensions), os.cpu_count() or 1))

    def run(self):
        if self._up_to_date:  # setup.sh reinstalls on every `make test`: no 40 s recompile for nothing
            print("artnorm build: compiled despin modules are up to date", file=sys.stderr)
            return
        started = time.perf_counter()
        self._remove_inplace_outputs()  # never leave an old build beside the sources
        if self._skip_reason:
            warn(f"despin modules not compiled ({self._skip_reason}); they run as plain Python (slower).")
            return
        try:
            super().run()  # a module that fails to compile is skipped (optional), with a message
        except Exception as exc:  # noqa: BLE001 - e.g. no usable compiler: plain Python, not a failed install
            warn(f"compiling the despin modules failed ({exc}).")
        built = self._write_manifest()
        missing = sorted(set(SOURCES) - set(built))
        if missing:
            warn(f"could not compile {', '.join(missing)}; they run as plain Python (slower).")
        print(f"artnorm build: compiled {len(built)} of {len(SOURCES)} despin modules with Cython "
              f"in {time.perf_counter() - started:.1f}s", file=sys.stderr)

    def _inplace_up_to_date(self) -> bool:
        """Editable installs: every extension module is there, built by this
        Python and Cython from the sources now on disk."""
        if not (self.inplace or self.editable_mode) or _no_cython():
            return False
        try:
            from Cython import __version__ as cython_version  # noqa: PLC0415
        except ImportError:
            return False
        folder = HERE / "pipeline" / "despin"
        try:
            manifest = json.loads((folder / compiled.MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return (manifest.get("python") == sys.version and manifest.get("cython") == cython_version
                and set(compiled.extension_files(str(folder))) == set(compiled.ALL_MODULES)
                and manifest.get("modules") == {m: compiled.source_digest(str(folder / compiled.source_file(m)))
                                                for m in compiled.ALL_MODULES})

    def _cythonize(self) -> str | None:
        """Turn the .py sources into C (in build/cython); a reason not to compile, or None."""
        if _no_cython():
            return "ARTNORM_NO_CYTHON is set"
        try:
            from Cython.Build import cythonize  # noqa: PLC0415
        except ImportError:
            return "Cython is not installed"
        # digests of the sources as they are compiled, not as they may be once gcc is done
        self._digests = {m: compiled.source_digest(str(HERE / "pipeline" / "despin" / compiled.source_file(m)))
                         for m in compiled.ALL_MODULES}
        try:
            # pure-Python mode, unchanged semantics: no boundscheck/wraparound
            # directives (the code indexes lists from the end). force: Cython
            # would reuse C generated earlier by file times, and a .py restored
            # with an older time (cp -p, git stash) would be built from stale C;
            # this runs only when a rebuild is due anyway
            self.distribution.ext_modules = cythonize(
                self.distribution.ext_modules, build_dir="build/cython", quiet=True, force=True,
                compiler_directives={"language_level": 3})
            for ext in self.distribution.ext_modules:
                ext.optional = True  # cythonize does not carry it over
        except Exception as exc:  # noqa: BLE001 - any Cython error means: plain Python
            return f"Cython failed: {exc}"
        return None

    def _target_dir(self) -> Path:
        """Where the extension modules end up: the source tree when in place
        (editable installs), else the build folder a wheel is made from."""
        build_py = self.get_finalized_command("build_py")
        if self.inplace:
            return Path(build_py.get_package_dir(compiled.PACKAGE))
        return Path(self.build_lib, *compiled.PACKAGE.split("."))

    def _remove_inplace_outputs(self) -> None:
        if not self.inplace:
            return
        folder = self._target_dir()
        for name in compiled.extension_files(str(folder)).values():
            (folder / name).unlink()
        (folder / compiled.MANIFEST).unlink(missing_ok=True)

    def _write_manifest(self) -> list[str]:
        """Record the source digest of each module whose extension module exists; the names built."""
        folder = self._target_dir()
        present = compiled.extension_files(str(folder))
        from Cython import __version__ as cython_version  # noqa: PLC0415

        manifest = {"modules": {m: self._digests[m] for m in present}, "python": sys.version,
                    "cython": cython_version}
        (folder / compiled.MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return [f"{compiled.PACKAGE}.{m}" for m in present]


setup(
    ext_modules=[Extension(name, [source], optional=True) for name, source in SOURCES.items()],
    cmdclass={"build_ext": OptionalCythonBuild},
)
