"""The cache of clean results, `--lf`, and runs under pytest-xdist."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pytest_codehealth.config.load import FileSettings, load_settings
from pytest_codehealth.plugin.cache import CACHE_KEY, CleanCache, file_digest
from tests.helpers import rule_named
from tests.plugin.project import PYPROJECT, SILENT, SILENT_LINE, finding_lines, write

CACHED = "*codehealth: unchanged since its last clean check*"


def skipped_ids(result: pytest.RunResult) -> list[str]:
    return sorted(line.split()[0] for line in result.outlines if " SKIPPED" in line)


def test_second_run_skips_clean_unchanged_files(project: pytest.Pytester) -> None:
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    result = project.runpytest("--codehealth", "-v", "-rs")
    # the failing file is checked again; the passing test is not a gate and always runs
    result.assert_outcomes(passed=1, failed=1, skipped=3)
    assert skipped_ids(result) == [
        "src/pkg/__init__.py::codehealth",
        "src/pkg/good.py::codehealth",
        "tests/test_a.py::codehealth",
    ]
    result.stdout.fnmatch_lines([f"SKIPPED [[]3[]] {CACHED}"])
    assert finding_lines(result.outlines) == [SILENT_LINE]


def test_changed_file_is_checked_again(project: pytest.Pytester) -> None:
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    write(project, "src/pkg/good.py", SILENT)
    result = project.runpytest("--codehealth", "-v")
    result.assert_outcomes(passed=1, failed=2, skipped=2)
    assert "src/pkg/good.py::codehealth FAILED" in result.stdout.str()
    write(project, "src/pkg/good.py", "X = 2\n")
    result = project.runpytest("--codehealth", "-v")
    result.assert_outcomes(passed=2, failed=1, skipped=2)
    assert "src/pkg/good.py::codehealth PASSED" in result.stdout.str()


def test_fixed_file_is_recorded_clean(project: pytest.Pytester) -> None:
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    write(project, "src/pkg/bad.py", "X = 3\n")
    project.runpytest("--codehealth").assert_outcomes(passed=2, skipped=3)
    project.runpytest("--codehealth").assert_outcomes(passed=1, skipped=4)


@pytest.mark.parametrize(
    ("pyproject", "first", "second"),
    [
        pytest.param(
            PYPROJECT + "[tool.codehealth.max-lines]\nmax = 300\n",
            {"passed": 4, "failed": 1},
            {"passed": 1, "failed": 1, "skipped": 3},
            id="option-value",
        ),
        pytest.param(
            PYPROJECT.replace('paths = ["src"]', 'paths = ["src"]\nignore = ["CH002"]'),
            {"passed": 5},
            {"passed": 1, "skipped": 4},
            id="rule-selection",
        ),
    ],
)
def test_config_change_invalidates_the_cache(
    project: pytest.Pytester, pyproject: str, first: dict[str, int], second: dict[str, int]
) -> None:
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    project.makepyprojecttoml(pyproject)
    project.runpytest("--codehealth").assert_outcomes(**first)  # nothing skipped
    project.runpytest("--codehealth").assert_outcomes(**second)  # cached under the new config


def test_no_cacheprovider_checks_every_time(project: pytest.Pytester) -> None:
    for _ in range(2):
        result = project.runpytest("--codehealth", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=4, failed=1)


@pytest.mark.parametrize("junk", ["not json", "[1, 2]", '{"src/pkg/good.py::codehealth": 1}'])
def test_corrupt_cache_is_an_empty_one(project: pytest.Pytester, junk: str) -> None:
    cache_file = project.path / ".pytest_cache" / "v" / CACHE_KEY
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text(junk)
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    project.runpytest("--codehealth").assert_outcomes(passed=1, failed=1, skipped=3)


def test_last_failed_runs_only_the_failing_gate(project: pytest.Pytester) -> None:
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    result = project.runpytest("--codehealth", "--lf")
    assert result.parseoutcomes()["failed"] == 1
    assert "passed" not in result.parseoutcomes()
    assert finding_lines(result.outlines) == [SILENT_LINE]
    result = project.runpytest("--codehealth", "--ff", "-v")
    result.assert_outcomes(passed=1, failed=1, skipped=3)
    ran = [line.split()[0] for line in result.outlines if line.endswith("%]")]
    assert ran[0] == "src/pkg/bad.py::codehealth"


@pytest.mark.parametrize("dist", [["-n", "2"], ["-p", "no:xdist"]], ids=["xdist", "no-xdist"])
def test_under_xdist_and_without(project: pytest.Pytester, dist: list[str]) -> None:
    result = project.runpytest_subprocess("--codehealth", *dist)
    result.assert_outcomes(passed=4, failed=1)
    assert finding_lines(result.outlines) == [SILENT_LINE]
    assert "Traceback" not in result.stdout.str()
    # the controller wrote the cache: the second run skips the three clean files
    result = project.runpytest_subprocess("--codehealth", *dist)
    result.assert_outcomes(passed=1, failed=1, skipped=3)


def test_fingerprint_is_stable_and_tracks_options(tmp_path: Path) -> None:
    base = load_settings(None, {}, tmp_path).for_parts(("a.py",))
    assert base.fingerprint == base.fingerprint
    changed = load_settings(None, {"options": {"CH001": {"max": 300}}}, tmp_path).for_parts(
        ("a.py",)
    )
    assert changed.fingerprint != base.fingerprint
    fewer = dataclasses.replace(base, rules=base.rules[:-1])
    assert fewer.fingerprint != base.fingerprint


def test_fingerprint_ignores_set_order() -> None:
    @dataclasses.dataclass(frozen=True)
    class Options:
        allow: frozenset[str]

    rule = rule_named("CH002")
    one = FileSettings(((rule, Options(frozenset(["b", "a", "c"]))),))
    two = FileSettings(((rule, Options(frozenset(["c", "a", "b"]))),))
    assert one.fingerprint == two.fingerprint


def test_digest_and_clean_cache(tmp_path: Path) -> None:
    settings = load_settings(None, {}, tmp_path).for_parts(("a.py",))
    assert file_digest(tmp_path / "missing.py", settings) is None
    (tmp_path / "a.py").write_text("x = 1\n")
    digest = file_digest(tmp_path / "a.py", settings)
    assert digest is not None
    cache = CleanCache(None)
    cache.record("a.py::codehealth", digest)
    cache.save()  # no cache: nothing to write, nothing remembered
    assert not cache.is_clean("a.py::codehealth", digest)
