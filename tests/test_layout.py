"""The package layout: folders only at the root, rules in their family folders, imports one way.

The layer order is written once, here: a module may import its own layer and any layer below
it (later in `LAYERS`), never one above, and no two modules may import each other, even
through imports made only for type checking.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import pytest_codehealth
from pytest_codehealth.config.catalogue import CATALOGUE
from pytest_codehealth.rules.project._graph import components
from pytest_codehealth.rules.registry import RULES

PACKAGE = Path(pytest_codehealth.__file__).parent
LAYERS = (
    ("cli", "plugin", "server"),  # the ways in
    ("scorecard",),  # `codehealth report`: the before/after scorecard
    ("compat", "report"),
    ("engine",),
    ("rules",),
    ("config",),
    ("core",),
)
RANK = {folder: rank for rank, folders in enumerate(LAYERS) for folder in folders}


def _modules() -> dict[str, Path]:
    """Dotted name (without the package prefix) -> file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Modules of ours that a file imports anywhere (deferred and TYPE_CHECKING ones too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            targets.update(_from_targets(node, package, known))
    ours = {_module_of(target, known) for target in targets}
    return {module for module in ours if module and module != name}


def _from_targets(node: ast.ImportFrom, package: str, known: set[str]) -> set[str]:
    """`from pkg import module` names the module; `from pkg import name`, the package."""
    base = node.module or ""
    if node.level:
        anchor = package.split(".") if package else []
        anchor = anchor[: len(anchor) - node.level + 1]
        inside = ".".join([*anchor, base] if base else anchor)
        base = f"pytest_codehealth.{inside}".rstrip(".")
    found = set()
    for alias in node.names:
        dotted = f"{base}.{alias.name}"
        found.add(dotted if dotted.removeprefix("pytest_codehealth.") in known else base)
    return found


def _module_of(target: str, known: set[str]) -> str:
    """The longest known module a dotted import target names ("" if not ours)."""
    if not target.startswith("pytest_codehealth."):
        return ""
    dotted = target.removeprefix("pytest_codehealth.")
    while dotted and dotted not in known:
        dotted = dotted.rpartition(".")[0]
    return dotted


MODULES = _modules()
GRAPH = {name: _imports(path, name, set(MODULES)) for name, path in MODULES.items()}
EDGES = [(name, target) for name, targets in GRAPH.items() for target in sorted(targets)]


def test_the_root_holds_folders_and_the_public_api_only() -> None:
    loose = sorted(
        path.name
        for path in PACKAGE.iterdir()
        if path.is_file() and path.name not in {"__init__.py", "py.typed"}
    )
    assert loose == []
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir()} - {"__pycache__"}
    assert folders <= set(RANK)  # `server` comes with its own branch
    assert set(RANK) - folders <= {"server"}


def test_every_folder_says_what_it_is_for() -> None:
    for name, path in MODULES.items():
        if path.name == "__init__.py" and name:
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
            assert doc, f"{path.relative_to(PACKAGE)} has no docstring"
            if name.count(".") == 0:  # a top folder names what it may import
                assert "import" in doc.lower(), (
                    f"{name}/__init__.py does not say what it may import"
                )


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_each_rule_lives_in_its_family_folder(rule: pytest_codehealth.rules.base.Rule) -> None:
    module = rule.module.removeprefix("pytest_codehealth.")
    family, _, leaf = module.removeprefix("rules.").rpartition(".")
    assert module.startswith("rules.")
    assert family
    assert "." not in family
    assert leaf == rule.name.replace("-", "_")


def test_family_folders_hold_only_rules_and_private_helpers() -> None:
    registered = {rule.module.removeprefix("pytest_codehealth.") for rule in RULES}
    for name in MODULES:
        parts = name.split(".")
        if parts[0] == "rules" and len(parts) == 3 and not parts[2].startswith("_"):
            assert name in registered, f"{name} is a public module in a family but not a rule"


def test_imports_go_one_way() -> None:
    upward = [
        f"{name} -> {target}"
        for name, target in EDGES
        if name and RANK[target.split(".")[0]] < RANK[name.split(".")[0]]
    ]  # the package root (public API) may re-export from anywhere, lazily
    assert upward == []


def test_helpers_stay_in_their_family() -> None:
    def private_elsewhere(name: str, target: str) -> bool:
        parts = target.split(".")
        helper = parts[0] == "rules" and len(parts) == 3 and parts[2].startswith("_")
        return helper and name.split(".")[:2] != parts[:2]

    assert [edge for edge in EDGES if private_elsewhere(*edge)] == []


def test_no_import_cycle_between_modules() -> None:
    names = sorted(GRAPH)
    index = {name: number for number, name in enumerate(names)}
    graph = {index[name]: [index[target] for target in GRAPH[name]] for name in names}
    cycles = [[names[i] for i in group] for group in components(list(graph), graph)]
    assert cycles == []


@pytest.mark.parametrize(
    ("source", "name", "expected"),
    [
        pytest.param("from pytest_codehealth.core import findings\n", "x.y", {"core.findings"}),
        pytest.param("from ..core.source import SourceFile\n", "engine.run", {"core.source"}),
        pytest.param("from . import _radon\n", "rules.complexity", {"rules.complexity._radon"}),
        pytest.param(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from pytest_codehealth.engine.run import Report\n",
            "core.findings",
            {"engine.run"},
            id="type-checking",
        ),
        pytest.param("import os\n", "core.findings", set(), id="not-ours"),
    ],
)
def test_import_reader(tmp_path: Path, source: str, name: str, expected: set[str]) -> None:
    path = tmp_path / ("__init__.py" if name == "rules.complexity" else "mod.py")
    path.write_text(source)
    assert _imports(path, name, set(MODULES)) == expected


def test_the_catalogue_and_the_registry_agree() -> None:
    assert [(info.code, info.name, info.module) for info in CATALOGUE] == [
        (rule.code, rule.name, rule.module) for rule in RULES
    ]


def test_loading_the_config_imports_no_rule_code() -> None:
    script = (
        "import sys\nfrom pytest_codehealth.config.load import load_settings\n"
        "print(sorted(name for name in sys.modules if name.startswith('pytest_codehealth.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = ast.literal_eval(result.stdout)
    assert [name for name in loaded if name.startswith("pytest_codehealth.rules")] == []
