"""One very large generated file: does it finish, and what is its peak memory against the
memory `ast.parse` alone needs for it?

    python benchmarks/big_file.py [--lines 1000000] [--select "" ALL] [--baseline-src DIR]

Writes the generated module of `tests/test_linear_cost.py` at about `--lines` lines (1,000,000
lines is about 25 MB) to a temporary folder, then runs, each in its own process under the
wrapper of `cold_runs.py` (wall time, peak RSS of the largest process): the floor (read the
file and `ast.parse` it, nothing else), and `codehealth check --no-cache --max-file-size
100000000` with each `--select` (empty: the default gates), with `--baseline-src DIR` first on
`PYTHONPATH` too when given. Prints each run's time and peak RSS and the ratio of peak RSS
to the floor's (target at most 1.5).
"""

from __future__ import annotations

import argparse
import compileall
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.cold_runs import CHECK, measure  # after the path entry
from tests.test_linear_cost import CHUNK, generated

PARSE = "import ast, sys\nast.parse(open(sys.argv[1], 'rb').read())\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--select", nargs="+", default=["", "ALL"])
    parser.add_argument("--baseline-src", default="")
    args = parser.parse_args()
    here = Path(__file__).resolve().parents[1] / "pytest_codehealth"
    for source in (str(here), args.baseline_src):
        if source:
            compileall.compile_dir(source, quiet=1)
    with tempfile.TemporaryDirectory() as temporary:
        path = Path(temporary, "generated.py")
        path.write_bytes(generated(args.lines // CHUNK.count("\n")))
        lines = path.read_bytes().count(b"\n")
        print(f"{path.name}: {lines:,} lines, {path.stat().st_size:,} bytes")
        _, floor_peak, _ = measure([sys.executable, "-c", PARSE, str(path)], Path(temporary))
        print(f"floor (read + ast.parse): peak RSS {floor_peak // 1024} MiB")
        check = [*CHECK[:-1], "--max-file-size", "100000000", path.name]
        for select in args.select:
            command = [*check, "--select", select] if select else check
            for label, source in (("before", args.baseline_src), ("after", "")):
                if label == "before" and not source:
                    continue
                wall, peak, _ = measure(command, Path(temporary), source or None)
                print(
                    f"{select or 'default'} {label}: {wall:.1f} s, peak RSS {peak // 1024} MiB, "
                    f"{peak / floor_peak:.2f}x the floor's",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
