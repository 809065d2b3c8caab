"""`assert_backward_compatible`, the `codehealth_compat` fixture, snapshots and compat config."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_codehealth import assert_backward_compatible
from pytest_codehealth.compat.assertions import BackwardCompatibilityError, CompatWarning
from pytest_codehealth.compat.model import ApiFormatError, from_json, to_json
from pytest_codehealth.compat.static import extract
from pytest_codehealth.config.load import ConfigError, load_settings
from tests.plugin.compat_project import CORE, INIT, OLD, STATS, write


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """`chpkg/` on sys.path, with `chpkg.util`; the modules are forgotten afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    write(tmp_path, "chpkg/__init__.py", "")
    write(tmp_path, "chpkg/util.py", "def helper():\n    return 1\n")
    yield tmp_path
    for name in [name for name in sys.modules if name.partition(".")[0] == "chpkg"]:
        del sys.modules[name]


def split(root: Path, init: str = INIT) -> None:
    write(root, "chpkg/cache/__init__.py", init)
    write(root, "chpkg/cache/core.py", CORE)
    write(root, "chpkg/cache/metrics.py", STATS.replace("pkg.", "chpkg."))


def snapshot_file(root: Path) -> Path:
    api = extract(OLD.replace("pkg.", "chpkg."), "chpkg.cache", "test")
    path = root / ".codehealth/api/chpkg.cache.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(to_json(api)))
    return path


def test_passes_for_a_complete_split(package: Path) -> None:
    split(package)
    snapshot_file(package)
    assert_backward_compatible("chpkg.cache", root=package)
    assert_backward_compatible("chpkg.cache", names=["RedisCache", "stats"], root=package)


def test_lists_every_break(package: Path) -> None:
    split(package, INIT.replace(", connect", "").replace('"TTL"]', "]"))
    snapshot = snapshot_file(package)
    with pytest.raises(BackwardCompatibilityError) as excinfo:
        assert_backward_compatible("chpkg.cache", snapshot=snapshot, names=["Pool"], root=package)
    assert str(excinfo.value).splitlines() == [
        "chpkg.cache is not backward compatible with snapshot chpkg.cache.json; the names given:",
        'missing: connect — add "from .core import connect" to chpkg/cache/__init__.py',
        "missing: Pool — not defined in chpkg.cache or any of its submodules",
        '__all__: missing "TTL" — add it to __all__ in chpkg/cache/__init__.py',
    ]


def test_warnings_are_compat_warnings(package: Path) -> None:
    split(package, INIT.replace("helper, ", ""))
    snapshot_file(package)
    with pytest.warns(CompatWarning, match=r"^chpkg.cache: gone: helper — public in the old"):
        assert_backward_compatible("chpkg.cache", root=package)


def test_snapshot_errors(package: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no API snapshot for chpkg\.cache at"):
        assert_backward_compatible("chpkg.cache", root=package)
    snapshot = snapshot_file(package)
    with pytest.raises(ValueError, match=r"is the snapshot of chpkg\.cache, not chpkg\.other"):
        assert_backward_compatible("chpkg.other", snapshot=snapshot)


def test_fixture_uses_the_rootdir(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    write(pytester.path, "chpkg/__init__.py", "")
    write(pytester.path, "chpkg/util.py", "def helper():\n    return 1\n")
    split(pytester.path, INIT.replace(", connect", ""))
    snapshot_file(pytester.path)
    pytester.makepyfile(
        test_compat="""
        def test_old_api(codehealth_compat):
            codehealth_compat("chpkg.cache")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E *BackwardCompatibilityError: chpkg.cache is not backward compatible with *",
            'E *missing: connect — add "from .core import connect" to chpkg/cache/__init__.py',
        ]
    )


def test_snapshot_json_round_trip() -> None:
    for old in (OLD, "class Pool:\n    @staticmethod\n    def make(url): ...\n"):
        api = extract(old, "pkg.redis_cache", "snapshot x.json")
        assert from_json(json.loads(json.dumps(to_json(api))), "snapshot x.json") == api
    assert api.names[0].method_kinds == {"make": "staticmethod"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param([], "not a version 1 API snapshot", id="not-an-object"),
        pytest.param({"version": 1, "module": 3, "names": {}}, "expected `module`", id="module"),
        pytest.param(
            {"version": 1, "module": "m", "names": {"f": {"kind": "function", "signature": 1}}},
            "names.f.signature: expected a list of parameters",
            id="signature",
        ),
        pytest.param(
            {
                "version": 1,
                "module": "m",
                "names": {
                    "f": {"kind": "function", "signature": [{"name": "a", "kind": "sideways"}]}
                },
            },
            "unknown parameter kind 'sideways'",
            id="param-kind",
        ),
        pytest.param(
            {
                "version": 1,
                "module": "m",
                "names": {"C": {"kind": "class", "method_kinds": {"make": "static"}}},
            },
            'names.C.method_kinds: expected an object of "staticmethod" or "classmethod"',
            id="method-kind",
        ),
    ],
)
def test_snapshot_format_errors(data: object, message: str) -> None:
    with pytest.raises(ApiFormatError, match=message):
        from_json(data, "snapshot")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        pytest.param("colour = 1", "tool.codehealth.compat.colour: unknown key", id="unknown"),
        pytest.param("ref = 3", "tool.codehealth.compat.ref: expected a git revision", id="ref"),
        pytest.param(
            'patch-targets = "fail"', 'compat.patch-targets: expected "warn" or "error"', id="pt"
        ),
        pytest.param(
            'ref-modules = ["pkg..x"]', 'not a dotted module name: "pkg..x"', id="ref-modules"
        ),
        pytest.param(
            'modules = { "pkg.mod" = ["ok", "not ok"] }',
            'tool.codehealth.compat.modules."pkg.mod": not a Python name: "not ok"',
            id="module-names",
        ),
    ],
)
def test_compat_config_errors(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.codehealth.compat]\n{toml}\n")
    with pytest.raises(ConfigError, match=message.replace(".", r"\.").replace("(", r"\(")):
        load_settings(tmp_path / "pyproject.toml", {}, tmp_path)


def test_compat_config_values(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.codehealth.compat]\nref = "v1"\npatch-targets = "error"\n'
        '[tool.codehealth.compat.modules]\n"pkg.mod" = ["A"]\n'
    )
    compat = load_settings(tmp_path / "pyproject.toml", {}, tmp_path).compat
    assert (compat.ref, compat.patch_targets, dict(compat.modules)) == (
        "v1",
        "error",
        {"pkg.mod": ("A",)},
    )
