"""Run the benchmarks: `python -m bench` (all) or `python -m bench language pipeline`."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("language", "pipeline", "boilerplate", "despin", "translate")


def main(names: list[str]) -> None:
    for name in names:  # all checked before any runs: a benchmark takes minutes
        if name.startswith("-"):
            # each benchmark has its own flags: they go to its module
            example = next((n for n in names if n in BENCHMARKS), "NAME")
            raise SystemExit(f"{name!r}: flags are a benchmark's own; pass them to it alone: "
                             f"python -m bench.{example} {name} (python -m bench.{example} --help lists them)")
        if name not in BENCHMARKS:
            raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
    for name in names or BENCHMARKS:
        print(f"\n=== bench/{name}", flush=True)
        module = importlib.import_module(f"bench.{name}.run")
        sys.argv = [f"bench.{name}"]
        module.main()


if __name__ == "__main__":
    main(sys.argv[1:])
