"""The project's modules, from its file paths, and imports resolved to them (CH020, CH021).

Resolution works on paths only: nothing is imported and `sys.path` is not consulted.

- A module is a `.py` file; a package is a folder with `__init__.py` (its module is that
  file, and it wins over a `name.py` beside the folder).
- Absolute imports start from a root: the config's folder, `src/`, and the folder that
  holds each top-level package (so `src/pkg/` and `services/api/app/` both work). Roots
  that hold the importing file come first, the deepest first. A namespace package (a
  folder without `__init__.py`) is found from any root above it.
- A file in a folder that is not a package also finds its siblings by bare name (a
  script's folder is on `sys.path`; so is a test folder with pytest's default import mode).
- Relative imports go up from the importing file's folder, at any depth.
- `from pkg import name` is the submodule `pkg.name` when that file exists, else `pkg`;
  `import a.b.c` is the deepest of `a.b.c`, `a.b`, `a` that is a project file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from pytest_codehealth.registry import ProjectFile
from pytest_codehealth.rules._imports import ImportFact

Key = tuple[str, ...]  # a module's path components, without `.py` and `__init__`


@dataclass(frozen=True)
class Module:
    index: int  # position in `Project.modules`
    display: str  # the path as reported
    key: Key
    folder: Key
    is_init: bool  # a package's `__init__.py`
    name: str  # dotted, for messages


class Resolved(NamedTuple):
    targets: tuple[int, ...]  # project modules, by index
    external: str | None  # the top-level name of an absolute import outside the project


class Project:
    """Every file that collected facts, indexed by module path."""

    def __init__(self, files: Sequence[ProjectFile]) -> None:
        shapes = [_shape(file.parts) for file in files]
        self.packages = frozenset(key for key, is_init in shapes if is_init)
        self.roots = _roots(self.packages, [file.parts for file in files])
        self.modules = [
            Module(index, file.display, key, key if is_init else key[:-1], is_init, "")
            for index, (file, (key, is_init)) in enumerate(zip(files, shapes, strict=True))
        ]
        self.by_key: dict[Key, int] = {}
        for module in self.modules:  # a package's `__init__.py` wins over `name.py`
            if module.is_init or module.key not in self.by_key:
                self.by_key[module.key] = module.index
        self.modules = [_named(module, self.roots) for module in self.modules]
        self._order: dict[Key, list[Key]] = {}

    def resolve(self, module: Module, fact: ImportFact) -> Resolved:
        """The project modules one import statement (or one name of it) executes."""
        parts = tuple(fact.module.split(".")) if fact.module else ()
        if fact.level:
            up = fact.level - 1
            if up > len(module.folder):
                return Resolved((), None)  # above the project: nothing we can see
            found = self._longest([module.folder[: len(module.folder) - up]], parts, 0)
        else:
            found = self._longest(self._roots_for(module.folder), parts, 1)
        if found is None:
            return Resolved((), None if fact.level else parts[0])
        key, exact = found
        targets: list[int] = []
        needs_base = not fact.names or not exact
        for name in fact.names if exact else ():
            sub = self.by_key.get((*key, name)) if name != "*" else None
            if sub is None:
                needs_base = True
            else:
                targets.append(sub)
        base = self.by_key[key]
        # a package's `__init__` taking names from itself: a submodule we cannot see
        if needs_base and not (fact.names and module.is_init and base == module.index):
            targets.append(base)
        return Resolved(tuple(dict.fromkeys(targets)), None)

    def _longest(self, roots: list[Key], parts: Key, least: int) -> tuple[Key, bool] | None:
        """The longest prefix of `parts` that is a module under one of `roots`."""
        for size in range(len(parts), least - 1, -1):
            for root in roots:
                key = root + parts[:size]
                if key in self.by_key:
                    return key, size == len(parts)
        return None

    def _roots_for(self, folder: Key) -> list[Key]:
        """Where absolute imports from a file in `folder` are looked up, in order."""
        if folder not in self._order:
            own = [] if folder in self.packages else [folder]
            near = [root for root in self.roots if folder[: len(root)] == root]
            far = [root for root in self.roots if folder[: len(root)] != root]
            self._order[folder] = list(dict.fromkeys([*own, *near, *far]))
        return self._order[folder]


def _shape(parts: tuple[str, ...]) -> tuple[Key, bool]:
    stem = parts[-1].removesuffix(".py") if parts else ""
    if stem == "__init__":
        return tuple(parts[:-1]), True
    return (*parts[:-1], stem), False


def _roots(packages: frozenset[Key], paths: list[tuple[str, ...]]) -> list[Key]:
    """The folders absolute imports start from, deepest first."""
    roots: set[Key] = {()}
    if ("src",) not in packages and any(len(parts) > 1 and parts[0] == "src" for parts in paths):
        roots.add(("src",))
    for package in packages:
        top = package
        while top and top[:-1] in packages:
            top = top[:-1]
        roots.add(top[:-1])
    return sorted(roots, key=lambda root: (-len(root), root))


def _named(module: Module, roots: list[Key]) -> Module:
    """The dotted name under the deepest root that holds the module."""
    for root in roots:
        if module.key[: len(root)] == root and len(module.key) > len(root):
            return replace(module, name=".".join(module.key[len(root) :]))
    return replace(module, name=module.display)
