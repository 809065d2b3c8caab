"""`codehealth compat [--ref REF] [MODULE...]`: the split-safety check without pytest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from tests.plugin.compat_project import CORE, OLD, STATS, git, split_module, write

INIT = "from .core import TTL, RedisCache\nfrom .metrics import helper, stats\n\n"
INIT += '__all__ = ["RedisCache", "connect", "TTL"]\n'
HEADER = (
    "pkg.redis_cache is not backward compatible with git HEAD:pkg/redis_cache.py "
    "(imported at run time):"
)
MISSING = 'missing: connect — add "from .core import connect" to pkg/redis_cache/__init__.py'
ALL = '__all__: missing "connect" — add it to __all__ in pkg/redis_cache/__init__.py'


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`pkg/redis_cache.py` committed, then split with `connect` left out of `__init__`."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "pkg/__init__.py", "")
    write(tmp_path, "pkg/util.py", "def helper():\n    return 1\n")
    new = {"__init__.py": INIT, "core.py": CORE, "metrics.py": STATS}
    return split_module(tmp_path, "pkg.redis_cache", OLD, new)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], list[str]]:
    code = main(["compat", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def test_one_line_per_break(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--ref", "HEAD") == (
        1,
        [HEADER, MISSING],
        ["codehealth: 1 break in 1 of 1 module"],
    )


def test_clean_split_exits_0(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init = INIT.replace("RedisCache\n", "RedisCache, connect\n")
    write(repo, "pkg/redis_cache/__init__.py", init)
    assert run(capsys, "--ref", "HEAD") == (0, [], ["codehealth: 1 module checked, no break"])


def test_the_ref_from_the_config(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "pyproject.toml", '[tool.codehealth.compat]\nref = "HEAD"\n')
    code, out, _ = run(capsys)
    assert (code, out) == (1, [HEADER, MISSING])


def test_warnings_name_their_module(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init = INIT.replace("RedisCache\n", "RedisCache, connect\n").replace("helper, stats", "helper")
    write(repo, "pkg/redis_cache/__init__.py", init)
    code, out, _ = run(capsys, "--ref", "HEAD")
    assert (code, out) == (
        0,
        [
            "warning: pkg.redis_cache: gone: stats — public in the old module though not in "
            "its __all__"
        ],
    )


def test_modules_named_are_read_at_the_ref(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # pkg.util was not split: naming it checks it too, and only what is named is checked
    write(repo, "pkg/util.py", "def helper(x):\n    return 1\n")
    assert run(capsys, "--ref", "HEAD", "pkg.util") == (
        1,
        [
            "pkg.util is not backward compatible with git HEAD:pkg/util.py (imported at run time):",
            "signature: helper() -> helper(x): new required parameter `x`",
        ],
        ["codehealth: 1 break in 1 of 1 module"],
    )


def test_a_module_not_in_the_checkout_is_not_checked(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the old API names `iniconfig`, which only the environment has: never check that copy
    write(repo, "pyproject.toml", '[tool.codehealth.compat.modules]\niniconfig = ["IniConfig"]\n')
    code, out, _ = run(capsys, "iniconfig")
    assert code == 1
    assert out[0] == "iniconfig is not backward compatible with config:"
    assert out[1].startswith("not checked: `import iniconfig` loads ")
    assert out[1].endswith(
        f"iniconfig/__init__.py, outside the checkout {repo.resolve()} — the module to check "
        "must be the checkout's (see compat.source-roots)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--ref", "nope"],
            "codehealth: error: compat ref: `nope` is not a branch, tag or commit of {repo}; "
            "its branches: `main`",
            id="bad-ref",
        ),
        pytest.param(
            [],
            "codehealth: error: nothing to check: give --ref REF (or compat.ref), or record a "
            "snapshot (`codehealth snapshot MODULE`), or list names in compat.modules",
            id="nothing-to-check",
        ),
        pytest.param(
            ["pkg.other"],
            "codehealth: error: no old API for pkg.other: nothing to check: give --ref REF (or "
            "compat.ref), or record a snapshot (`codehealth snapshot MODULE`), or list names in "
            "compat.modules",
            id="module-without-old-api",
        ),
    ],
)
def test_usage_errors_exit_2(
    repo: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run(capsys, *args) == (2, [], [message.format(repo=repo.resolve())])


def test_no_git_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, out, err = run(capsys, "--ref", "HEAD")
    assert (code, out) == (2, [])
    assert err[0].startswith("codehealth: error: compat ref: fatal: not a git repository")


def test_nothing_split_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the split")
    assert run(capsys, "--ref", "HEAD") == (
        0,
        [],
        ["codehealth: no module became a package between `HEAD` and the working tree"],
    )


def test_a_checkout_holding_its_own_pluggy(tmp_path: Path) -> None:
    # `python -m pytest` cannot start next to this checkout (pytest would import its pluggy)
    old = "def hookimpl(function=None, hookwrapper=False):\n    return function\n"
    split_module(tmp_path, "pluggy", old, {"__init__.py": "", "hooks.py": old})
    codehealth = Path(sys.executable).with_name("codehealth")
    done = subprocess.run(
        [str(codehealth), "compat", "--ref", "HEAD"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout.splitlines()) == (
        1,
        [
            "pluggy is not backward compatible with git HEAD:pluggy.py (imported at run time):",
            'missing: hookimpl — add "from .hooks import hookimpl" to pluggy/__init__.py',
        ],
    )
