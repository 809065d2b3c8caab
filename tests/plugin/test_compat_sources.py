"""Where the old API comes from: git ref (flat, src-layout, deleted), snapshots, config lists."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.compat.gitref import dotted_name
from tests.plugin.compat_project import COMPLETE, INIT, OLD, git, report, split_repo, write


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("--codehealth", "-p", "no:cacheprovider", *args)


LEFT_OUT = {**COMPLETE, "__init__.py": INIT.replace(", connect", "")}


def test_src_layout_resolves_the_dotted_name(pytester: pytest.Pytester) -> None:
    split_repo(pytester, LEFT_OUT, src="src")
    result = run(pytester, "--codehealth-compat-ref", "HEAD")
    assert report(result) == [
        "pkg.redis_cache is not backward compatible with git HEAD:src/pkg/redis_cache.py "
        "(imported at run time):",
        'missing: connect — add "from .core import connect" to src/pkg/redis_cache/__init__.py',
    ]


@pytest.mark.parametrize(
    ("path", "module"),
    [
        pytest.param("pkg/redis_cache.py", "pkg.redis_cache", id="flat"),
        pytest.param("src/pkg/redis_cache.py", "pkg.redis_cache", id="src-layout"),
        pytest.param("src/acme/tools/cache.py", "acme.tools.cache", id="namespace-package"),
        pytest.param("lib/pkg/mod.py", "lib.pkg.mod", id="not-a-source-root"),
        pytest.param("src/pkg/__init__.py", "pkg", id="package-init"),
        pytest.param("scripts/run-me.py", None, id="not-importable"),
    ],
)
def test_dotted_names(tmp_path: Path, path: str, module: str | None) -> None:
    assert dotted_name(PurePosixPath(path), tmp_path, ["src"]) == module


def test_src_that_is_a_package_keeps_its_name(tmp_path: Path) -> None:
    write(tmp_path, "src/__init__.py", "")
    assert dotted_name(PurePosixPath("src/pkg/mod.py"), tmp_path, ["src"]) == "src.pkg.mod"


def test_ref_from_config_and_no_items_for_explicit_paths(pytester: pytest.Pytester) -> None:
    split_repo(pytester, LEFT_OUT, extra_config='\n[tool.codehealth.compat]\nref = "HEAD"\n')
    result = run(pytester)
    assert report(result)[1:] == [
        'missing: connect — add "from .core import connect" to pkg/redis_cache/__init__.py'
    ]
    # naming paths on the command line checks those paths only
    run(pytester, "pkg/util.py").assert_outcomes(passed=1)


def test_deleted_module_is_checked_when_listed(pytester: pytest.Pytester) -> None:
    extra = '\n[tool.codehealth.compat]\nref-modules = ["pkg.legacy", "pkg.never"]\n'
    root = split_repo(pytester, COMPLETE, extra_config=extra)
    write(root, "pkg/legacy.py", "def old_api(x):\n    return x\n")
    git(root, "add", "pkg/legacy.py")
    git(root, "commit", "-q", "-m", "legacy")
    (root / "pkg/legacy.py").unlink()
    result = run(pytester, "--codehealth-compat-ref", "HEAD")
    assert report(result, "pkg.legacy") == [
        "pkg.legacy is not backward compatible with git HEAD:pkg/legacy.py (imported at run time):",
        "import error: `import pkg.legacy` raised ModuleNotFoundError: "
        "No module named 'pkg.legacy'",
    ]
    assert report(result, "pkg.never") == [
        "pkg.never is not backward compatible with its old API:",
        "not found at HEAD (listed in compat.ref-modules)",
    ]
    write(root, "pkg/legacy.py", "def old_api(x, y=0):\n    return x\n")  # a shim
    result = run(pytester, "--codehealth-compat-ref", "HEAD", "-v")
    result.stdout.fnmatch_lines(["compat::pkg.legacy PASSED*"])


def test_bad_ref_is_a_usage_error(pytester: pytest.Pytester) -> None:
    split_repo(pytester, COMPLETE)
    result = run(pytester, "--codehealth-compat-ref", "no-such-ref")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: codehealth: compat ref: *"])


def test_snapshot_then_split(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytester.makepyprojecttoml('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    write(pytester.path, "pkg/__init__.py", "")
    write(pytester.path, "pkg/util.py", "def helper():\n    return 1\n")
    write(pytester.path, "pkg/redis_cache.py", OLD)
    monkeypatch.chdir(pytester.path)
    assert main(["snapshot", "pkg.redis_cache"]) == 0
    assert capsys.readouterr().out == (
        ".codehealth/api/pkg.redis_cache.json: 3 public names of pkg.redis_cache\n"
    )
    record = json.loads((pytester.path / ".codehealth/api/pkg.redis_cache.json").read_text())
    assert record["all"] == ["RedisCache", "connect", "TTL"]
    assert record["outside_all"] == ["helper", "stats"]
    assert record["names"]["connect"] == {
        "kind": "function",
        "signature": [
            {"name": "host", "kind": "positional-or-keyword"},
            {"name": "port", "kind": "positional-or-keyword", "default": "6379"},
        ],
    }
    (pytester.path / "pkg/redis_cache.py").unlink()
    for name, text in LEFT_OUT.items():
        write(pytester.path, f"pkg/redis_cache/{name}", text)
    result = run(pytester)
    assert report(result) == [
        "pkg.redis_cache is not backward compatible with snapshot pkg.redis_cache.json:",
        'missing: connect — add "from .core import connect" to pkg/redis_cache/__init__.py',
    ]


def test_snapshot_of_an_unknown_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["snapshot", "nowhere.to_be_found"]) == 2
    assert capsys.readouterr().err.startswith(
        "codehealth: error: cannot find the source of 'nowhere.to_be_found'"
    )


def test_config_module_list(pytester: pytest.Pytester) -> None:
    extra = '\n[tool.codehealth.compat.modules]\n"pkg.redis_cache" = ["RedisCache", "Pool"]\n'
    split_repo(pytester, COMPLETE, extra_config=extra)
    result = run(pytester)
    assert report(result) == [
        "pkg.redis_cache is not backward compatible with config:",
        "missing: Pool — not defined in pkg.redis_cache or any of its submodules",
    ]


def test_sources_combine_into_one_item(pytester: pytest.Pytester) -> None:
    extra = '\n[tool.codehealth.compat.modules]\n"pkg.redis_cache" = ["Pool"]\n'
    split_repo(pytester, LEFT_OUT, extra_config=extra)
    result = run(pytester, "--codehealth-compat-ref", "HEAD", "-m", "codehealth")
    assert report(result) == [
        "pkg.redis_cache is not backward compatible with git HEAD:pkg/redis_cache.py; config "
        "(imported at run time):",
        'missing: connect — add "from .core import connect" to pkg/redis_cache/__init__.py',
        "missing: Pool — not defined in pkg.redis_cache or any of its submodules",
    ]
    result.assert_outcomes(passed=5, failed=1)


def test_unreadable_snapshot_fails_its_item(pytester: pytest.Pytester) -> None:
    write(pytester.path, ".codehealth/api/pkg.mod.json", '{"version": 99}')
    result = run(pytester)
    assert report(result, "pkg.mod") == [
        "pkg.mod is not backward compatible with its old API:",
        "cannot read snapshot pkg.mod.json: not a version 1 API snapshot",
    ]
