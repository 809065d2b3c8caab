"""tests/server/: the language server end to end, a real client over stdio (needs the extra)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the `server` extra is not installed")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository with a `[tool.codehealth]` table and nothing else."""
    root = tmp_path / "project"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "pyproject.toml").write_text("[tool.codehealth]\n")
    return root


@pytest.fixture
def drive() -> Callable[[Awaitable[None]], None]:
    """Run one scenario (a coroutine) in its own event loop: no asyncio plugin needed."""
    return asyncio.run
