"""A baseline never loses entries to a narrower run, and applies when it is there (issue 13).

A run may call an entry fixed, and `--prune` may drop it, only when it checked the entry's file
and ran the entry's rule on it; `codehealth baseline` with a selection or a file list replaces
only the entries inside that scope.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pytest_codehealth.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SWALLOW = "def drop(d, k):\n    try:\n        del d[k]\n    except KeyError:\n        pass\n"
CLOCK = (
    "import time\n\n\ndef new_job():\n    job_id = f'job_{int(time.time())}'\n    return job_id\n"
)
REDIS = (
    "import redis.asyncio as redis\n\nclient = redis.Redis()\n\n\n"
    "async def save(k, v):\n    client.set(k, v)\n"
)
BRANCHY = "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(12))
# one file per gate family, each with a finding of its own
FILES = {
    "big.py": "x = 1\n" * 401,
    "swallow.py": SWALLOW,
    "ids.py": CLOCK,
    "cache.py": REDIS,
    "branchy.py": BRANCHY,
}
ALL_CODES = {"CH001", "CH002", "CH003", "CH005", "CH010"}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def _entries(project: Path) -> list[tuple[str, str]]:
    document = json.loads((project / ".codehealth-baseline.json").read_text())
    return sorted((entry["path"], entry["code"]) for entry in document["entries"])


def _one_gate_hooks() -> list[tuple[str, list[str]]]:
    """Each pre-commit hook that passes file names, with its command-line arguments."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    found = []
    for hook in hooks:
        if hook.get("pass_filenames", True):
            words = hook["entry"].split()[1:]  # `codehealth check ...`
            found.append((hook["id"], [*words, *hook.get("args", [])]))
    return found


def test_the_project_has_a_finding_of_every_gate(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "baseline")[0] == 0
    assert {code for _, code in _entries(project)} == ALL_CODES


@pytest.mark.parametrize(("hook", "argv"), _one_gate_hooks(), ids=lambda v: str(v)[:40])
def test_no_hook_calls_other_gates_entries_fixed(
    project: Path, capsys: pytest.CaptureFixture[str], hook: str, argv: list[str]
) -> None:
    _run(capsys, "baseline")
    code, out, err = _run(capsys, *argv, *FILES)
    assert (code, err) == (0, []), hook
    assert "checked, no new findings (" in out[-1], hook


def test_prune_with_a_selection_keeps_the_other_rules_entries(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "baseline")
    before = _entries(project)
    (project / "swallow.py").write_text("x = 2\n")  # CH002 fixed
    code, _, err = _run(capsys, "baseline", "--prune", "--select", "CH001")
    assert (code, err[0]) == (0, "codehealth: pruned 0 fixed entries")
    assert _entries(project) == before
    _run(capsys, "baseline", "--prune", "--select", "CH002")
    assert _entries(project) == [entry for entry in before if entry != ("swallow.py", "CH002")]


def test_baseline_with_a_selection_replaces_only_that_rules_entries(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "baseline")
    before = _entries(project)
    (project / "big.py").write_text("x = 1\n")
    assert _run(capsys, "baseline", "--select", "CH001")[0] == 0
    assert _entries(project) == [entry for entry in before if entry[1] != "CH001"]


def test_baseline_with_a_file_list_keeps_the_other_files_entries(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "baseline")
    before = _entries(project)
    (project / "swallow.py").write_text("x = 2\n")
    assert _run(capsys, "baseline", "ids.py", "swallow.py")[0] == 0
    assert _entries(project) == [entry for entry in before if entry[0] != "swallow.py"]


def test_a_per_path_ignore_does_not_call_entries_fixed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "baseline")
    before = _entries(project)
    (project / "pyproject.toml").write_text(
        '[tool.codehealth.per-path."swallow.py"]\nignore = ["CH002"]\n'
    )
    code, _, err = _run(capsys, "check")
    assert (code, err) == (0, [])
    _run(capsys, "baseline", "--prune")
    assert _entries(project) == before


def test_a_deleted_file_is_fixed_only_for_the_rules_that_ran(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "baseline")
    (project / "swallow.py").unlink()
    assert _run(capsys, "check", "--select", "CH001")[2] == []
    err = _run(capsys, "check", "--select", "CH002")[2]
    assert err == [
        "codehealth: swallow.py: CH002 in `drop` is fixed; remove it from "
        f"{project / '.codehealth-baseline.json'} (`codehealth baseline --prune`)"
    ]


def test_the_default_baseline_file_applies_when_present(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "check")[0] == 1
    _run(capsys, "baseline")
    assert _run(capsys, "check") == (
        0,
        ["codehealth: 5 files checked, no new findings (5 in the baseline)"],
        [],
    )
    code, out, _ = _run(capsys, "check", "--no-baseline")
    assert (code, out[-1]) == (1, "codehealth: 5 findings in 5 files (5 files checked)")


def test_no_baseline_turns_a_configured_baseline_off(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.codehealth]\nbaseline = "known.json"\n')
    _run(capsys, "baseline")
    assert (project / "known.json").is_file()
    assert _run(capsys, "check")[0] == 0
    assert _run(capsys, "check", "--no-baseline")[0] == 1


def test_the_default_baseline_sits_in_the_config_folder(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "pyproject.toml").write_text("[tool.codehealth]\n")
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    _run(capsys, "baseline", "..")
    assert (project / ".codehealth-baseline.json").is_file()
    assert _run(capsys, "check", "..")[0] == 0


def test_json_counts_what_the_baseline_held_back(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "baseline")
    (project / "more.py").write_text(SWALLOW)
    code, out, _ = _run(capsys, "check", "--format", "json")
    document = json.loads("\n".join(out))
    assert (code, document["baselined"], len(document["findings"])) == (1, 5, 1)
