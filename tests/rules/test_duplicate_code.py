"""CH030 duplicate-code: small projects on disk, checked through `engine.run` (pylint inside)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import pytest_codehealth.rules.project
from pytest_codehealth.config.catalogue import MissingExtraError
from pytest_codehealth.config.load import ConfigError
from pytest_codehealth.engine import baseline
from tests.helpers import rule_named
from tests.rules._project import lines, places, report, write


def _code(count: int, start: int = 0) -> str:
    """`count` distinct statements that hold code."""
    return "".join(f"value_{i} = compute({i}, data)\n" for i in range(start, start + count))


def _pair(middle: str, first: str = "a", second: str = "b") -> dict[str, str]:
    """Two modules sharing `middle`, each with its own first and last line."""
    return {
        f"{first}.py": f"head = 'a'\n{middle}tail = 'a'\n",
        f"{second}.py": f"start = 'b'\n\n{middle}end = 'b'\n",
    }


RETRY = """\
    for attempt in range(retries):
        try:
            response = client.get(url, timeout=timeout)
        except ConnectionError:
            time.sleep(backoff * attempt)
            continue
        return response.json()
    raise RuntimeError(url)
"""
STUBS = """\
from typing import Protocol, overload

class Store(Protocol):
    async def get(self, key: str) -> bytes | None: ...
    async def set(self, key: str, value: bytes) -> None: ...
    async def delete(self, key: str) -> None:
        '''Remove the key.'''
    def keys(self) -> list[str]:
        raise NotImplementedError
    def close(self) -> None:
        pass
    @overload
    def scan(self, cursor: int) -> int: ...
    @overload
    def scan(self, cursor: str) -> str: ...
"""
IMPORTS = "".join(f"from package.module{i} import name{i}\n" for i in range(8))
DUNDER_ALL = "__all__ = [\n" + "".join(f'    "name{i}",\n' for i in range(8)) + "]\n"
DOCSTRING = 'def f():\n    """\n' + "".join(f"    Line {i} of the docs.\n" for i in range(8))
DOCSTRING += '    """\n    return 1\n'
COMMENTS = "".join(f"# step {i}: do the thing number {i}\n" for i in range(8))

FLAGGED = [
    pytest.param(_pair(_code(6)), "", ["a.py:2 CH030", "b.py:3 CH030"], id="6-at-the-limit"),
    pytest.param(
        {
            "shop/users.py": f"import time\n\ndef fetch_user(client, url, retries):\n{RETRY}",
            "shop/orders.py": f"import time\n\ndef fetch_order(client, url, log):\n{RETRY}",
        },
        "",
        ["shop/orders.py:4 CH030", "shop/users.py:4 CH030"],
        id="signatures-differ-bodies-the-same",
    ),
    pytest.param(
        {"a.py": _code(6), "b.py": _code(6), "c.py": _code(6)},
        "",
        [f"{name}.py:1 CH030" for name in "aabbcc"],
        id="three-copies-once-per-pair",
    ),
    pytest.param(_pair(_code(8)), "min-lines = 8\n", ["a.py:2 CH030", "b.py:3 CH030"], id="min-8"),
    pytest.param(
        _pair(IMPORTS), "ignore-imports = false\n", ["a.py:2 CH030", "b.py:3 CH030"], id="imports"
    ),
    pytest.param(
        _pair(COMMENTS),
        "ignore-comments = false\n",
        ["a.py:2 CH030", "b.py:3 CH030"],
        id="comments",
    ),
    pytest.param(
        _pair(STUBS), "ignore-stubs = false\n", ["a.py:4 CH030", "b.py:5 CH030"], id="stubs"
    ),
    pytest.param(
        _pair(DUNDER_ALL),
        "ignore-dunder-all = false\n",
        ["a.py:2 CH030", "b.py:3 CH030"],
        id="dunder-all",
    ),
    pytest.param(
        _pair(DOCSTRING),
        "ignore-docstrings = false\n",
        ["a.py:3 CH030", "b.py:4 CH030"],
        id="docstrings",
    ),
]

CLEAN = [
    pytest.param(_pair(_code(5)), "", id="5-below-the-limit"),
    pytest.param(_pair(_code(7)), "min-lines = 8\n", id="7-below-min-8"),
    pytest.param(_pair(IMPORTS), "", id="import-blocks"),
    pytest.param(_pair(DUNDER_ALL), "", id="dunder-all-lists"),
    pytest.param(_pair(STUBS), "", id="protocol-abstract-and-overload-stubs"),
    pytest.param(_pair(DOCSTRING), "", id="docstrings"),
    pytest.param(_pair(COMMENTS), "", id="comments"),
    pytest.param({"a.py": _code(6) + "x = 1\n" + _code(6)}, "", id="copies-inside-one-file"),
    pytest.param({"a.py": _code(6), "b.py": _code(3) + "other()\n" + _code(3, 3)}, "", id="broken"),
]


