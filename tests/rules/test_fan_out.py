"""CH021 fan-out: small projects on disk, checked through `engine.run`."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_codehealth.config.load import ConfigError
from pytest_codehealth.engine import baseline
from tests.helpers import rule_named
from tests.rules._project import lines, places, report, write


def _modules(count: int) -> dict[str, str]:
    """`pkg/m1.py` ... `pkg/m<count>.py`, each defining `x`."""
    return {"pkg/__init__.py": "", **{f"pkg/m{i}.py": "x = 1\n" for i in range(1, count + 1)}}


def _hub(count: int, start: int = 1) -> str:
    return "".join(f"from pkg.m{i} import x as x{i}\n" for i in range(start, start + count))


FLAGGED = [
    pytest.param({**_modules(11), "pkg/hub.py": _hub(11)}, "", ["pkg/hub.py:1 CH021"], id="11"),
    pytest.param(
        {**_modules(3), "pkg/hub.py": "from . import m1, m2\nfrom .m3 import x\n"},
        "max-imports = 2\n",
        ["pkg/hub.py:1 CH021"],
        id="relative-and-submodules-by-name",
    ),
    pytest.param(
        {**_modules(3), "pkg/hub.py": "import pkg.m1\ndef f():\n    import pkg.m2, pkg.m3\n"},
        "max-imports = 2\n",
        ["pkg/hub.py:1 CH021"],
        id="deferred-imports-count",
    ),
    pytest.param(
        {**_modules(2), "pkg/hub.py": "import pkg.m1\nimport pkg.m2\nimport redis\nimport attr\n"},
        "max-imports = 3\nthird-party = true\n",
        ["pkg/hub.py:1 CH021"],
        id="third-party-on-request",
    ),
    pytest.param(
        {**_modules(3), "pkg/__init__.py": "from . import m1, m2, m3\n"},
        "max-imports = 2\ncount-own-submodules = true\n",
        ["pkg/__init__.py:1 CH021"],
        id="own-submodules-on-request",
    ),
    pytest.param(
        {**_modules(3), "pkg/hub.py": _hub(3), "pkg/other.py": _hub(2)},
        "max-imports = 0\n",
        ["pkg/hub.py:1 CH021", "pkg/other.py:1 CH021"],
        id="limit-zero",
    ),
]

CLEAN = [
    pytest.param({**_modules(10), "pkg/hub.py": _hub(10)}, "", id="10-at-the-limit"),
    pytest.param(
        {
            **_modules(2),
            "pkg/hub.py": "import pkg.m1\nfrom pkg.m1 import x\nfrom pkg.m2 import x, x\n",
        },
        "max-imports = 2\n",
        id="each-module-counts-once",
    ),
    pytest.param(
        {**_modules(2), "pkg/hub.py": "import os, sys, json\nimport redis, attr\nimport pkg.m1\n"},
        "max-imports = 1\n",
        id="stdlib-and-third-party-not-counted",
    ),
    pytest.param(
        {**_modules(2), "pkg/hub.py": "import os, sys\nimport redis\nimport pkg.m1\n"},
        "max-imports = 2\nthird-party = true\n",
        id="stdlib-never-counted",
    ),
    pytest.param(
        {
            **_modules(2),
            "pkg/hub.py": "from typing import TYPE_CHECKING\nimport pkg.m1\n"
            "if TYPE_CHECKING:\n    import pkg.m2\n",
        },
        "max-imports = 1\n",
        id="type-checking-not-counted",
    ),
    pytest.param(
        {**_modules(12), "pkg/__init__.py": _hub(12)},
        "",
        id="init-re-exporting-its-submodules",
    ),
    pytest.param(
        {**_modules(2), "pkg/hub.py": "import pkg.m1\nimport pkg.m2  # noqa: CH021\n"},
        "max-imports = 1\n",
        id="noqa-code-on-an-import",
    ),
    pytest.param(
        {**_modules(1), "pkg/m2.py": "import pkg.m1\nimport pkg.m2\n"},
        "max-imports = 1\n",
        id="self-import-not-counted",
    ),
]


@pytest.mark.parametrize(("files", "table", "expected"), FLAGGED)
def test_flags(tmp_path: Path, files: dict[str, str], table: str, expected: list[str]) -> None:
    write(tmp_path, files, f"[tool.codehealth.fan-out]\n{table}")
    assert places(tmp_path, select="CH021") == expected


@pytest.mark.parametrize(("files", "table"), CLEAN)
def test_clean(tmp_path: Path, files: dict[str, str], table: str) -> None:
    write(tmp_path, files, f"[tool.codehealth.fan-out]\n{table}")
    assert places(tmp_path, select="CH021") == []


def test_message(tmp_path: Path) -> None:
    write(tmp_path, {**_modules(11), "pkg/hub.py": _hub(11)})
    assert lines(tmp_path, select="CH021") == [
        "pkg/hub.py:1:1: CH021 module imports 11 project modules (limit 10)"
    ]


def test_message_with_third_party(tmp_path: Path) -> None:
    files = {
        **_modules(1),
        "pkg/hub.py": "import pkg.m1\nimport redis.asyncio\nfrom redis import x\n",
    }
    write(tmp_path, files, "[tool.codehealth.fan-out]\nmax-imports = 1\nthird-party = true\n")
    assert lines(tmp_path, select="CH021") == [
        "pkg/hub.py:1:1: CH021 module imports 2 modules (limit 1)"
    ]


def test_per_path_limit(tmp_path: Path) -> None:
    files = {**_modules(11), "pkg/hub.py": _hub(11), "tests/test_hub.py": _hub(11)}
    write(
        tmp_path, files, '[tool.codehealth.per-path."tests/**"]\nfan-out = { max-imports = 20 }\n'
    )
    assert places(tmp_path, select="CH021") == ["pkg/hub.py:1 CH021"]


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        pytest.param(["pkg/hub.py"], ["pkg/hub.py:1 CH021"], id="the-module"),
        pytest.param(["pkg/m1.py"], [], id="a-module-it-imports"),
    ],
)
def test_partial_file_list(tmp_path: Path, paths: list[str], expected: list[str]) -> None:
    write(tmp_path, {**_modules(11), "pkg/hub.py": _hub(11)})
    assert places(tmp_path, *paths, select="CH021") == expected


@pytest.mark.parametrize(
    "comment",
    [
        pytest.param("# noqa: CH021", id="noqa-on-line-1"),
        pytest.param("# codehealth: ignore-file[fan-out]", id="ignore-file"),
    ],
)
def test_suppressed(tmp_path: Path, comment: str) -> None:
    write(tmp_path, {**_modules(11), "pkg/hub.py": f"{comment}\n{_hub(11)}"})
    assert places(tmp_path, select="CH021") == []


def test_baseline_ratchet(tmp_path: Path) -> None:
    write(tmp_path, {**_modules(13), "pkg/hub.py": _hub(11)})
    known_file = tmp_path / "baseline.json"
    known_file.write_text(baseline.render(report(tmp_path, select="CH021").findings))
    write(tmp_path, {"pkg/hub.py": _hub(12)})
    grown = baseline.compare(report(tmp_path, select="CH021").findings, baseline.load(known_file))
    assert [finding.message for finding in grown.reported] == [
        "module was 11 project modules when baselined, now 12 (limit 10)"
    ]
    write(tmp_path, {"pkg/hub.py": _hub(11, start=3)})
    same = baseline.compare(report(tmp_path, select="CH021").findings, baseline.load(known_file))
    assert (same.reported, len(same.known)) == ([], 1)


def test_off_by_default() -> None:
    assert rule_named("fan-out").default is False


@pytest.mark.parametrize(
    ("table", "key"),
    [
        pytest.param("max-imports = -1\n", "max-imports", id="negative"),
        pytest.param('max-imports = "ten"\n', "max-imports", id="not-a-number"),
        pytest.param("third_party = true\n", "third_party", id="snake-case-key"),
    ],
)
def test_config_errors(tmp_path: Path, table: str, key: str) -> None:
    write(tmp_path, _modules(1), f"[tool.codehealth.fan-out]\n{table}")
    with pytest.raises(ConfigError) as error:
        report(tmp_path, select="CH021")
    assert error.value.key == f"tool.codehealth.fan-out.{key}"
