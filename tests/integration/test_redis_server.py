"""CH005/CH008 against a real redis-server: the flagged program loses its write, the clean one
keeps it, and an awaited pipeline command returns the pipeline, not the reply."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import found

DATA = Path(__file__).resolve().parents[1] / "data" / "redis"
SERVER = shutil.which("redis-server")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        SERVER is None, reason="needs redis-server on PATH (apt-get install -y redis-server)"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def port(tmp_path: Path) -> Iterator[int]:
    assert SERVER is not None
    number = _free_port()
    command = [SERVER, "--port", str(number), "--bind", "127.0.0.1", "--save", ""]
    server = subprocess.Popen(
        [*command, "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not _answers(number):
            assert server.poll() is None, "redis-server exited"
            assert time.monotonic() < deadline, "redis-server did not answer within 10 s"
            time.sleep(0.05)
        yield number
    finally:
        server.terminate()
        server.wait(timeout=10)


def _run(program: str, port: int) -> str:
    result = subprocess.run(
        [sys.executable, "-W", "ignore", str(DATA / program), str(port)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def _get(port: int, key: str) -> bytes | None:
    redis = pytest.importorskip("redis")
    client = redis.Redis(port=port)
    try:
        value: bytes | None = client.get(key)
        return value
    finally:
        client.close()


def _findings(program: str, rule: str) -> list[str]:
    return found(rule, (DATA / program).read_text(encoding="utf-8"))


def test_flagged_program_loses_the_write(port: int) -> None:
    assert _findings("lost_write.py", "CH005") == ["13:9 CH005"]
    _run("lost_write.py", port)
    assert _get(port, "session:1") is None


def test_passing_program_keeps_the_write(port: int) -> None:
    assert _findings("kept_write.py", "CH005") == []
    _run("kept_write.py", port)
    assert _get(port, "session:1") == b"alice"


def test_awaited_pipeline_command_returns_the_pipeline(port: int) -> None:
    assert _findings("awaited_pipeline_command.py", "CH008") == ["13:27 CH008"]
    _run("kept_write.py", port)
    # the awaited `get` gave a Pipeline and stayed queued: execute() still runs it
    assert _run("awaited_pipeline_command.py", port).splitlines() == ["Pipeline 1", "[b'alice']"]
