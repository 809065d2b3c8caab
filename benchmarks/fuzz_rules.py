"""Run every rule on 10,000+ generated programs; count them and print every failure.

    python benchmarks/fuzz_rules.py [--examples 10000] [--seed N] [--show 5]

The property and the programs are those of `tests/test_fuzz_rules.py` (`tests/fuzzing.py`):
no exception escapes the engine, a rule, a fix or a reporter, no rule fails (CH000), and
every finding lies inside the file. Failures are collected, not shrunk, so one run lists
them all, grouped by their first line. Exit status 1 if there was any.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzzing import PROGRAMS, problems  # the repo root is on the path now


def fuzz(examples: int, chosen_seed: int) -> tuple[int, dict[str, list[str]]]:
    """How many programs ran, and the failures by kind (each with the programs that failed)."""
    count = 0
    failures: dict[str, list[str]] = {}

    @seed(chosen_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(PROGRAMS)
    def one(text: str) -> None:
        nonlocal count
        count += 1
        for problem in problems(text):
            failures.setdefault(_kind(problem), []).append(text)

    one()
    return count, failures


def _kind(problem: str) -> str:
    """A failure's kind: for a traceback, its innermost frame of ours and its last line."""
    lines = problem.strip().splitlines()
    if not problem.startswith("exception escaped"):
        return problem[:200]
    ours = [line.strip() for line in lines if "pytest_codehealth" in line and "File" in line]
    return f"{ours[-1] if ours else ''} {lines[-1]}"[:300]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20_260_509)
    parser.add_argument("--show", type=int, default=3, help="programs shown per failure")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # generated code raises SyntaxWarning and friends
    started = time.perf_counter()
    count, failures = fuzz(args.examples, args.seed)
    seconds = time.perf_counter() - started
    for kind, texts in sorted(failures.items()):
        print(f"FAILURE ({len(texts)} programs): {kind}")
        for text in texts[: args.show]:
            print(f"    {text!r}"[:2000])
    total = sum(len(texts) for texts in failures.values())
    print(f"{count} programs in {seconds:.0f} s (seed {args.seed}): {total} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
