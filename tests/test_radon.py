"""The radon gates (CH010-CH012) end to end: one radon pass on our tree, agreement with radon,
radon's RecursionError, syntax errors among good files, per-path limits, lazy import."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from radon.complexity import add_inner_blocks, cc_rank, cc_visit
from radon.metrics import h_visit_ast

import pytest_codehealth
from pytest_codehealth.config.load import load_settings
from pytest_codehealth.core import deep as _deep
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.engine.run import run
from pytest_codehealth.rules.complexity import _radon
from tests.rules.test_complexity import FLAGGED

PACKAGE = Path(pytest_codehealth.__file__).parent
OWN_FILES = sorted(PACKAGE.rglob("*.py"))


def radon_scores(text: str) -> list[tuple[int, int, int]]:
    """What `radon cc --show-closures` scores: (line, column, complexity) per block."""
    blocks = add_inner_blocks(cc_visit(text))
    return sorted((block.lineno, block.col_offset, block.complexity) for block in blocks)


def source(text: str) -> SourceFile:
    return SourceFile("m.py", text, ast.parse(text))


def our_scores(text: str) -> list[tuple[int, int, int]]:
    blocks = _radon.blocks(source(text))
    return sorted((block.line, block.col, block.complexity) for block in blocks)


@pytest.mark.parametrize("src", [p.values[0] for p in FLAGGED], ids=[p.id for p in FLAGGED])
def test_scores_equal_radon_on_snippets(src: str) -> None:
    assert our_scores(src) == radon_scores(src)


@pytest.mark.parametrize(
    "path", OWN_FILES, ids=[p.relative_to(PACKAGE).as_posix() for p in OWN_FILES]
)
def test_scores_equal_radon_on_our_own_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert our_scores(text) == radon_scores(text)


def test_nested_blocks_are_those_radon_adds_with_show_closures() -> None:
    src = (
        "class A:\n    class B:\n        def m(self):\n            def f():\n                pass\n"
    )
    top = sorted((block.lineno, block.complexity) for block in cc_visit(src))
    ours = sorted((b.line, b.complexity) for b in _radon.blocks(source(src)) if not b.nested)
    assert ours == top == [(1, 1)]


@pytest.mark.parametrize("score", [0, 1, 4.9, 5, 5.01, 6, 10, 10.5, 11, 20, 21, 30, 31, 40, 41, 99])
def test_rank_equals_radon(score: float) -> None:
    assert _radon.rank(score) == cc_rank(score)


def test_one_scoring_per_file_and_assert_setting() -> None:
    src = source("def f(x):\n    assert x\n    return x\n")
    first = _radon.blocks(src)
    assert _radon.blocks(src) is first
    assert _radon.blocks(src, no_assert=True)[0].complexity == 1
    assert _radon.blocks(src)[0].complexity == 2
    assert _radon.blocks(source("def f(x):\n    return x\n"))[0].complexity == 1


def _project(tmp_path: Path, files: dict[str, str], toml: str = "") -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.codehealth]\n{toml}", encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def _check(root: Path, paths: list[str]) -> list[str]:
    settings = load_settings(root / "pyproject.toml", {}, root)
    report = run(paths, settings, root)
    return [f"{f.path}:{f.line}:{f.col} {f.code} {f.message}" for f in report.findings]


def scored(score: int, name: str = "route") -> str:
    branches = "".join(f"    if kind == {i}:\n        return {i}\n" for i in range(score - 1))
    return f"def {name}(kind):\n{branches}    return None\n"


DEEP = "total = " + " + ".join(["1"] * 1000) + "\n"
SILENT = "try:\n    import ujson\nexcept Exception:\n    pass\n"


def _deep_project(tmp_path: Path) -> Path:
    select = 'select = ["CH002", "CH010", "CH011", "CH012"]\n'
    return _project(tmp_path, {"a_deep.py": SILENT + DEEP, "b_good.py": scored(11)}, select)


GOOD_FILE = [
    "b_good.py:1:1 CH010 function `route` has cyclomatic complexity 11, rank C (limit 10)",
    "b_good.py:1:1 CH011 module has average complexity 11.00 (11 over 1 block), rank C (limit 5)",
]


def test_radon_recursion_error_is_retried_with_room(tmp_path: Path) -> None:
    ast.parse(DEEP)  # the parser accepts it: only radon's recursive visitors fail
    with pytest.raises(RecursionError):
        cc_visit(DEEP)
    findings = _check(_deep_project(tmp_path), ["."])
    assert findings[0].startswith("a_deep.py:3:1 CH002 ")  # scored: no radon finding
    assert findings[1:] == GOOD_FILE


def test_a_tree_too_deep_for_radons_visitors_is_scored_without_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_deep, "DEEP_LIMIT", 1)  # a retry gets no more room than the first try
    with pytest.raises(RecursionError):
        h_visit_ast(ast.parse(DEEP))  # radon's Halstead visitor needs room for it
    findings = _check(_deep_project(tmp_path), ["."])
    # CH010 and CH011 score without recursing (`_cyclomatic`), CH012 too (`_halstead`)
    assert findings[0].startswith("a_deep.py:3:1 CH002 ")  # scored: no CH012 finding
    assert findings[1:] == GOOD_FILE


def test_complexity_of_a_tree_too_deep_for_radon_is_scored_without_room(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_deep, "DEEP_LIMIT", 1)
    text = "def f(x):\n    return " + " + ".join(["(x if x else 1)"] * 1500) + "\n"
    with pytest.raises(RecursionError):
        cc_visit(text)
    assert [(b.name, b.complexity) for b in _radon.blocks(source(text))] == [("f", 1501)]


def test_syntax_error_among_good_files(tmp_path: Path) -> None:
    files = {"a.py": scored(12), "b.py": "def broken(:\n    pass\n", "c.py": scored(3)}
    root = _project(tmp_path, files, 'select = ["CH010"]\n')
    settings = load_settings(root / "pyproject.toml", {}, root)
    report = run(["."], settings, root)
    assert report.files_checked == 3
    assert [(f.path, f.code) for f in report.findings] == [("a.py", "CH010"), ("b.py", "CH000")]
    assert report.findings[1].message.startswith("syntax error")


PER_PATH = """\
extend-select = ["CH011"]

