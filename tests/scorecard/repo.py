"""A project whose history a refactoring PR makes: a 1,000-line module split into a package,
an import cycle removed, a complexity drop (15 -> 5), a silent except fixed, a clock id added."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

FILLERS = 484  # two lines each: with the 32 lines above them, `big.py` has 1,000 lines
PARTS = 4  # the split puts 121 of them (242 lines) in each part
PYPROJECT = '[project]\nname = "shop"\nversion = "0"\n\n[tool.codehealth]\npaths = ["pkg"]\n'


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def tangled(branches: int) -> str:
    """A function with complexity `branches + 1`, `2 * branches + 2` lines long."""
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(branches))
    return f"def tangled(x):\n{body}    return -1\n"


def fillers(start: int, stop: int) -> str:
    return "".join(f"def f{i}():\n    return {i}\n" for i in range(start, stop))


BEFORE = {
    "pyproject.toml": PYPROJECT,
    "pkg/__init__.py": "",
    "pkg/big.py": '"""The monolith."""\n\n' + tangled(14) + fillers(0, FILLERS),
    "pkg/a.py": "from pkg import b\n\n\ndef fa():\n    try:\n        return b.fb()\n"
    "    except OSError:\n        pass\n",
    "pkg/b.py": "from pkg import a\n\n\ndef fb():\n    return a.fa\n",
}
SIZE = FILLERS // PARTS
AFTER = {
    "pkg/big.py": None,
    "pkg/big/__init__.py": "from pkg.big.core import tangled\n"
    + "".join(f"from pkg.big.part{n} import *\n" for n in range(PARTS)),
    "pkg/big/core.py": tangled(4),
    **{f"pkg/big/part{n}.py": fillers(n * SIZE, (n + 1) * SIZE) for n in range(PARTS)},
    "pkg/a.py": "import time\n\nfrom pkg import b\n\n\ndef fa():\n"
    '    order_id = f"opt_{int(time.time())}"\n    return order_id, b.fb()\n',
    "pkg/b.py": "def fb():\n    return 1\n",
}


def write(repo: Path, files: dict[str, str | None]) -> None:
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)


def make_repo(repo: Path, *, commit_after: bool = True) -> Path:
    """`main` holds BEFORE; the branch `split` holds AFTER (committed, or only written)."""
    repo.mkdir(exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    write(repo, BEFORE)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The monolith")
    git(repo, "checkout", "-q", "-b", "split")
    write(repo, AFTER)
    if commit_after:
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "Split big.py")
    return repo
