"""Start-up stays cheap: the console script imports no rule code until a rule is selected.

Module-set checks in a fresh interpreter (what a hook pays on every commit), never timings;
the wall times live in `benchmarks/startup.py`.
"""

from __future__ import annotations

import ast
import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_codehealth.config.catalogue import CATALOGUE
from pytest_codehealth.rules.registry import rule

HEAVY = ("pytest_codehealth.rules.", "radon", "pylint")
# the rule record and the lazy registry are not rule code: they import no rule module
NOT_RULES = {"pytest_codehealth.rules.base", "pytest_codehealth.rules.registry"}


def _loaded_after(script: str, cwd: Path) -> list[str]:
    """The module names a fresh interpreter holds after running `script`."""
    script += "\nimport sys\nprint(sorted(sys.modules))\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=cwd
    )
    loaded: list[str] = ast.literal_eval(result.stdout.splitlines()[-1])
    return loaded


def _heavy(loaded: list[str]) -> list[str]:
    return [name for name in loaded if name.startswith(HEAVY) and name not in NOT_RULES]


def test_importing_the_console_script_imports_no_rule_radon_or_pylint(tmp_path: Path) -> None:
    loaded = _loaded_after("import pytest_codehealth.cli.main", tmp_path)
    assert _heavy(loaded) == []


@pytest.mark.parametrize(
    "unwanted",
    [
        "pytest_codehealth.report.sarif",
        "pytest_codehealth.report.junit",
        "pytest_codehealth.engine.fixing",
        "pytest_codehealth.compat",
        "pytest_codehealth.scorecard",  # `codehealth report` loads it when it runs
        "concurrent.futures",
        "xml.etree.ElementTree",
        "pytest_codehealth.engine.run",
        "pytest_codehealth.config.load",
        "pytest_codehealth.config.catalogue",
        "tomllib",
        "uuid",
        "pytest_codehealth.scorecard.html",
        "matplotlib",  # the `report` extra: only once a page is asked for
        "squarify",
        "networkx",
    ],
)
def test_importing_the_console_script_skips_what_a_plain_check_does_not_need(
    tmp_path: Path, unwanted: str
) -> None:
    assert unwanted not in _loaded_after("import pytest_codehealth.cli.main", tmp_path)


@pytest.mark.parametrize(
    ("select", "expected"),
    [
        ("CH002", ["pytest_codehealth.rules.except_.silent_except"]),
        ("CH001", ["pytest_codehealth.rules.size.max_lines"]),
    ],
)
def test_a_check_imports_only_the_selected_rules(
    tmp_path: Path, select: str, expected: list[str]
) -> None:
    (tmp_path / "small.py").write_text("x = 1\n")
    script = (
        "from pytest_codehealth.cli.main import main\n"
        f"code = main(['check', '--no-cache', '--select', {select!r}, 'small.py'])\n"
        "assert code == 0, code\n"
    )
    loaded = _loaded_after(script, tmp_path)
    rule_modules = [
        name
        for name in _heavy(loaded)
        if name.count(".") == 3 and not name.rsplit(".", 1)[-1].startswith("_")
    ]
    assert rule_modules == expected
    assert not any(name.startswith(("radon", "pylint")) for name in loaded)


def test_help_imports_no_rule_code(tmp_path: Path) -> None:
    script = (
        "import contextlib, io\nfrom pytest_codehealth.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main(['check', '--help'])\n"
        "    except SystemExit:\n        pass\n"
    )
    loaded = _loaded_after(script, tmp_path)
    assert _heavy(loaded) == []
    assert "pytest_codehealth.engine.run" not in loaded


def test_a_check_imports_no_uuid_and_no_tempfile(tmp_path: Path) -> None:
    """The warm path of a hook: `uuid` pulls in `platform`, `tempfile` pulls in `random`."""
    (tmp_path / "small.py").write_text("x = 1\n")
    script = (
        "from pytest_codehealth.cli.main import main\n"
        "assert main(['check', '--select', 'CH001', 'small.py']) == 0\n"
        "assert main(['check', '--select', 'CH001', 'small.py']) == 0\n"
    )
    loaded = _loaded_after(script, tmp_path)
    assert [name for name in ("uuid", "tempfile") if name in loaded] == []


def test_the_complexity_gates_load_no_code_of_the_maintainability_index(tmp_path: Path) -> None:
    """CH010 and CH011 share radon's count with CH012; the line scan (a large pattern compiled
    at import), the tokenizer way of counting and the Halstead volume are CH012's alone."""
    (tmp_path / "small.py").write_text("def f(x):\n    return 1 if x else 2\n")
    script = (
        "from pytest_codehealth.cli.main import main\n"
        "assert main(['check', '--no-cache', '--select', 'CH010,CH011', 'small.py']) == 0\n"
    )
    loaded = _loaded_after(script, tmp_path)
    complexity = "pytest_codehealth.rules.complexity."
    assert "pytest_codehealth.rules.complexity._radon" in loaded
    assert [name for name in loaded if name.startswith(complexity + "_")] == [
        complexity + "_cyclomatic",
        complexity + "_radon",
    ]