@pytest.mark.parametrize(("files", "table", "expected"), FLAGGED)
def test_flags(tmp_path: Path, files: dict[str, str], table: str, expected: list[str]) -> None:
    write(tmp_path, files, f"[tool.codehealth.duplicate-code]\n{table}")
    assert places(tmp_path, select="CH030") == expected


@pytest.mark.parametrize(("files", "table"), CLEAN)
def test_clean(tmp_path: Path, files: dict[str, str], table: str) -> None:
    write(tmp_path, files, f"[tool.codehealth.duplicate-code]\n{table}")
    assert places(tmp_path, select="CH030") == []


def test_messages_name_the_other_place(tmp_path: Path) -> None:
    write(tmp_path, _pair(_code(7)))
    assert lines(tmp_path, select="CH030") == [
        "a.py:2:1: CH030 7 similar lines also in `b.py` lines 3-9 (min 6)",
        "b.py:3:1: CH030 7 similar lines also in `a.py` lines 2-8 (min 6)",
    ]


def test_partial_file_list_reports_the_listed_place(tmp_path: Path) -> None:
    write(tmp_path, {**_pair(_code(7)), "c.py": "x = 1\n"})
    assert places(tmp_path, "b.py", select="CH030") == ["b.py:3 CH030"]
    assert places(tmp_path, "c.py", select="CH030") == []


def test_noqa_hides_one_place(tmp_path: Path) -> None:
    files = _pair(_code(7))
    files["a.py"] = files["a.py"].replace("data)\n", "data)  # noqa: CH030\n", 1)
    assert places(write(tmp_path, files), select="CH030") == ["b.py:3 CH030"]


def test_per_path_ignore_leaves_files_out(tmp_path: Path) -> None:
    files = {
        "locale/en/formats.py": _code(8),
        "locale/de/formats.py": _code(8),
        "app.py": "x = 1\n",
    }
    write(tmp_path, files, '[tool.codehealth.per-path."locale/**"]\nignore = ["CH030"]\n')
    assert places(tmp_path, select="CH030") == []


def test_baseline_knows_a_copy_after_lines_shift(tmp_path: Path) -> None:
    write(tmp_path, _pair(_code(7)))
    known_file = tmp_path / "baseline.json"
    known_file.write_text(baseline.render(report(tmp_path, select="CH030").findings))
    write(tmp_path, {"a.py": f"'''Docs.'''\n\nhead = 'a'\n{_code(7)}tail = 'a'\n"})
    after = report(tmp_path, select="CH030").findings
    assert [(finding.path, finding.line) for finding in after] == [("a.py", 4), ("b.py", 3)]
    result = baseline.compare(after, baseline.load(known_file))
    assert (result.reported, len(result.known), result.fixed) == ([], 2, [])


def test_without_pylint_the_run_stops_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("pylint", "pylint.checkers", "pylint.checkers.symilar"):
        monkeypatch.setitem(sys.modules, name, None)  # `import pylint` raises ImportError
    monkeypatch.delitem(sys.modules, "pytest_codehealth.rules.project._symilar", raising=False)
    monkeypatch.delattr(pytest_codehealth.rules.project, "_symilar", raising=False)
    write(tmp_path, _pair(_code(7)))
    with pytest.raises(MissingExtraError) as info:
        report(tmp_path, "b.py", select="CH030")
    assert str(info.value) == (
        "duplicate-code (CH030) needs pylint 3.3 or later: "
        "`pip install 'pytest-codehealth[duplicates]'`"
    )


def test_runs_without_it_do_not_import_pylint(tmp_path: Path) -> None:
    write(tmp_path, _pair(_code(7)))
    script = (
        "import sys\nfrom pytest_codehealth.cli.main import main\n"
        "main(['check', '--no-cache', '--extend-select', 'CH020,CH021', '.'])\n"
        "assert 'pylint' not in sys.modules, 'pylint imported'\n"
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, check=False, cwd=tmp_path, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def test_off_by_default() -> None:
    assert rule_named("duplicate-code").default is False


@pytest.mark.parametrize(
    ("table", "key"),
    [
        pytest.param("min-lines = 1\n", "min-lines", id="below-2"),
        pytest.param('ignore-imports = "yes"\n', "ignore-imports", id="not-a-bool"),
        pytest.param("min-similarity-lines = 6\n", "min-similarity-lines", id="pylint-name"),
    ],
)
def test_config_errors(tmp_path: Path, table: str, key: str) -> None:
    write(tmp_path, {"a.py": ""}, f"[tool.codehealth.duplicate-code]\n{table}")
    with pytest.raises(ConfigError) as error:
        report(tmp_path, select="CH030")
    assert error.value.key == f"tool.codehealth.duplicate-code.{key}"
