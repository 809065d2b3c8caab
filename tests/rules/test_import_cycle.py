"""CH020 import-cycle: small projects on disk, checked through `engine.run`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_codehealth.config.load import ConfigError, cli_overrides, load_settings
from pytest_codehealth.engine import baseline
from pytest_codehealth.engine.run import run
from pytest_codehealth.report import sarif
from pytest_codehealth.rules.project._graph import components, shortest_cycle
from tests.helpers import rule_named
from tests.rules._project import lines, places, report, write

PKG = {"pkg/__init__.py": ""}
TYPE_CHECKING_B = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n"

FLAGGED = [
    pytest.param(
        {**PKG, "pkg/a.py": "from pkg.b import x\n", "pkg/b.py": "import pkg.a\nx = 1\n"},
        ["pkg/a.py:1 CH020"],
        id="two-modules",
    ),
    pytest.param(
        {
            **PKG,
            "pkg/a.py": "import os\nfrom pkg import b\n",
            "pkg/b.py": "from pkg.c import y\n",
            "pkg/c.py": "import requests\nimport pkg.a\ny = 1\n",
        },
        ["pkg/a.py:2 CH020"],
        id="three-modules",
    ),
    pytest.param(
        {**PKG, "pkg/a.py": "from .b import x\n", "pkg/b.py": "from . import a\nx = 1\n"},
        ["pkg/a.py:1 CH020"],
        id="relative-one-dot",
    ),
    pytest.param(
        {
            **PKG,
            "pkg/sub/__init__.py": "",
            "pkg/sub/deep/__init__.py": "",
            "pkg/sub/deep/m.py": "from ...top import y\n",
            "pkg/top.py": "from pkg.sub.deep import m\ny = 1\n",
        },
        ["pkg/sub/deep/m.py:1 CH020"],
        id="relative-three-dots",
    ),
    pytest.param(
        {
            **PKG,
            "pkg/sub/__init__.py": "",
            "pkg/sub/m.py": "from .. import helpers\n",
            "pkg/helpers.py": "from .sub.m import z\n",
        },
        ["pkg/helpers.py:1 CH020"],
        id="relative-two-dots-package",
    ),
    pytest.param(
        {**PKG, "pkg/a.py": "import pkg.b as b\n", "pkg/b.py": "import pkg.a as a\n"},
        ["pkg/a.py:1 CH020"],
        id="import-as",
    ),
    pytest.param(
        {
            "pkg/__init__.py": "from .core import run\nVERSION = 1\n",
            "pkg/core.py": "from pkg import VERSION\ndef run(): ...\n",
        },
        ["pkg/__init__.py:1 CH020"],
        id="init-and-submodule-import-each-other",
    ),
    pytest.param({**PKG, "pkg/a.py": "x = 1\nimport pkg.a\n"}, ["pkg/a.py:2 CH020"], id="self"),
    pytest.param({**PKG, "pkg/a.py": "from pkg import a\n"}, ["pkg/a.py:1 CH020"], id="self-from"),
    pytest.param(
        {
            "src/pkg/__init__.py": "",
            "src/pkg/a.py": "from pkg.b import x\n",
            "src/pkg/b.py": "from pkg import a\nx = 1\n",
        },
        ["src/pkg/a.py:1 CH020"],
        id="src-layout",
    ),
    pytest.param(
        {
            "src/company/billing/__init__.py": "from company.orders import Order\n",
            "src/company/orders/__init__.py": "from company.billing.tax import rate\n",
            "src/company/billing/tax.py": "rate = 1\nfrom company import orders\n",
        },
        ["src/company/billing/tax.py:2 CH020"],
        id="namespace-package",
    ),
    pytest.param(
        {"scripts/run.py": "import helpers\n", "scripts/helpers.py": "import run\n"},
        ["scripts/helpers.py:1 CH020"],
        id="script-folder-siblings",
    ),
    pytest.param(
        {
            **PKG,
            "pkg/a.py": "from pkg import b\n",
            "pkg/b.py": "def f():\n    from pkg.a import g\n    return g\n",
        },
        ["pkg/a.py:1 CH020"],
        id="deferred-import-counts",
    ),
]

CLEAN = [
    pytest.param(
        {**PKG, "pkg/a.py": "from pkg.b import x\n", "pkg/b.py": TYPE_CHECKING_B},
        id="only-through-type-checking",
    ),
    pytest.param(
        {
            **PKG,
            "pkg/a.py": "from pkg.b import x\n",
            "pkg/b.py": "import typing\nif typing.TYPE_CHECKING:\n    import pkg.a\nx = 1\n",
        },
        id="typing-dot-type-checking",
    ),
    pytest.param(
        {
            "pkg/__init__.py": "from .core import run\n",
            "pkg/core.py": "from pkg.util import helper\ndef run(): ...\n",
            "pkg/util.py": "def helper(): ...\n",
        },
        id="init-imports-own-submodule",
    ),
    pytest.param(
        {"pkg/__init__.py": "__version__ = '1'\nfrom . import __version__ as v\n"},
        id="init-takes-a-name-from-itself",
    ),
    pytest.param(
        {**PKG, "pkg/a.py": "import json\n", "pkg/json.py": "from pkg import a\n"},
        id="absolute-import-is-not-a-sibling",
    ),
    pytest.param(
        {
            **PKG,
            "pkg/a.py": "from pkg import b\n",
            "pkg/b.py": "from pkg import c\n",
            "pkg/c.py": "",
        },
        id="chain",
    ),
    pytest.param(
        {
            "services/one/app/__init__.py": "",
            "services/one/app/x.py": "from app.y import f\n",
            "services/one/app/y.py": "f = 1\n",
            "services/two/app/__init__.py": "",
            "services/two/app/y.py": "from app.x import g\n",
            "services/two/app/x.py": "g = 1\n",
        },
        id="two-services-with-the-same-package-name",
    ),
    pytest.param(
        {**PKG, "pkg/a.py": "from pkg.b import x  # noqa: CH020\n", "pkg/b.py": "import pkg.a\n"},
        id="noqa-code-on-an-import-of-the-cycle",
    ),
    pytest.param(
        {
            **PKG,
            "pkg/a.py": "from pkg.b import x\n",
            "pkg/b.py": "import pkg.a  # codehealth: ignore[import-cycle]\n",
        },
        id="ignore-name-on-an-import-of-the-cycle",
    ),
]


@pytest.mark.parametrize(("files", "expected"), FLAGGED)
def test_flags(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    assert places(write(tmp_path, files), select="CH020") == expected


@pytest.mark.parametrize("files", CLEAN)
def test_clean(tmp_path: Path, files: dict[str, str]) -> None:
    assert places(write(tmp_path, files), select="CH020") == []


def test_message_shows_a_shortest_cycle_with_lines_and_deferred_imports(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            **PKG,
            "pkg/a.py": "import pkg.b\nimport pkg.c\n",
            "pkg/b.py": "import pkg.c\n",
            "pkg/c.py": "\n\ndef f():\n    import pkg.a\n",
        },
    )
    assert lines(tmp_path, select="CH020") == [
        "pkg/a.py:2:1: CH020 import cycle `pkg.a` (line 2) -> `pkg.c` (line 4, deferred) -> "
        "`pkg.a`; 3 modules in this cycle group"
    ]


def test_namespace_package_modules_are_named_from_the_root_imports_use(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/company/orders/__init__.py": "from company.billing.tax import rate\n",
            "src/company/billing/__init__.py": "",
            "src/company/billing/tax.py": "rate = 1\nfrom company import orders\n",
        },
    )
    assert lines(tmp_path, select="CH020") == [
        "src/company/billing/tax.py:2:1: CH020 import cycle `company.billing.tax` (line 2) -> "
        "`company.orders` (line 1) -> `company.billing.tax`"
    ]


def test_self_import_message(tmp_path: Path) -> None:
    write(tmp_path, {**PKG, "pkg/a.py": "import pkg.a\n"})
    assert lines(tmp_path, select="CH020") == [
        "pkg/a.py:1:1: CH020 import cycle `pkg.a` (line 1) -> `pkg.a`: the module imports itself"
    ]


def test_type_checking_imports_counted_on_request(tmp_path: Path) -> None:
    files = {**PKG, "pkg/a.py": "from pkg.b import x\n", "pkg/b.py": TYPE_CHECKING_B}
    write(tmp_path, files, "[tool.codehealth.import-cycle]\ninclude-type-checking = true\n")
    assert lines(tmp_path, select="CH020") == [
        "pkg/a.py:1:1: CH020 import cycle `pkg.a` (line 1) -> `pkg.b` (line 3, type-checking) "
        "-> `pkg.a`"
    ]


def test_deferred_imports_left_out_on_request(tmp_path: Path) -> None:
    files = {**PKG, "pkg/a.py": "from pkg import b\n", "pkg/b.py": "def f():\n    import pkg.a\n"}
    write(tmp_path, files, "[tool.codehealth.import-cycle]\ninclude-deferred = false\n")
    assert lines(tmp_path, select="CH020") == []


def test_a_bare_noqa_does_not_hide_the_cycle_it_moves_it(tmp_path: Path) -> None:
    files = {
        **PKG,
        "pkg/a.py": "from .b import x  # noqa\n",
        "pkg/b.py": "from . import a\nx = 1\n",
    }
    assert places(write(tmp_path, files), select="CH020") == ["pkg/b.py:1 CH020"]


def test_bare_noqa_on_every_import_of_the_cycle_hides_it(tmp_path: Path) -> None:
    files = {
        **PKG,
        "pkg/a.py": "from .b import x  # noqa\n",
        "pkg/b.py": "from . import a  # noqa\n",
    }
    assert places(write(tmp_path, files), select="CH020") == []


def test_a_noqa_inside_a_string_on_the_import_line_hides_nothing(tmp_path: Path) -> None:
    files = {
        **PKG,
        "pkg/a.py": 'from .b import x; NOTE = "# noqa: CH020"\n',
        "pkg/b.py": 'from . import a; NOTE = "# noqa"\nx = 1\n',
    }
    assert places(write(tmp_path, files), select="CH020") == ["pkg/a.py:1 CH020"]


CYCLE = {**PKG, "pkg/a.py": "from pkg.b import x\n", "pkg/b.py": "import pkg.a\nx = 1\n"}


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        pytest.param(["pkg/b.py"], ["pkg/a.py:1 CH020"], id="another-file-of-the-cycle"),
        pytest.param(["pkg/a.py"], ["pkg/a.py:1 CH020"], id="the-reported-file"),
        pytest.param(["pkg/c.py"], [], id="a-file-outside-the-cycle"),
    ],
)
def test_partial_file_list_sees_the_whole_project(
    tmp_path: Path, paths: list[str], expected: list[str]
) -> None:
    write(tmp_path, {**CYCLE, "pkg/c.py": "import pkg.a\n"})
    assert places(tmp_path, *paths, select="CH020") == expected


def test_per_path_ignore_leaves_files_out_of_the_graph(tmp_path: Path) -> None:
    files = {**PKG, "pkg/a.py": "import tests.helpers\n", "tests/helpers.py": "import pkg.a\n"}
    table = '[tool.codehealth.per-path."tests/**"]\nignore = ["CH020"]\n'
    assert places(write(tmp_path, files), select="CH020") == ["pkg/a.py:1 CH020"]
    assert places(write(tmp_path, files, table), select="CH020") == []


def test_cached_facts_give_the_same_cycles_and_follow_edits(tmp_path: Path) -> None:
    write(tmp_path, CYCLE)
    settings = load_settings(
        tmp_path / "pyproject.toml", cli_overrides(["CH020"], [], [], [], []), tmp_path
    )
    first = run(["."], settings, tmp_path, cache=True).findings
    assert run(["."], settings, tmp_path, cache=True).findings == first
    assert [finding.path for finding in first] == ["pkg/a.py"]
    write(tmp_path, {"pkg/b.py": "x = 1\n"})
    assert run(["."], settings, tmp_path, cache=True).findings == []


def test_severity_warning_does_not_fail(tmp_path: Path) -> None:
    write(tmp_path, CYCLE, 'severity = { import-cycle = "warning" }\n')
    found = report(tmp_path, select="CH020")
    assert [finding.severity for finding in found.findings] == ["warning"]
    assert found.errors == []


def test_baseline_keeps_knowing_a_cycle_after_lines_shift(tmp_path: Path) -> None:
    write(tmp_path, CYCLE)
    before = report(tmp_path, select="CH020").findings
    (tmp_path / "baseline.json").write_text(baseline.render(before))
    write(tmp_path, {"pkg/a.py": '"""Docs."""\n\nfrom pkg.b import x\n'})
    after = report(tmp_path, select="CH020").findings
    assert [finding.line for finding in after] == [3]
    result = baseline.compare(after, baseline.load(tmp_path / "baseline.json"))
    assert (result.reported, len(result.known), result.fixed) == ([], 1, [])


def test_sarif_result_has_a_fingerprint(tmp_path: Path) -> None:
    write(tmp_path, CYCLE)
    document = json.loads(sarif.render(report(tmp_path, select="CH020")))
    (result,) = document["runs"][0]["results"]
    assert result["ruleId"] == "CH020"
    assert result["partialFingerprints"]


def test_off_by_default(tmp_path: Path) -> None:
    assert rule_named("CH020").default is False
    write(tmp_path, CYCLE)
    assert places(tmp_path, select="ALL") == ["pkg/a.py:1 CH020"]


@pytest.mark.parametrize(
    ("table", "key"),
    [
        pytest.param("include-deferred = 1\n", "include-deferred", id="wrong-type"),
        pytest.param("deferred = false\n", "deferred", id="unknown-key"),
    ],
)
def test_config_errors(tmp_path: Path, table: str, key: str) -> None:
    write(tmp_path, CYCLE, f"[tool.codehealth.import-cycle]\n{table}")
    with pytest.raises(ConfigError) as error:
        report(tmp_path, select="CH020")
    assert error.value.key == f"tool.codehealth.import-cycle.{key}"


def test_long_chain_cycle_needs_no_recursion() -> None:
    size = 5000  # well past the recursion limit
    graph = {node: [(node + 1) % size] for node in range(size)}
    (component,) = components(list(range(size)), graph)
    assert len(component) == size
    small = {node: [(node + 1) % 50] for node in range(50)}
    assert shortest_cycle(list(range(50)), small) == list(range(50))


def test_shortest_cycle_prefers_the_short_way_round() -> None:
    graph = {0: [1], 1: [2, 0], 2: [3], 3: [0]}
    assert components([0, 1, 2, 3], graph) == [[0, 1, 2, 3]]
    assert shortest_cycle([0, 1, 2, 3], graph) == [0, 1]
