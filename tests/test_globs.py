"""Globs: what they match, bad patterns as errors, and matching in linear time (issue 19)."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from pytest_codehealth.config.globs import GlobError, compile_glob

ROOT = Path(__file__).resolve().parents[1]
TIME_LIMIT = 60  # seconds, generous: each adversarial case takes milliseconds when linear


@pytest.mark.parametrize(
    ("pattern", "path", "matched"),
    [
        pytest.param("tests/**", "tests/a.py", True, id="trailing-double-star"),
        pytest.param("tests/**", "tests", False, id="trailing-double-star-not-the-folder"),
        pytest.param("a/**/b", "a/b", True, id="double-star-spans-none"),
        pytest.param("a/**/b", "a/x/y/b/c.py", True, id="double-star-spans-some"),
        pytest.param("a/**/b", "x/a/b", False, id="anchored-at-the-root"),
        pytest.param("**", "x.py", True, id="double-star-alone"),
        pytest.param("a**b.py", "axyb.py", True, id="double-star-in-a-component-is-a-star"),
        pytest.param("src/a**b.py", "src/a/b.py", False, id="star-stays-in-its-component"),
        pytest.param("*a*b*", "xbxax", False, id="stars-keep-the-order"),
        pytest.param("a*a", "a", False, id="pieces-do-not-overlap"),
        pytest.param("a*a", "aa", True, id="pieces-touch"),
        pytest.param("[a-c]x", "bx", True, id="range"),
        pytest.param("[]]", "]", True, id="bracket-first-is-literal"),
        pytest.param("[^a]", "a", False, id="caret-negates"),
        pytest.param("x[-a]", "x-", True, id="dash-first-is-literal"),
        pytest.param("[[]x", "[x", True, id="open-bracket-in-a-class"),
        pytest.param("a\\b", "a\\b", True, id="backslash-is-literal"),
        pytest.param("a?c", "a\nc", True, id="question-mark-takes-a-newline"),
    ],
)
def test_matches(pattern: str, path: str, matched: bool) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no FutureWarning from `re` for a `[` in a class
        assert compile_glob(pattern).matches(tuple(path.split("/"))) is matched


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        pytest.param("[z-a]", "bad range `z-a` in pattern '[z-a]'", id="reversed-range"),
        pytest.param("x[9-0].py", "bad range `9-0` in pattern 'x[9-0].py'", id="reversed-digits"),
        pytest.param("[^]", "unclosed `[` in pattern '[^]'", id="negated-nothing"),
        pytest.param("[!]", "unclosed `[` in pattern '[!]'", id="negated-nothing-bang"),
        pytest.param(
            "[[:alpha:]]",
            "character class `[:alpha:]` is not supported in pattern '[[:alpha:]]'",
            id="posix-class",
        ),
    ],
)
def test_bad_patterns(pattern: str, message: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(GlobError) as info:
            compile_glob(pattern)
    assert str(info.value) == message


def _reference(pattern: str) -> re.Pattern[str]:
    """The plain (backtracking) regex for a pattern of `a`, `b`, `?`, `*` and `**` components."""
    names = pattern.split("/")
    if len(names) > 1 and names[-1] == "**":
        names.append("*")
    regex = ""
    for index, name in enumerate(names):
        last = index == len(names) - 1
        if name == "**":
            regex += "(?:[^/]*/)*" if not last else ".*"
            continue
        regex += re.sub(r"\*+", "[^/]*", name).replace("?", "[^/]") + ("" if last else "/")
    return re.compile(regex)


def _reference_match(pattern: str, parts: tuple[str, ...]) -> bool:
    regex = _reference(pattern)
    if "/" not in pattern:
        return any(regex.fullmatch(part) for part in parts)
    return any(regex.fullmatch("/".join(parts[:end])) for end in range(1, len(parts) + 1))


def test_agrees_with_a_backtracking_matcher_on_random_cases() -> None:
    """Leftmost placement finds every match a backtracking regex finds, and no other."""
    chance = random.Random(19)
    for _ in range(4000):
        names = [
            "**"
            if chance.random() < 0.2
            else "".join(chance.choices("ab?*", k=chance.randint(1, 4)))
            for _ in range(chance.randint(1, 4))
        ]
        pattern = "/".join(names)
        parts = tuple(
            "".join(chance.choices("ab", k=chance.randint(1, 5)))
            for _ in range(chance.randint(1, 5))
        )
        expected = _reference_match(pattern, parts)
        assert compile_glob(pattern).matches(parts) is expected, (pattern, parts)


# adversarial patterns: each in a subprocess, stopped after TIME_LIMIT seconds

ADVERSARIAL = [  # a backtracking regex takes minutes on each (36 s for 60 `a`, 120 s 25 deep)
    pytest.param("*a*a*a*a*a*a*a*ab.py", ["a" * 80], id="stars-in-one-name"),
    pytest.param("**/" * 10 + "x.py", ["d"] * 30 + ["y.py"], id="ten-double-stars-30-deep"),
]


@pytest.mark.parametrize(("pattern", "parts"), ADVERSARIAL)
def test_adversarial_pattern_finishes(pattern: str, parts: list[str]) -> None:
    code = (
        "from pytest_codehealth.config.globs import compile_glob\n"
        f"print(compile_glob({pattern!r}).matches({tuple(parts)!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert result.stdout == "False\n"


def test_adversarial_exclude_through_the_cli(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["d"] * 30)
    deep.mkdir(parents=True)
    (deep / "y.py").write_text("x = 1\n")
    command = [sys.executable, "-m", "pytest_codehealth.cli.main", "check", "--no-cache"]
    result = subprocess.run(
        [*command, "--exclude", "**/" * 10 + "x.py", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "codehealth: 1 file checked, no findings\n")
