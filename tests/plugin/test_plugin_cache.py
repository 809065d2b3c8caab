"""The cache of clean results, `--lf`, and runs under pytest-xdist."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pytest_codehealth.config.load import FileSettings, load_settings
from pytest_codehealth.core.findings import FileResult, Finding
from pytest_codehealth.engine.run import Target, check_target_result
from pytest_codehealth.plugin import items
from pytest_codehealth.plugin.cache import CACHE_KEY, CleanCache, content_digest
from tests.helpers import rule_named
from tests.plugin.project import PYPROJECT, SILENT, SILENT_LINE, finding_lines, write

CACHED = "codehealth: {} files passed from the cache (unchanged since their last clean check)"


def cached(count: int) -> list[str]:
    return [CACHED.format(count)]


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the engine checks during in-process runs."""
    files: list[str] = []

    def counting(
        target: Target, settings: FileSettings, data: bytes | Finding | None = None
    ) -> FileResult:
        files.append(target.display)
        return check_target_result(target, settings, data)

    monkeypatch.setattr(items, "check_target_result", counting)
    return files


def test_second_run_passes_clean_unchanged_files_unchecked(
    project: pytest.Pytester, checked: list[str]
) -> None:
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    assert len(checked) == 4
    checked.clear()
    result = project.runpytest("--codehealth", "-v", "-rs")
    # a cached clean file is a pass (a dot), not a skip; only the failing file is checked again
    result.assert_outcomes(passed=4, failed=1)
    assert checked == ["src/pkg/bad.py"]
    result.stdout.fnmatch_lines(["src/pkg/good.py::codehealth PASSED*", *cached(3)])
    assert "SKIP" not in result.stdout.str()
    assert finding_lines(result.outlines) == [SILENT_LINE]


def test_changed_file_is_checked_again(project: pytest.Pytester) -> None:
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    write(project, "src/pkg/good.py", SILENT)
    result = project.runpytest("--codehealth", "-v")
    result.assert_outcomes(passed=3, failed=2)
    assert "src/pkg/good.py::codehealth FAILED" in result.stdout.str()
    result.stdout.fnmatch_lines(cached(2))
    write(project, "src/pkg/good.py", "X = 2\n")
    result = project.runpytest("--codehealth", "-v")
    result.assert_outcomes(passed=4, failed=1)
    assert "src/pkg/good.py::codehealth PASSED" in result.stdout.str()
    result.stdout.fnmatch_lines(cached(2))


def test_fixed_file_is_recorded_clean(project: pytest.Pytester, checked: list[str]) -> None:
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    write(project, "src/pkg/bad.py", "X = 3\n")
    project.runpytest("--codehealth").assert_outcomes(passed=5)
    checked.clear()
    project.runpytest("--codehealth").stdout.fnmatch_lines(cached(4))
    assert checked == []


@pytest.mark.parametrize(
    ("pyproject", "outcomes", "again"),
    [
        pytest.param(
            PYPROJECT + "[tool.codehealth.max-lines]\nmax = 300\n",
            {"passed": 4, "failed": 1},
            ["src/pkg/bad.py"],
            id="option-value",
        ),
        pytest.param(
            PYPROJECT.replace('paths = ["src"]', 'paths = ["src"]\nignore = ["CH002"]'),
            {"passed": 5},
            [],
            id="rule-selection",
        ),
    ],
)
def test_config_change_invalidates_the_cache(
    project: pytest.Pytester,
    checked: list[str],
    pyproject: str,
    outcomes: dict[str, int],
    again: list[str],
) -> None:
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    project.makepyprojecttoml(pyproject)
    checked.clear()
    project.runpytest("--codehealth").assert_outcomes(**outcomes)
    assert len(checked) == 4  # nothing taken from the cache
    checked.clear()
    project.runpytest("--codehealth").assert_outcomes(**outcomes)
    assert checked == again  # cached under the new config


def test_no_cacheprovider_checks_every_time(project: pytest.Pytester, checked: list[str]) -> None:
    for _ in range(2):
        checked.clear()
        result = project.runpytest("--codehealth", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=4, failed=1)
        assert len(checked) == 4
        assert "from the cache" not in result.stdout.str()


@pytest.mark.parametrize("junk", ["not json", "[1, 2]", '{"src/pkg/good.py::codehealth": 1}'])
def test_corrupt_cache_is_an_empty_one(project: pytest.Pytester, junk: str) -> None:
    cache_file = project.path / ".pytest_cache" / "v" / CACHE_KEY
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text(junk)
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    project.runpytest("--codehealth").stdout.fnmatch_lines(cached(3))


def test_last_failed_runs_only_the_failing_gate(project: pytest.Pytester) -> None:
    project.runpytest("--codehealth").assert_outcomes(passed=4, failed=1)
    result = project.runpytest("--codehealth", "--lf")
    assert result.parseoutcomes()["failed"] == 1
    assert "passed" not in result.parseoutcomes()
    assert finding_lines(result.outlines) == [SILENT_LINE]
    result = project.runpytest("--codehealth", "--ff", "-v")
    result.assert_outcomes(passed=4, failed=1)
    ran = [line.split()[0] for line in result.outlines if line.endswith("%]")]
    assert ran[0] == "src/pkg/bad.py::codehealth"


@pytest.mark.parametrize("dist", [["-n", "2"], ["-p", "no:xdist"]], ids=["xdist", "no-xdist"])
def test_under_xdist_and_without(project: pytest.Pytester, dist: list[str]) -> None:
    result = project.runpytest_subprocess("--codehealth", *dist)
    result.assert_outcomes(passed=4, failed=1)
    assert finding_lines(result.outlines) == [SILENT_LINE]
    assert "Traceback" not in result.stdout.str()
    # the controller wrote the cache: the second run takes the three clean files from it
    result = project.runpytest_subprocess("--codehealth", *dist)
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(cached(3))


def test_fingerprint_is_stable_and_tracks_options(tmp_path: Path) -> None:
    base = load_settings(None, {}, tmp_path).for_parts(("a.py",))
    assert base.fingerprint == base.fingerprint
    changed = load_settings(None, {"options": {"CH001": {"max": 300}}}, tmp_path).for_parts(
        ("a.py",)
    )
    assert changed.fingerprint != base.fingerprint
    fewer = base.replace(rules=base.rules[:-1])
    assert fewer.fingerprint != base.fingerprint


@dataclasses.dataclass(frozen=True)
class _PlainOptions:
    allow: frozenset[int]


def test_fingerprint_ignores_set_order() -> None:
    # 1 and 9 share a slot in a small set's table: the first one in is the first one out,
    # whatever the hash seed, so these two equal sets iterate in different orders
    first, second = frozenset([1, 9]), frozenset([9, 1])
    assert list(first) != list(second)
    rule = rule_named("CH002")
    one = FileSettings(((rule, _PlainOptions(first)),))
    two = FileSettings(((rule, _PlainOptions(second)),))
    assert one.fingerprint == two.fingerprint


def test_digest_and_clean_cache(tmp_path: Path) -> None:
    settings = load_settings(None, {}, tmp_path).for_parts(("a.py",))
    digest = content_digest(b"x = 1\n", settings)
    assert digest == content_digest(b"x = 1\n", settings)
    assert digest != content_digest(b"x = 2\n", settings)
    cache = CleanCache(None)
    cache.record("a.py::codehealth", digest)
    cache.save()  # no cache: nothing to write, nothing remembered
    assert not cache.is_clean("a.py::codehealth", digest, Path("."))
