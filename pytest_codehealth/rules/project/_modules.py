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

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from pytest_codehealth.rules.base import ProjectFile
from pytest_codehealth.rules.project._imports import ImportFact

Key = tuple[str, ...]  # a module's path components, without `.py` and `__init__`
_Hit = tuple[list[int], Key]  # the modules an import names, and the root they were found under


@dataclass(frozen=True)
class Module:
    index: int  # position in `Project.modules`
    display: str  # the path as reported
    key: Key
    folder: Key
    is_init: bool  # a package's `__init__.py`


class Resolved(NamedTuple):
    targets: tuple[int, ...]  # project modules, by index
    external: str | None  # the top-level name of an absolute import outside the project


class Project:
    """Every file that collected facts, indexed by module path."""

    def __init__(self, files: Sequence[ProjectFile]) -> None:
        self.modules = [_module(index, file) for index, file in enumerate(files)]
        self.packages = frozenset(module.key for module in self.modules if module.is_init)
        self.roots = _roots(self.packages, [file.parts for file in files])
        self.by_key = {module.key: module.index for module in self.modules if not module.is_init}
        self.by_key.update({module.key: module.index for module in self.modules if module.is_init})
        self._order: dict[Key, list[Key]] = {}
        self._via: dict[int, Counter[int]] = {}  # module -> depths of the roots imports used

    def name(self, index: int) -> str:
        """The dotted name for messages: under the root absolute imports of it used most
        (a namespace package's root), else under the deepest root that holds it."""
        key = self.modules[index].key
        via = self._via.get(index)
        depth = max(via, key=lambda size: (via[size], size)) if via else self._depth(key)
        return ".".join(key[depth:]) or self.modules[index].display

    def _depth(self, key: Key) -> int:
        holding = (len(root) for root in self.roots if key[: len(root)] == root)
        return next((size for size in holding if size < len(key)), 0)

    def resolve(self, module: Module, fact: ImportFact) -> Resolved:
        """The project modules one import statement executes (each named submodule, or the
        module the names come from)."""
        parts = tuple(fact.module.split(".")) if fact.module else ()
        hit = self._find(self._starts(module, fact), parts, fact)
        if hit is None:
            return Resolved((), None if fact.level else parts[0])
        targets, root = hit
        for target in () if fact.level else targets:
            self._via.setdefault(target, Counter())[len(root)] += 1
        if fact.names and module.is_init:  # a package taking names from itself: a submodule
            targets = [target for target in targets if target != module.index]  # we cannot see
        return Resolved(tuple(dict.fromkeys(targets)), None)

    def _starts(self, module: Module, fact: ImportFact) -> list[Key]:
        """The folders the import is looked up from: the roots, or where its dots lead."""
        if not fact.level:
            return self._roots_for(module.folder)
        up = fact.level - 1
        if up > len(module.folder):
            return []  # above the project: nothing we can see
        return [module.folder[: len(module.folder) - up]]

    def _find(self, roots: list[Key], parts: Key, fact: ImportFact) -> _Hit | None:
        hit = self._from(roots, parts, fact.names) if fact.names else None
        return hit or self._longest(roots, parts, 0 if fact.level else 1)

    def _from(self, roots: list[Key], parts: Key, names: tuple[str, ...]) -> _Hit | None:
        """`from parts import names` under the first root where it means something."""
        for root in roots:
            base = root + parts
            found = [self.by_key[(*base, name)] for name in names if (*base, name) in self.by_key]
            if base in self.by_key and len(found) < len(names):
                found.append(self.by_key[base])
            if found:
                return found, root
        return None

    def _longest(self, roots: list[Key], parts: Key, least: int) -> _Hit | None:
        """The longest prefix of `parts` that is a module under one of `roots`."""
        for size in range(len(parts), least - 1, -1):
            for root in roots:
                key = root + parts[:size]
                if key in self.by_key:
                    return [self.by_key[key]], root
        return None

    def _roots_for(self, folder: Key) -> list[Key]:
        """Where absolute imports from a file in `folder` are looked up, in order."""
        if folder not in self._order:
            own = [] if folder in self.packages else [folder]
            near = [root for root in self.roots if folder[: len(root)] == root]
            far = [root for root in self.roots if folder[: len(root)] != root]
            self._order[folder] = list(dict.fromkeys([*own, *near, *far]))
        return self._order[folder]


def _module(index: int, file: ProjectFile) -> Module:
    """A file as a module: `pkg/__init__.py` is `pkg` (a package), `pkg/m.py` is `pkg.m`."""
    *folder, name = file.parts or ("",)
    if name == "__init__.py":
        return Module(index, file.display, tuple(folder), tuple(folder), True)
    return Module(index, file.display, (*folder, name.removesuffix(".py")), tuple(folder), False)


def _roots(packages: frozenset[Key], paths: list[tuple[str, ...]]) -> list[Key]:
    """The folders absolute imports start from, deepest first."""
    roots: set[Key] = {()}
    if ("src",) not in packages and any(parts[:1] == ("src",) for parts in paths):
        roots.add(("src",))
    for package in packages:
        top = package
        while top and top[:-1] in packages:
            top = top[:-1]
        roots.add(top[:-1])
    return sorted(roots, key=lambda root: (-len(root), root))
