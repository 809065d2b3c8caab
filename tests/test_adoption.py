"""Adoption at scale through the CLI: baseline and ratchet, severities, jobs, statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main

SWALLOW = "def drop(d, k):\n    try:\n        del d[k]\n    except KeyError:\n        pass\n"
LINE = "bad.py:4:5: CH002 `except KeyError` swallows the error silently"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "bad.py").write_text(SWALLOW)
    (tmp_path / "good.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_baseline_hides_known_findings_and_survives_a_shift(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "baseline")
    assert code == 0
    assert err == [f"codehealth: wrote 1 entry to {project / '.codehealth-baseline.json'}"]
    (project / "bad.py").write_text("import os\n\n" + SWALLOW)
    assert _run(capsys, "check", "--baseline", ".codehealth-baseline.json") == (
        0,
        ["codehealth: 2 files checked, no new findings (1 in the baseline)"],
        [],
    )


def test_new_findings_fail_and_fixed_entries_are_named(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "baseline")
    (project / "bad.py").write_text("try:\n    f()\nexcept OSError:\n    ...\n")
    code, out, err = _run(capsys, "check", "--baseline", ".codehealth-baseline.json")
    assert code == 1
    assert out[0] == "bad.py:3:1: CH002 `except OSError` swallows the error silently"
    assert err == [
        "codehealth: bad.py: CH002 in `drop` is fixed; remove it from "
        ".codehealth-baseline.json (`codehealth baseline --prune`)"
    ]


def test_prune_drops_fixed_entries_and_never_adds_new_ones(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "two.py").write_text(SWALLOW.replace("drop", "pop"))
    _run(capsys, "baseline")
    (project / "two.py").write_text("x = 2\n")
    (project / "good.py").write_text("try:\n    f()\nexcept OSError:\n    pass\n")
    code, _, err = _run(capsys, "baseline", "--prune")
    assert code == 0
    assert err[0] == "codehealth: pruned 1 fixed entry"
    entries = json.loads((project / ".codehealth-baseline.json").read_text())["entries"]
    assert [(entry["path"], entry["symbol"]) for entry in entries] == [("bad.py", "drop")]


def test_partial_runs_do_not_call_other_files_fixed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "baseline")
    assert _run(capsys, "check", "good.py", "--baseline", ".codehealth-baseline.json")[2] == []


def test_ratchet_lets_a_file_shrink_but_not_grow(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "big.py").write_text("x = 1\n" * 1101)
    _run(capsys, "baseline", "--select", "CH001")
    assert (
        _run(capsys, "check", "--select", "CH001", "--baseline", ".codehealth-baseline.json")[0]
        == 0
    )
    (project / "big.py").write_text("x = 1\n" * 1140)
    code, out, _ = _run(
        capsys, "check", "--select", "CH001", "--baseline", ".codehealth-baseline.json"
    )
    assert (code, out[0]) == (
        1,
        "big.py:1:1: CH001 module was 1,101 lines when baselined, now 1,140 (limit 400)",
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [("{", "invalid JSON"), ('{"tool": "black"}', 'no "tool": "codehealth"')],
    ids=["corrupt", "foreign"],
)
def test_an_unusable_baseline_is_exit_2_never_green(
    project: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    (project / "base.json").write_text(content)
    code, out, err = _run(capsys, "check", "--baseline", "base.json")
    assert (code, out) == (2, [])
    assert err[0].startswith("codehealth: error: base.json: not a codehealth baseline")
    assert reason in err[0]


def test_baseline_from_config_relative_to_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.codehealth]\nbaseline = "ci/known.json"\n')
    (project / "ci").mkdir()
    assert _run(capsys, "baseline")[0] == 0
    assert (project / "ci" / "known.json").is_file()
    assert _run(capsys, "check")[0] == 0


@pytest.mark.parametrize(
    ("config", "expected_exit"),
    [
        ('severity = { silent-except = "warning" }', 0),
        ('severity = { CH002 = "error" }', 1),
        ('[tool.codehealth.per-path."bad.py"]\nseverity = { CH002 = "warning" }', 0),
        (
            'severity = { CH002 = "warning" }\n[tool.codehealth.per-path."*.py"]\n'
            'severity = { CH002 = "error" }',
            1,
        ),
    ],
    ids=["warning", "error", "per-path-warning", "per-path-back-to-error"],
)
def test_warnings_are_reported_but_do_not_fail(
    project: Path, capsys: pytest.CaptureFixture[str], config: str, expected_exit: int
) -> None:
    (project / "pyproject.toml").write_text(f"[tool.codehealth]\n{config}\n")
    code, out, _ = _run(capsys, "check", "--format", "json")
    findings = json.loads("\n".join(out))["findings"]
    assert code == expected_exit
    assert [finding["code"] for finding in findings] == ["CH002"]


def test_a_bad_severity_is_a_config_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.codehealth]\nseverity = { CH002 = "loud" }\n')
    code, _, err = _run(capsys, "check")
    assert code == 2
    assert err == [
        f"codehealth: error: config error: {project / 'pyproject.toml'}: "
        'tool.codehealth.severity.CH002: expected "error" or "warning", got "loud"'
    ]


def test_statistics_counts_per_rule(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "more.py").write_text(SWALLOW + "x = 1\n" * 400)
    _, out, _ = _run(capsys, "check", "--statistics", "--select", "CH001,CH002")
    assert out[-2:] == ["     1  CH001  max-lines", "     2  CH002  silent-except"]


def test_github_overflow_goes_to_the_step_summary(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(12):
        (project / f"m{index:02}.py").write_text(SWALLOW)
    summary = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = _run(capsys, "check", "--format", "github")
    assert code == 1
    assert sum(line.startswith("::error ") for line in out) == 13
    rows = [line for line in summary.read_text().splitlines() if line.startswith("| `")]
    message = "CH002 | error | `except KeyError` swallows the error silently |"
    assert rows == [f"| `{name}.py:4:5` | {message}" for name in ("m09", "m10", "m11")]


def test_jobs_2_gives_exactly_what_jobs_1_gives(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for index in range(200):
        body = SWALLOW if index % 3 else "x = 1\n" * (395 + index % 10)
        (project / f"pkg{index % 7}").mkdir(exist_ok=True)
        (project / f"pkg{index % 7}" / f"m{index:03}.py").write_text(body)
    (project / "pkg0" / "broken.py").write_text("def f(:\n")
    one = _run(capsys, "check", "--jobs", "1", "--no-cache", "--format", "json")
    two = _run(capsys, "check", "--jobs", "2", "--no-cache", "--format", "json")
    assert one == two
    assert one[0] == 1
    assert len(json.loads("\n".join(one[1]))["findings"]) > 130
    assert LINE in _run(capsys, "check", "--jobs", "2", "--no-cache")[1]
