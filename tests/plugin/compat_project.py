"""A throwaway git repository with a module `pkg/redis_cache.py` that is then split."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

OLD = '''\
"""Redis cache helpers, before the split."""
from pkg.util import helper

__all__ = ["RedisCache", "connect", "TTL"]

TTL = 60


class RedisCache:
    def __init__(self, url, *, ttl=TTL):
        self.url, self.ttl = url, ttl

    def get(self, key, default=None):
        return default


def connect(host, port=6379):
    return RedisCache(f"redis://{host}:{port}")


def stats():
    return helper()
'''

CORE = """\
TTL = 60


class RedisCache:
    def __init__(self, url, *, ttl=TTL):
        self.url, self.ttl = url, ttl

    def get(self, key, default=None):
        return default


def connect(host, port=6379):
    return RedisCache(f"redis://{host}:{port}")
"""

STATS = "from pkg.util import helper\n\n\ndef stats():\n    return helper()\n"

INIT = """\
from .core import TTL, RedisCache, connect
from .metrics import helper, stats

__all__ = ["RedisCache", "connect", "TTL"]
"""

COMPLETE = {"core.py": CORE, "metrics.py": STATS, "__init__.py": INIT}
PYPROJECT = """
[tool.pytest.ini_options]
pythonpath = ["{root}"]

[tool.codehealth]
paths = ["{root}"]
"""


def git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    command += ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def split_repo(
    pytester: pytest.Pytester,
    new: dict[str, str],
    *,
    old: str = OLD,
    src: str = "",
    extra_config: str = "",
) -> Path:
    """Commit `pkg/redis_cache.py` (under `src` if given), then replace it by the package `new`."""
    root = pytester.path
    base = f"{src}/pkg" if src else "pkg"
    pytester.makepyprojecttoml(PYPROJECT.format(root=src or ".") + extra_config)
    write(root, f"{base}/__init__.py", "")
    write(root, f"{base}/util.py", "def helper():\n    return 1\n")
    write(root, f"{base}/redis_cache.py", old)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "before the split")
    (root / base / "redis_cache.py").unlink()
    for name, text in new.items():
        write(root, f"{base}/redis_cache/{name}", text)
    return root


def split_module(root: Path, module: str, old: str, new: dict[str, str]) -> Path:
    """Commit `module` as a file (with a bare pyproject.toml), then make it the package `new`."""
    path = module.replace(".", "/")
    if not (root / "pyproject.toml").exists():
        write(root, "pyproject.toml", "[tool.codehealth]\n")
    write(root, f"{path}.py", old)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "before the split")
    (root / f"{path}.py").unlink()
    for name, text in new.items():
        write(root, f"{path}/{name}", text)
    return root


def report(result: pytest.RunResult, module: str = "pkg.redis_cache") -> list[str]:
    """The lines of the compat item's failure report (header first)."""
    lines = result.outlines
    heading = re.compile(rf"_+ compat {re.escape(module)} _+")
    start = next(i for i, line in enumerate(lines) if heading.fullmatch(line))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(("___", "===")))
    return lines[start + 1 : end]
