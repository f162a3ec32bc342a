"""Run the benchmarks: `python -m bench` (all) or `python -m bench language pipeline`."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("language", "pipeline", "boilerplate", "despin", "translate")


def main(names: list[str]) -> None:
    for name in names or BENCHMARKS:
        if name not in BENCHMARKS:
            raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
        print(f"\n=== bench/{name}", flush=True)
        module = importlib.import_module(f"bench.{name}.run")
        sys.argv = [f"bench.{name}"]
        module.main()


if __name__ == "__main__":
    main(sys.argv[1:])
