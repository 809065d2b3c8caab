"""What the front door's memo costs when it misses, and saves when it hits, on a real tree.

    python benchmarks/front_door.py TREE [--runs 9] [--edit django/db/models/query.py]

The same install run two ways, in paired rounds on two copies of TREE (e.g. an unpacked
Django, copied as `django/`): through `cli.front` (the console script: the memo in front) and
through `cli.main` (the normal path alone). Each round appends a comment to the `--edit` file,
then times: "one changed", "warm, within the settle window" (of the edit: the memo cannot
vouch for the file, a miss), and after waiting the window out, "settled, first" (through
`cli.front`, a miss that records and writes the memo) and "settled, again" (through
`cli.front`, a hit). Medians, and the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENTRIES = {
    "cli.front": "from pytest_codehealth.cli.front import main; raise SystemExit(main())",
    "cli.main": "from pytest_codehealth.cli.main import main; raise SystemExit(main())",
}
SETTLE_S = 2.5  # `SETTLE_NS`, and a margin


def _timed(entry: str, root: Path, times: dict[str, list[float]], label: str) -> None:
    command = [sys.executable, "-c", ENTRIES[entry], "check", "django"]
    start = time.perf_counter()
    subprocess.run(command, cwd=root, capture_output=True, check=False)
    times.setdefault(f"{entry}: {label}", []).append(time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--edit", default="django/db/models/query.py")
    args = parser.parse_args()
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        roots = {entry: Path(temporary, str(index)) for index, entry in enumerate(ENTRIES)}
        for root in roots.values():
            shutil.copytree(args.tree, root / "django")
            (root / ".git").mkdir()
        time.sleep(SETTLE_S)
        for entry, root in roots.items():  # the cache filled (the index needs 2 runs)
            for _ in range(2):
                _timed(entry, root, {}, "fill")
        for round_ in range(args.runs):
            order = list(ENTRIES) if round_ % 2 else list(reversed(ENTRIES))
            for entry in order:
                with (roots[entry] / args.edit).open("a") as stream:
                    stream.write(f"# edit {round_}\n")
                _timed(entry, roots[entry], times, "one changed")
                _timed(entry, roots[entry], times, "warm, within the settle window")
            time.sleep(SETTLE_S)
            for label in ("settled, first", "settled, again"):
                for entry in order:
                    _timed(entry, roots[entry], times, label)
    load = os.getloadavg()[0]
    print(f"Python {sys.version.split()[0]}, {args.tree}, median of {args.runs} paired rounds")
    print(f"load average {load:.1f}")
    print("| run | median |")
    print("|---|---|")
    for name in sorted(times):
        print(f"| {name} | {statistics.median(times[name]) * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