def test_the_catalogue_knows_which_rules_are_whole_project() -> None:
    assert [info.code for info in CATALOGUE if info.whole_project] == [
        info.code for info in CATALOGUE if rule(info.code).check_project is not None
    ]


def test_a_warm_check_of_a_settled_file_imports_no_rule_module(tmp_path: Path) -> None:
    """A hook run on files the cache already holds: nothing to analyse, no rule code."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "small.py").write_text("x = 1\n")
    os.utime(tmp_path / "small.py", (1_000_000_000, 1_000_000_000))
    first = "from pytest_codehealth.cli.main import main\nassert main(['check', 'small.py']) == 0\n"
    assert "pytest_codehealth.rules.size.max_lines" in _loaded_after(first, tmp_path)
    assert _heavy(_loaded_after(first, tmp_path)) == []


@pytest.mark.parametrize(
    "unwanted",
    [
        pytest.param("shutil", id="shutil-argparse-asks-for-the-width"),
        pytest.param("lzma", id="lzma-by-shutil"),
        pytest.param("bz2", id="bz2-by-shutil"),
        pytest.param("difflib", id="difflib-only-for-did-you-mean"),
    ],
)
def test_a_check_skips_what_only_help_or_a_typo_needs(tmp_path: Path, unwanted: str) -> None:
    (tmp_path / "small.py").write_text("x = 1\n")
    script = (
        "from pytest_codehealth.cli.main import main\nassert main(['check', 'small.py']) == 0\n"
    )
    assert unwanted not in _loaded_after(script, tmp_path)


def test_the_option_schemas_are_no_dataclasses() -> None:
    """17 dataclasses cost an `exec` per method each on every run; the light record does not."""
    assert [info.code for info in CATALOGUE if dataclasses.is_dataclass(info.options_type)] == []


# what a result served from the cache needs none of: analysis code is imported when a file
# has to be analysed, and the records on the run path are built without `dataclasses`
ANALYSIS = (
    "pytest_codehealth.core.source",
    "pytest_codehealth.core.suppress",
    "pytest_codehealth.engine.identity",
    "pytest_codehealth.engine.modules",
    "pytest_codehealth.engine.project",
    "pytest_codehealth.rules.base",
    "pytest_codehealth.rules.registry",
    "dataclasses",
    "inspect",
    "ast",
)
# a file that reads another (the Redis rules follow `r` into `app/db.py`) and has a finding
PROJECT = {
    "app/__init__.py": "",
    "app/db.py": "import redis.asyncio as redis\n\nr = redis.Redis()\n",
    "app/use.py": (
        "from app.db import r\n\n\nasync def f():\n    try:\n        await r.get('k')\n"
        "    except Exception:\n        pass\n"
    ),
}


@pytest.mark.parametrize(
    "setup",
    [
        pytest.param("", id="index"),
        # a hook's run on few files of a big project: their content-hash entries, no index
        pytest.param(
            "import pytest_codehealth.engine.cache as c\nc.INDEX_BYTES_PER_FILE = 0\n",
            id="entries",
        ),
    ],
)
def test_a_warm_hit_imports_no_analysis_code(tmp_path: Path, setup: str) -> None:
    (tmp_path / ".git").mkdir()
    for name, text in PROJECT.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
        os.utime(tmp_path / name, (1_000_000_000, 1_000_000_000))
    script = (
        f"{setup}from pytest_codehealth.cli.main import main\n"
        "assert main(['check', 'app/use.py', 'app/db.py']) == 1\n"
    )
    first = _loaded_after(script, tmp_path)
    assert "pytest_codehealth.rules.registry" in first  # the first run analysed them
    loaded = _loaded_after(script, tmp_path)
    assert [name for name in ANALYSIS if name in loaded] == []
    assert _heavy(loaded) == []


def test_a_warm_hit_from_the_index_loads_no_openssl(tmp_path: Path) -> None:
    """The index's checksum is a CRC: `hashlib` (OpenSSL) is loaded only to hash a file read."""
    (tmp_path / ".git").mkdir()
    for name, text in PROJECT.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
        os.utime(tmp_path / name, (1_000_000_000, 1_000_000_000))
    script = "from pytest_codehealth.cli.main import main\nassert main(['check', 'app']) == 1\n"
    assert "hashlib" in _loaded_after(script, tmp_path)  # the first run hashed the files
    assert "hashlib" not in _loaded_after(script, tmp_path)
