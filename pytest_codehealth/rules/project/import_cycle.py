"""## What it does
Checks that the project's modules do not import each other in a cycle. The import graph is
built from every file's import statements (relative imports, `from pkg import submodule`,
`src/` layouts and namespace packages included; third-party and standard-library imports
left out), and each group of modules that import each other (a strongly connected
component) is reported once, with one shortest cycle through it and the line of each import.

## Why is this bad?
A cycle makes the import order matter: whichever module is imported first sees the other
half-initialised, and a harmless reordering turns into `ImportError: cannot import name`
(or `partially initialized module`). The modules of a cycle cannot be understood, tested
or split apart on their own; refactoring plans track "circular dependencies 5 -> 0".

## Known problems
Imports are found in the source, never executed: `importlib.import_module(...)`,
`__import__` and plugins loaded by name are not seen. Imports under `if TYPE_CHECKING:` are
left out (they never run); set `include-type-checking` to count them. Imports inside
functions (deferred: they run when the function is called) are counted and marked
`deferred` in the message, since they only hide the cycle from the import order; set
`include-deferred = false` to leave them out. An import whose line says
`# noqa: CH020` (or `# codehealth: ignore[import-cycle]`) is left out of the graph; a bare
`# noqa` is not enough (it usually silences an unused-import warning on a re-export).
A module that imports itself is reported on its own. The rule needs every file: with a
list of files (pre-commit) it still reads the whole project (the config's `paths`, else
its folder) and reports the cycles the listed files are part of. Options are read from
the top-level table and from per-path tables of the importing file.

## Example
```python
# shop/orders.py
from shop.billing import invoice_for  # line 3

# shop/billing.py
from shop.orders import Order  # line 5
```
is reported on `shop/billing.py` as
``CH020 import cycle `shop.billing` (line 5) -> `shop.orders` (line 3) -> `shop.billing` ``.

Use instead: move what both need (`Order`) to a third module both import, import for
annotations only under `if TYPE_CHECKING:`, or pass the dependency in.

## Options
- `include-type-checking` (bool, default false): count imports under `if TYPE_CHECKING:`.
- `include-deferred` (bool, default true): count imports inside functions.

```toml
[tool.codehealth.import-cycle]
include-deferred = false
```

## References
- pylint `cyclic-import` (R0401), which reports every elementary cycle rather than each
  group once; Tarjan's strongly connected components.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from pytest_codehealth.config.rule_options import ImportCycle as Options
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.base import ProjectFile
from pytest_codehealth.rules.project._graph import components, shortest_cycle
from pytest_codehealth.rules.project._imports import (
    BARE_NOQA,
    DEFERRED,
    TYPE_ONLY,
    ImportFact,
    collect_imports,
)
from pytest_codehealth.rules.project._modules import Project

CODE, NAME = "CH020", "import-cycle"


def collect(src: SourceFile, options: Options) -> list[list[Any]]:
    """The file's import statements that count, under this file's options."""
    return collect_imports(
        src,
        frozenset({CODE, NAME}),
        type_checking=options.include_type_checking,
        deferred=options.include_deferred,
    )


class _Edge(NamedTuple):
    """The import that makes one module depend on another (a runtime one, the first)."""

    deferred: bool
    type_only: bool
    bare_noqa: bool
    line: int
    col: int

    def label(self) -> str:
        notes = ["deferred"] * self.deferred + ["type-checking"] * self.type_only
        return ", ".join([f"line {self.line}", *notes])


def check_project(files: Sequence[ProjectFile], options: Options) -> Iterator[Finding]:
    project = Project(files)
    graph = _graph(project, files)
    successors = {node: sorted(edges) for node, edges in graph.items()}
    for node, edges in graph.items():
        if node in edges:
            yield _finding(project, graph, [node], [node])
    for component in components(sorted(graph), successors):
        yield _finding(project, graph, shortest_cycle(component, successors), component)


def _graph(project: Project, files: Sequence[ProjectFile]) -> dict[int, dict[int, _Edge]]:
    graph: dict[int, dict[int, _Edge]] = {}
    for module in project.modules:
        edges: dict[int, _Edge] = {}
        for raw in files[module.index].facts:
            fact = ImportFact.from_json(raw)
            edge = _Edge(
                bool(fact.flags & DEFERRED),
                bool(fact.flags & TYPE_ONLY),
                bool(fact.flags & BARE_NOQA),
                fact.line,
                fact.col,
            )
            for target in project.resolve(module, fact).targets:
                if target not in edges or edge < edges[target]:
                    edges[target] = edge
        graph[module.index] = edges
    return graph


def _finding(
    project: Project, graph: dict[int, dict[int, _Edge]], cycle: list[int], group: list[int]
) -> Finding:
    """One finding for a cycle group, on the import that leaves its cycle's first module.

    The cycle starts at its lowest module whose import has no bare `# noqa` (which would hide
    the finding: it is there for an unused-import warning on a re-export, not for this).
    """
    steps = len(cycle)
    start = next((i for i in range(steps) if not _edge(graph, cycle, i).bare_noqa), 0)
    cycle = cycle[start:] + cycle[:start]
    labels = [
        f"`{project.name(node)}` ({_edge(graph, cycle, i).label()})" for i, node in enumerate(cycle)
    ]
    first = project.modules[cycle[0]]
    message = f"import cycle {' -> '.join(labels)} -> `{project.name(cycle[0])}`"
    if len(cycle) == 1:
        message += ": the module imports itself"
    elif len(group) > len(cycle):
        message += f"; {len(group)} modules in this cycle group"
    edge = _edge(graph, cycle, 0)
    related = tuple(project.modules[node].display for node in group)
    return Finding(
        first.display, edge.line, edge.col, CODE, NAME, message, end_line=edge.line, related=related
    )


def _edge(graph: dict[int, dict[int, _Edge]], cycle: list[int], position: int) -> _Edge:
    """The import from the cycle's module at `position` to the next one."""
    return graph[cycle[position]][cycle[(position + 1) % len(cycle)]]


class ModuleGraph(NamedTuple):
    """The project's modules, which imports which, and the cycles (for `codehealth report`)."""

    modules: dict[str, str]  # dotted name -> displayed path
    edges: list[tuple[str, str]]
    cycles: list[list[str]]  # each cycle group's members (a module importing itself: one)


def module_graph(files: Sequence[ProjectFile]) -> ModuleGraph:
    """The graph this rule checks, from the facts `collect` gave for each file."""
    project = Project(files)
    graph = _graph(project, files)
    names = {module.index: project.name(module.index) for module in project.modules}
    successors = {node: sorted(edges) for node, edges in graph.items()}
    loops = [[names[node]] for node, edges in graph.items() if node in edges]
    groups = [
        sorted(names[node] for node in group) for group in components(sorted(graph), successors)
    ]
    edges = sorted((names[node], names[target]) for node in graph for target in graph[node])
    modules = {names[module.index]: module.display for module in project.modules}
    return ModuleGraph(modules, edges, sorted(loops + groups))
