"""Redis objects of other modules of the project: `from app.db.redis import redis_client`.

`Remote` follows an import through the engine's `ImportedModule` to the module it names and
reads what that module's `exports` said (see `_exports`): the Redis objects its names hold,
what its functions return, its classes' attributes and methods. Re-exports (`from .redis
import client` in a package's `__init__`) and values built from imports (`client =
get_redis()`) are followed from the module that wrote them, a few steps deep. A class of
another module is `Kind("remote", key)` (`cls` for the class itself), a module
`Kind("module", key)`; the key indexes this object's tables.
"""

from __future__ import annotations

from typing import Any

from pytest_codehealth.rules.base import ImportedModule
from pytest_codehealth.rules.redis._scope import Ref
from pytest_codehealth.rules.redis._types import Kind

MAX_STEPS = 8  # re-exports and base classes followed, at most
_Split = tuple[ImportedModule, list[str]]


class Remote:
    """What the modules the checked file imports export, resolved on demand."""

    def __init__(self, home: ImportedModule | None) -> None:
        self.home = home
        self.modules: list[ImportedModule] = []
        self.classes: list[tuple[ImportedModule, str]] = []
        self._keys: dict[tuple[int, str], int] = {}  # (id of facts, name) -> index
        self._homes: dict[Ref, _Split | None] = {}  # imports of the checked module

    # -- what an import names -------------------------------------------------------------

    def value(self, ref: Ref, where: ImportedModule | None = None, steps: int = 0) -> Kind | None:
        """The object an import names: a Redis object, a class, a module, an instance."""
        found = self._split(ref, where)
        if found is None or steps > MAX_STEPS:
            return None
        module, rest = found
        kind: Kind | None = self._module(module)
        for position, attr in enumerate(rest):
            if kind is None:
                return None
            step = steps + 1 if position == 0 else steps
            kind = self.attribute(kind, attr, step)
        return kind

    def call(
        self, ref: Ref, awaited: bool, where: ImportedModule | None = None, steps: int = 0
    ) -> Kind | None:
        """What calling the imported function or class gives (`await`ed or not)."""
        level, dotted = ref
        owner_name, _, name = dotted.rpartition(".")
        owner = self.value((level, owner_name), where, steps) if owner_name or level else None
        return self.method(owner, name, awaited, steps) if owner is not None else None

    def offers(self, ref: Ref) -> bool:
        """Does the import name a Redis object, or something that makes or holds one?"""
        found = self._split(ref, None)
        if found is None or not _facts(found[0]):
            return False  # not a module of the project (most imports), or one without Redis
        kind = self.value(ref)
        if kind is None:
            return self.call(ref, False) is not None or self.call(ref, True) is not None
        if kind.family == "module":
            facts = _facts(self.modules[int(kind.role)])
            return any(facts.get(key) for key in ("values", "functions", "classes"))
        return kind.family != "local"

    def _split(self, ref: Ref, where: ImportedModule | None) -> _Split | None:
        """The longest prefix of the dotted name that is a project module, and the rest."""
        if where is None:
            if ref not in self._homes:
                self._homes[ref] = self._search(ref, self.home)
            return self._homes[ref]
        return self._search(ref, where)

    def _search(self, ref: Ref, start: ImportedModule | None) -> _Split | None:
        level, dotted = ref
        parts = dotted.split(".") if dotted else []
        least = 0 if level else 1
        for size in range(len(parts), least - 1, -1):
            module = start.module(".".join(parts[:size]), level) if start else None
            if module is not None:
                return module, parts[size:]
        return None

    # -- members --------------------------------------------------------------------------

    def attribute(self, owner: Kind, attr: str, steps: int = 0) -> Kind | None:
        """`owner.attr` for a module, or an instance of a class, of another module."""
        if owner.family == "module" and not owner.cls:
            return self._member(self.modules[int(owner.role)], attr, steps)
        for module, facts in self._class_facts(owner):
            if attr in facts.get("attrs", {}):
                return self._decode(module, facts["attrs"][attr], steps)
        return None

    def method(self, owner: Kind, name: str, awaited: bool, steps: int = 0) -> Kind | None:
        """What `owner.name()` gives: a function of a module, a method, a class's instance."""
        if owner.family == "module" and not owner.cls:
            return self._function(self.modules[int(owner.role)], name, awaited, steps)
        for module, facts in self._class_facts(owner):
            if name in facts.get("returns", {}):
                is_async, what = facts["returns"][name]
                return self._decode(module, what, steps) if is_async == awaited else None
        return None

    def _member(self, module: ImportedModule, name: str, steps: int) -> Kind | None:
        facts = _facts(module)
        if name in facts.get("values", {}):
            return self._decode(module, facts["values"][name], steps)
        if name in facts.get("classes", {}):
            return self._class(module, name)._replace(cls=True)
        if name in facts.get("imports", {}) and steps <= MAX_STEPS:
            level, dotted = facts["imports"][name]
            return self.value((level, dotted), module, steps + 1)
        submodule = module.module(name, 1) if module.is_package else None  # `import a.b`
        return self._module(submodule) if submodule is not None else None

    def _function(
        self, module: ImportedModule, name: str, awaited: bool, steps: int
    ) -> Kind | None:
        facts = _facts(module)
        if name in facts.get("functions", {}):
            is_async, what = facts["functions"][name]
            return self._decode(module, what, steps) if is_async == awaited else None
        if name in facts.get("classes", {}):
            return None if awaited else self._class(module, name)
        if name in facts.get("imports", {}) and steps <= MAX_STEPS:
            level, dotted = facts["imports"][name]
            return self.call((level, dotted), awaited, module, steps + 1)
        return None

    def _class_facts(self, owner: Kind) -> list[tuple[ImportedModule, dict[str, Any]]]:
        """The class of a `remote` instance, then its bases of other modules."""
        if owner.family != "remote" or owner.cls:
            return []
        found: list[tuple[ImportedModule, dict[str, Any]]] = []
        queue = [self.classes[int(owner.role)]]
        while queue and len(found) <= MAX_STEPS:
            module, name = queue.pop(0)
            facts = _facts(module).get("classes", {}).get(name, {})
            found.append((module, facts))
            for level, dotted in facts.get("bases", []):
                base = self.value((level, dotted), module, MAX_STEPS)
                if base is not None and base.family == "remote":
                    queue.append(self.classes[int(base.role)])
        return found

    # -- kinds ----------------------------------------------------------------------------

    def _decode(self, module: ImportedModule, what: list[Any], steps: int) -> Kind | None:
        """What `exports` wrote: a kind (`local` classes are the exporting module's), or a
        value built from an import of that module, followed from there."""
        tag, *rest = what
        if tag == "kind":
            family, role, weak, cls = rest
            if family == "local":
                return self._class(module, role)._replace(cls=bool(cls))
            return Kind(family, role, bool(weak), bool(cls))
        return self._follow(module, tag, (rest[0], rest[1]), steps) if steps < MAX_STEPS else None

    def _follow(self, module: ImportedModule, tag: str, ref: Ref, steps: int) -> Kind | None:
        """A value `module` built from one of its imports: the import itself, an instance of
        it, what calling it gives, what awaiting that call gives."""
        if tag in ("import", "instance"):
            found = self.value(ref, module, steps + 1)
            return found.instance() if tag == "instance" and found and found.cls else found
        return self.call(ref, tag == "await", module, steps + 1)

    def _class(self, module: ImportedModule, name: str) -> Kind:
        """An instance of a class of `module`: its Redis kind if it subclasses a client."""
        facts = _facts(module)
        known = facts.get("classes", {}).get(name, {}).get("kind")
        if known:
            family, role, weak = known
            return Kind(family, role, bool(weak))
        key = (id(facts), name)
        if key not in self._keys:
            self._keys[key] = len(self.classes)
            self.classes.append((module, name))
        return Kind("remote", str(self._keys[key]))

    def _module(self, module: ImportedModule) -> Kind:
        key = (id(_facts(module)), "")
        if key not in self._keys:
            self._keys[key] = len(self.modules)
            self.modules.append(module)
        return Kind("module", str(self._keys[key]))


def _facts(module: ImportedModule) -> dict[str, Any]:
    facts = module.facts
    return facts if isinstance(facts, dict) else {}
