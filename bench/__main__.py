"""Run the benchmarks: `python -m bench` runs them all, `python -m bench NAME …` some."""

from __future__ import annotations

import importlib
import sys
import time

import bench

# (name, module): each module has run(). Add a benchmark here.
BENCHMARKS = [
    ("reporting_import", "bench.reporting_import"),
    ("scoring_national", "bench.scoring_national"),
]


def main(argv: list[str]) -> int:
    known = dict(BENCHMARKS)
    names = argv or [name for name, _module in BENCHMARKS]
    unknown = [name for name in names if name not in known]
    if unknown:
        print(f"Unknown benchmark {', '.join(unknown)}; known: {', '.join(known)}.")
        return 2
    started = time.perf_counter()
    print("Setting up a scratch database (migrations)…", flush=True)
    bench.setup()
    print(f"  ready in {time.perf_counter() - started:.1f} s\n", flush=True)
    for name in names:
        print(f"== {name}", flush=True)
        importlib.import_module(known[name]).run()
        print()
    print(f"All benchmarks done in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
