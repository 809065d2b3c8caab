"""`codehealth report` on bad input: one clear line and exit 2, or a finding; never a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_codehealth.cli import report
from pytest_codehealth.cli.main import main
from tests.scorecard.repo import PYPROJECT, git, make_repo, write


def test_a_bad_since_names_the_branches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "shop")
    monkeypatch.chdir(repo)
    assert main(["report", "--no-tools", "--since", "mian"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"codehealth: error: --since: `mian` is not a branch, tag or commit of {repo}; "
        "its branches: `main`, `split`\n"
    )


@pytest.mark.parametrize("flag", ["--since=main", "--history=3"])
def test_git_flags_outside_git_are_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": ""})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["report", "--no-tools", flag]) == 2
    assert capsys.readouterr().err == (
        f"codehealth: error: {tmp_path} is not in a git repository: "
        "--since and --history need git history\n"
    )


def test_outside_git_the_report_has_no_before_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "", "pkg/a.py": "x = 1\n"})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["report", "--no-tools", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["since"], doc["now"]["commit"], doc["trend"], doc["hotspots"]) == (
        None,
        None,
        [],
        [],
    )
    assert [row["before"] for row in doc["rows"]] == [None] * 11
    assert {row["trend"] for row in doc["rows"] if row["after"] is not None} == {"new"}
    assert doc["notes"] == ["not a git repository: no before/after, hotspots or trend"]


def test_an_unparsable_file_is_reported_now_and_at_the_ref(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "shop")
    write(repo, {"pkg/broken.py": "def broken(:\n"})
    (repo / "pkg/latin.py").write_bytes(b"x = '\xe9'\n")  # not UTF-8, no coding line
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Broken files")
    monkeypatch.chdir(repo)
    assert main(["report", "--no-tools", "--format", "json", "--since=HEAD"]) == 0
    doc = json.loads(capsys.readouterr().out)
    gates = {gate["code"]: gate for gate in doc["gates"]}
    assert (gates["CH000"]["findings"], gates["CH000"]["passed"]) == (2, False)
    files = {item["path"]: item for item in doc["files"]}
    assert files["pkg/broken.py"] == {
        "path": "pkg/broken.py",
        "lines": 0,
        "max_complexity": 0,
        "findings": 1,
        "churn": 1,
        "hotspot": 0.0,
    }
    assert {row["key"]: row["before"] for row in doc["rows"]}["largest_module_lines"] == 242


def test_fail_on_findings_is_the_only_way_to_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "shop")  # `pkg/a.py` holds a clock id (CH003)
    monkeypatch.chdir(repo)
    assert main(["report", "--no-tools", "--format", "json"]) == 0
    assert main(["report", "--no-tools", "--format", "json", "--fail-on-findings"]) == 1
    assert main(["report", "--no-tools", "--fail-on-findings", "--ignore", "CH003"]) == 0
    capsys.readouterr()


def test_the_baseline_holds_findings_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "shop")
    monkeypatch.chdir(repo)
    assert main(["baseline", "--no-cache"]) == 0
    assert main(["report", "--no-tools", "--format", "json", "--fail-on-findings"]) == 0
    doc = json.loads(capsys.readouterr().out)
    gates = {gate["code"]: gate for gate in doc["gates"]}
    assert gates["CH003"] == {
        "code": "CH003",
        "name": "timestamp-id",
        "findings": 0,
        "baselined": 1,
        "passed": True,
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param([], "markdown", id="stdout"),
        pytest.param(["-o", "card.md"], "markdown", id="md"),
        pytest.param(["-o", "card.json"], "json", id="json"),
        pytest.param(["-o", "card.html"], "html", id="html"),
        pytest.param(["-o", "card.txt"], "markdown", id="other"),
        pytest.param(["-o", "card.html", "--format", "json"], "json", id="flag-wins"),
    ],
)
def test_the_format_follows_the_output_suffix(args: list[str], expected: str) -> None:
    from pytest_codehealth.cli.main import _parser  # noqa: PLC0415

    assert report.format_of(_parser().parse_args(["report", *args])) == expected


def test_the_output_file_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "shop")
    monkeypatch.chdir(repo)
    assert main(["report", "--no-tools", "-o", str(tmp_path / "card.json")]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads((tmp_path / "card.json").read_text())["schema"] == 1
    assert main(["report", "--no-tools", "-o", str(tmp_path / "missing" / "card.md")]) == 2
    assert capsys.readouterr().err.startswith(
        f"codehealth: error: cannot write {tmp_path / 'missing' / 'card.md'}: "
    )


def test_a_repository_without_commits_gives_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "", "pkg/a.py": "x = 1\n"})
    git(tmp_path, "init", "-q", "-b", "main")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--no-tools", "--format", "json", "--history=5"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["since"], doc["now"]["commit"], doc["trend"]) == (None, None, [])
    assert doc["notes"] == [
        "no default branch (`origin/HEAD`, `main`, `master`): no before/after",
        "no commit yet: no hotspots or trend",
    ]


def test_git_failing_midway_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_codehealth.compat import gitref  # noqa: PLC0415

    def failing(*args: object) -> dict[str, bytes]:
        raise gitref.GitError("fatal: bad object")

    repo = make_repo(tmp_path / "shop")
    monkeypatch.chdir(repo)
    monkeypatch.setattr(gitref, "read_blobs", failing)
    assert main(["report", "--no-tools", "--since=main"]) == 2
    assert capsys.readouterr().err == "codehealth: error: git failed: fatal: bad object\n"


def test_the_console_script_writes_the_markdown(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "shop")
    script = Path(sys.executable).parent / "codehealth"
    done = subprocess.run(
        [str(script), "report", "--no-tools", "--history=2", "-o", "card.md"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},  # a legacy console: not used for -o
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    text = (repo / "card.md").read_text(encoding="utf-8")
    assert text.startswith("## codehealth scorecard\n")
    assert "| Largest module (lines) | 1000 | 242 | ↓ -758 (improved) |" in text


def test_max_file_size_holds_in_old_trees_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "shop")  # `big.py` is 13 kB; each part of the split, 3 kB
    monkeypatch.chdir(repo)
    args = ["report", "--no-tools", "--format=json", "--history=2", "--max-file-size=2000"]
    assert main(args) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [point["findings"].get("CH000") for point in doc["trend"]] == [1, 4]
    assert {gate["code"]: gate["findings"] for gate in doc["gates"]}["CH000"] == 4
