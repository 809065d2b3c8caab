"""The cache of clean results records the bytes that were checked, never others."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.plugin.project import SILENT, write

GOOD = "X = 1\n"
# edits the file while the run is in progress: after pytest set the item up, before it runs
FLIP_DURING_THE_RUN = f"""
import pathlib
import pytest

FILE = pathlib.Path(__file__).parent / "src" / "flip.py"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    if item.nodeid == "src/flip.py::codehealth":
        FILE.write_text({GOOD!r})


def pytest_runtest_teardown(item):
    if item.nodeid == "src/flip.py::codehealth":
        FILE.write_text({SILENT!r})
"""


def test_a_file_edited_between_setup_and_call_is_not_cached_clean(
    pytester: pytest.Pytester,
) -> None:
    # hardening 2: the digest was taken in setup() and the check read the file again
    pytester.makepyprojecttoml("[tool.codehealth]\n")
    write(pytester, "src/flip.py", SILENT)
    write(pytester, "conftest.py", FLIP_DURING_THE_RUN)
    pytester.runpytest("--codehealth", "src").assert_outcomes(passed=1)  # checked the clean edit
    assert (pytester.path / "src" / "flip.py").read_text() == SILENT
    (pytester.path / "conftest.py").unlink()
    result = pytester.runpytest("--codehealth", "src")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["src/flip.py:4:5: CH002 *"])


@contextmanager
def flipping(files: list[Path]) -> Iterator[None]:
    """Rewrite the files, clean and failing in turn, until the block ends."""
    stop = threading.Event()

    def flip() -> None:
        turn = 0
        while not stop.is_set():
            for file in files:
                file.write_text(GOOD if turn % 2 else SILENT)
            turn += 1

    thread = threading.Thread(target=flip)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def test_files_rewritten_during_runs_are_never_cached_clean(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml("[tool.codehealth]\n")
    files = [pytester.path / "src" / f"m{number}.py" for number in range(20)]
    for file in files:
        write(pytester, str(file.relative_to(pytester.path)), GOOD)
    for _ in range(5):
        with flipping(files):
            pytester.runpytest("--codehealth", "src")
        for file in files:
            file.write_text(SILENT)
        # whatever the cache recorded during the flipping, it cannot pass a failing file
        pytester.runpytest("--codehealth", "src").assert_outcomes(failed=len(files))
        for file in files:
            file.write_text(GOOD)
        pytester.runpytest("--codehealth", "src").assert_outcomes(passed=len(files))
