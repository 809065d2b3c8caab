"""Linear cost: wall time and peak memory of one generated file of N and 2N lines.

    python benchmarks/linear_cost.py [--lines 25000 100000] [--select ALL] [--baseline-src DIR]

For each N, writes the generated file of `tests/test_linear_cost.py` at about N and 2N lines
to a temporary folder and runs `codehealth check --no-cache --select ...` on each in a child
process (alternating, median of 3), printing the time ratio (target at most 2.2) and each
run's peak RSS. The test counts calls instead of timing them. `--baseline-src DIR` also runs
the code in DIR (first on `PYTHONPATH`) in the same rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_linear_cost import CHUNK, generated  # after the path entry

ENTRY = "from pytest_codehealth.cli.main import main; raise SystemExit(main())"


def _run(path: Path, select: str, source: str = "") -> tuple[float, int]:
    """Wall seconds and the child's peak RSS in MiB (ru_maxrss of this child alone)."""
    script = (
        f"import resource, sys\nsys.argv = ['codehealth', 'check', '--no-cache', "
        f"'--select', {select!r}, {str(path)!r}]\n"
        f"try:\n    exec({ENTRY!r})\nfinally:\n"
        "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": source} if source else None
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env
    )
    elapsed = time.perf_counter() - start
    return elapsed, int(done.stderr.strip().splitlines()[-1]) // 1024


def _pair(folder: str, lines: int, select: str, sources: list[str]) -> list[str]:
    """Both sizes, and each source, run alternately (median of 3): ratio and peak RSS."""
    paths = []
    for size in (lines, 2 * lines):
        path = Path(folder, f"generated_{size}.py")
        path.write_bytes(generated(size // CHUNK.count("\n")))
        paths.append(path)
    runs: dict[tuple[str, Path], list[tuple[float, int]]] = {
        (source, path): [] for source in sources for path in paths
    }
    for _ in range(3):
        for (source, path), measured in runs.items():
            measured.append(_run(path, select, source))
    found = []
    for source in sources:
        small, large = (statistics.median(t for t, _ in runs[(source, p)]) for p in paths)
        peaks = [max(m for _, m in runs[(source, p)]) for p in paths]
        found.append(
            f"{'before' if source else 'after'} N={lines}: {small:.2f} s, 2N: {large:.2f} s, "
            f"ratio {large / small:.2f}; peak RSS {peaks[0]} MiB, {peaks[1]} MiB"
        )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[25_000, 100_000])
    parser.add_argument("--select", default="ALL")
    parser.add_argument("--baseline-src", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        sources = [args.baseline_src, ""] if args.baseline_src else [""]
        for lines in args.lines:
            print(*_pair(temporary, lines, args.select, sources), sep="\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