[tool.codehealth.complexity]
max-complexity = 7

[tool.codehealth.per-path."tests/**"]
complexity = { max-complexity = "C" }
module-complexity = { max-average = 20 }
"""


def test_per_path_allows_tests_more(tmp_path: Path) -> None:
    files = {"app/service.py": scored(8), "tests/test_service.py": scored(20)}
    root = _project(tmp_path, files, PER_PATH)
    assert _check(root, ["."]) == [
        "app/service.py:1:1 CH010 function `route` has cyclomatic complexity 8, rank B (limit 7)",
        "app/service.py:1:1 CH011 module has average complexity 8.00 (8 over 1 block), "
        "rank B (limit 5)",
    ]
    (root / "tests/test_service.py").write_text(scored(21), encoding="utf-8")
    assert _check(root, ["tests"]) == [
        "tests/test_service.py:1:1 CH010 function `route` has cyclomatic complexity 21, "
        "rank D (limit 20)",
        "tests/test_service.py:1:1 CH011 module has average complexity 21.00 (21 over 1 block), "
        "rank D (limit 20)",
    ]


def test_noqa_on_the_def_line_suppresses_one_block(tmp_path: Path) -> None:
    text = scored(12).replace("(kind):", "(kind):  # noqa: CH010", 1) + scored(12, "other")
    root = _project(tmp_path, {"m.py": text}, 'select = ["CH010"]\n')
    assert [line.split(" has")[0] for line in _check(root, ["."])] == [
        "m.py:25:1 CH010 function `other`"
    ]


IMPORTS_RADON = """\
import sys
from pytest_codehealth.cli.main import main
code = main(["check", *sys.argv[1:]])
print(code, "radon" in sys.modules)
"""


@pytest.mark.parametrize(
    ("select", "expected"),
    [
        ("CH001,CH002", "0 False"),
        ("CH010", "1 False"),  # scored by `_cyclomatic`, radon's count without radon
        ("CH011", "1 False"),
        ("CH012", "0 True"),
    ],
)
def test_radon_imported_only_when_maintainability_runs(
    tmp_path: Path, select: str, expected: str
) -> None:
    root = _project(tmp_path, {"m.py": scored(11)})
    argv = [sys.executable, "-c", IMPORTS_RADON, "--select", select, "m.py"]
    result = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False)
    assert result.stdout.splitlines()[-1] == expected, result.stderr
