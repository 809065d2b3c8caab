"""## What it does
Checks that a module imports at most `max-imports` distinct modules of the project (10 by
default). Imports are resolved like `import-cycle` (CH020) resolves them; third-party
packages can be counted too.

## Why is this bad?
A module that depends on 40 others changes whenever any of them does, cannot be tested
without most of the project, and is usually a module doing several jobs. Refactoring plans
set a target such as "dependencies per module from 40 to under 10"; this keeps it.

## Known problems
Each project module counts once, however many names are taken from it; a package counts as
its `__init__.py`. In a package's `__init__.py`, imports of the package's own submodules
are not counted (the re-exports that keep the old import paths working after a split);
set `count-own-submodules` to count them. Imports under `if TYPE_CHECKING:` are not
counted unless `include-type-checking` is set; imports inside functions are. With
`third-party`, each top-level third-party package counts once and the standard library
never counts. An import whose line says `# noqa: CH021` is not counted. The rule reads
every file (imports are resolved across the project), so it is off by default and has its
own hook; options work in per-path tables.

## Example
A `services/checkout.py` importing 14 modules of the project is reported as
`CH021 module imports 14 project modules (limit 10)`.

Use instead: split the module by job so that each part needs a few of those modules, or
depend on one facade module instead of its many parts.

## Options
- `max-imports` (int, default 10): the most distinct modules a module may import.
- `third-party` (bool, default false): count third-party packages too.
- `include-type-checking` (bool, default false): count imports under `if TYPE_CHECKING:`.
- `count-own-submodules` (bool, default false): in an `__init__.py`, count the package's
  own submodules.

```toml
[tool.codehealth.fan-out]
max-imports = 15

[tool.codehealth.per-path."tests/**"]
fan-out = { max-imports = 25 }
```
Suppress for one module with `# codehealth: ignore-file[fan-out]` anywhere in it.

## References
- pylint `too-many-imports` (R0914 counts import statements, not modules); efferent
  coupling (Ce) in Robert C. Martin's package metrics.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import Any

from pytest_codehealth.config.rule_options import FanOut as Options
from pytest_codehealth.core.findings import Finding, Measure
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.base import ProjectFile
from pytest_codehealth.rules.project._imports import ImportFact, collect_imports
from pytest_codehealth.rules.project._modules import Module, Project

CODE, NAME = "CH021", "fan-out"
_STDLIB = frozenset({*sys.stdlib_module_names, "__future__"})


def collect(src: SourceFile, options: Options) -> dict[str, Any]:
    """The file's imports that count, and its limits (so that per-path tables apply)."""
    imports = collect_imports(
        src, frozenset({CODE, NAME}), type_checking=options.include_type_checking, deferred=True
    )
    return {
        "imports": imports,
        "max": options.max_imports,
        "third-party": options.third_party,
        "own": options.count_own_submodules,
    }


def check_project(files: Sequence[ProjectFile], options: Options) -> Iterator[Finding]:
    project = Project(files)
    for module in project.modules:
        facts = files[module.index].facts
        imported = _imported(project, module, facts)
        limit = facts["max"]
        if len(imported) > limit:
            what = "modules" if facts["third-party"] else "project modules"
            message = f"module imports {len(imported)} {what} (limit {limit})"
            measure = Measure(len(imported), limit, what)
            yield Finding(module.display, 1, 1, CODE, NAME, message, end_line=1, measure=measure)


def _imported(project: Project, module: Module, facts: dict[str, Any]) -> set[str]:
    """The distinct modules (display paths) and third-party packages the module imports."""
    found: set[str] = set()
    for raw in facts["imports"]:
        resolved = project.resolve(module, ImportFact.from_json(raw))
        for target in resolved.targets:
            other = project.modules[target]
            if target != module.index and (facts["own"] or not _own(module, other)):
                found.add(other.display)
        if facts["third-party"] and resolved.external and resolved.external not in _STDLIB:
            found.add(f"third-party:{resolved.external}")
    return found


def _own(module: Module, other: Module) -> bool:
    """Whether `other` is inside the package whose `__init__.py` is `module`."""
    return module.is_init and other.key[: len(module.key)] == module.key
