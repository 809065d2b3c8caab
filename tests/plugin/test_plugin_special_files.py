"""Files that cannot be read (a FIFO, broken and looping links, a folder named `*.py`): CH000."""

from __future__ import annotations

import os
import sys

import pytest

from pytest_codehealth.cli.main import main
from tests.plugin.project import finding_lines, write

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symlinks")


def _special_files(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml("[tool.codehealth]\n")
    write(pytester, "src/ok.py", "X = 1\n")
    src = pytester.path / "src"
    os.mkfifo(src / "fifo.py")
    (src / "dangling.py").symlink_to("nowhere.py")
    (src / "loop.py").symlink_to("loop.py")
    (src / "folder.py").mkdir()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["src"], id="explicit-path"),
        pytest.param([], id="default-paths"),
        pytest.param(["-n", "2", "src"], id="xdist"),
    ],
)
def test_plugin_and_cli_agree_on_special_files(
    pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    # hardening 11: these were CH000 in the CLI and silently not collected under pytest
    _special_files(pytester)
    assert main(["check", "--no-cache", "src"]) == 1
    cli_lines = finding_lines(capsys.readouterr().out.splitlines())
    assert len(cli_lines) == 4
    result = pytester.runpytest_subprocess("--codehealth", *args)
    assert finding_lines(result.outlines) == cli_lines
    result.assert_outcomes(passed=1, failed=4)


def test_pytest_ignore_options_apply_to_special_files(pytester: pytest.Pytester) -> None:
    _special_files(pytester)
    result = pytester.runpytest_subprocess(
        "--codehealth", "src", "--ignore=src/fifo.py", "--ignore-glob=*/loop.py"
    )
    result.assert_outcomes(passed=1, failed=2)
    assert "fifo.py" not in result.stdout.str()
