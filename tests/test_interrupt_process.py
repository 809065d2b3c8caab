"""Ctrl-C in a real run: the terminal sends SIGINT to the whole process group, the run and
its pool workers alike. The run says so in one line and exits 130; no worker prints a
traceback or outlives it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ENTRY = (
    "import sys\nfrom pytest_codehealth.cli.front import main\nraise SystemExit(main(sys.argv[1:]))"
)
# enough work that the pool is still busy when the signal comes (about 2 s of analysis)
MODULE = "".join(
    f"def f{n}(x):\n    if x > {n}:\n        return x\n    for y in range(x):\n"
    f"        x += y\n    return x\n\n\n"
    for n in range(300)
)


def _workers(marker: str) -> list[int]:
    """The pool workers of the run whose import path holds `marker` (their argv does)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        command = _command_line(entry)
        if marker.encode() in command and b"engine.worker" in command:
            found.append(int(entry))
    return found


def _command_line(pid: str) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as stream:
            return stream.read()
    except OSError:  # the process ended meanwhile
        return b""


def _until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def test_ctrl_c_during_the_pool_says_so_once_and_leaves_no_worker(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    for number in range(200):
        (root / f"m{number}.py").write_text(MODULE)
    marker = str(tmp_path / "marker-on-the-import-path")
    path = os.pathsep.join([marker, *filter(None, [os.environ.get("PYTHONPATH")])])
    run = subprocess.Popen(
        [sys.executable, "-c", ENTRY, "check", "--no-cache", "--jobs", "2", "."],
        cwd=root,
        env={**os.environ, "PYTHONPATH": path},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell gives a command
    )
    try:
        assert _until(lambda: len(_workers(marker)) == 2, 60), "the pool never started"
        os.killpg(run.pid, signal.SIGINT)
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
    assert (run.returncode, out, err) == (130, b"", b"codehealth: interrupted\n")
    assert _until(lambda: not _workers(marker), 10), "a worker outlived the run"
