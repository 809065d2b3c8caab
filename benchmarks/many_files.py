"""Linear cost in the number of files: 10,000 small files against 20,000, paired.

    python benchmarks/many_files.py [--files 10000] [--runs 3] [--select ALL] [--baseline-src DIR]

Writes N and 2N small modules (a class, a branch, a swallowed error, a clock id: the chunk
of `tests/test_linear_cost.py`), spread over folders of 100, into a temporary folder, and
runs `codehealth check --no-cache` on each tree alternately (median of `--runs`), printing the
time ratio (target at most 2.2) and each run's peak RSS (`getrusage(RUSAGE_CHILDREN)`: the
largest process, main or pool worker). `--baseline-src DIR` runs the code in DIR (first on
`PYTHONPATH`) in the same rounds.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.cold_runs import CHECK, Measured, measure  # after the path entry
from tests.test_linear_cost import CHUNK, HEADER


def write_tree(root: Path, files: int) -> Path:
    """`files` small modules under `root`, 100 to a folder."""
    for number in range(files):
        folder = root / f"pkg{number // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        text = HEADER + CHUNK.format(n=number)
        (folder / f"mod{number}.py").write_text(text, encoding="utf-8")
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--select", default="")
    parser.add_argument("--baseline-src", default="")
    args = parser.parse_args()
    here = Path(__file__).resolve().parents[1] / "pytest_codehealth"
    for source in (str(here), args.baseline_src):
        if source:
            compileall.compile_dir(source, quiet=1)
    command = [*CHECK, "--select", args.select] if args.select else CHECK
    labels = ["after", "before"] if args.baseline_src else ["after"]
    with tempfile.TemporaryDirectory() as temporary:
        trees = [write_tree(Path(temporary, str(n)), n) for n in (args.files, 2 * args.files)]
        runs: dict[tuple[str, Path], list[Measured]] = {
            (label, tree): [] for label in labels for tree in trees
        }
        for _ in range(args.runs):
            for (label, tree), measured in runs.items():
                path = args.baseline_src if label == "before" else None
                measured.append(measure(command, tree, path))
        for label in labels:
            small, large = (statistics.median(m[0] for m in runs[(label, t)]) for t in trees)
            peaks = [max(m[1] for m in runs[(label, t)]) // 1024 for t in trees]
            print(
                f"{label}: {args.files} files {small:.2f} s, {2 * args.files} files "
                f"{large:.2f} s, ratio {large / small:.2f}; peak RSS {peaks[0]} / {peaks[1]} MiB"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
