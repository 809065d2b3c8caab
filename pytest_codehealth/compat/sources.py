"""Gather the old APIs to check: modules split since a git ref, snapshots, config lists."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pytest_codehealth.compat import gitref
from pytest_codehealth.compat.model import ApiFormatError, ModuleApi, Name, from_json, merge
from pytest_codehealth.compat.oldtree import OldTree
from pytest_codehealth.compat.static import ApiSourceError, extract
from pytest_codehealth.config.compat import CompatSettings
from pytest_codehealth.core.source import decode


@dataclass
class Gathered:
    """Old APIs by module, and problems that belong to one module (shown by its item)."""

    apis: dict[str, list[ModuleApi]] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)
    ref: str | None = None  # the git ref read, and the modules split since it
    split: list[str] = field(default_factory=list)
    trees: dict[str, OldTree] = field(default_factory=dict)  # modules read at the ref

    def note(self) -> str | None:
        """What to tell a user whose ref yields no split module (else they see no item, no word)."""
        if self.ref is None or self.split:
            return None
        return f"no module became a package between `{self.ref}` and the working tree"

    def add(self, api: ModuleApi) -> None:
        self.apis.setdefault(api.module, []).append(api)

    def problem(self, module: str, message: str) -> None:
        self.problems.setdefault(module, []).append(message)

    def modules(self) -> list[str]:
        return sorted({*self.apis, *self.problems})

    def api(self, module: str) -> ModuleApi | None:
        records = self.apis.get(module)
        return merge(records) if records else None


def gather(root: Path, settings: CompatSettings, ref: str | None) -> Gathered:
    """Every source the settings name; raises GitError when the ref cannot be used."""
    gathered = Gathered()
    ref = ref or settings.ref
    if ref:
        from_git(gathered, root, settings, ref)
    from_snapshots(gathered, root / settings.snapshot_dir)
    for module, names in settings.modules.items():
        gathered.add(ModuleApi(module, tuple(Name(name) for name in names), origin="config"))
    return gathered


def from_git(gathered: Gathered, root: Path, settings: CompatSettings, ref: str) -> None:
    top = gitref.toplevel(root)
    old = gitref.split_modules(top, ref, root, settings.source_roots)
    gathered.ref, gathered.split = ref, [item.module for item in old]
    listed, missing = gitref.listed_modules(
        top, ref, root, settings.ref_modules, settings.source_roots
    )
    for module in missing:
        gathered.problem(module, f"not found at {ref} (listed in compat.ref-modules)")
    seen = {item.module for item in old}
    tree = OldTree(top, ref, _folder(root, top))
    for item in [*old, *(entry for entry in listed if entry.module not in seen)]:
        origin = f"git {ref}:{item.path}"
        try:
            text = decode(gitref.show(top, ref, item.path))
            gathered.add(extract(text, item.module, origin))
        except (ApiSourceError, gitref.GitError, SyntaxError, UnicodeDecodeError) as exc:
            gathered.problem(item.module, f"cannot read the old API from {origin}: {exc}")
        else:
            gathered.trees[item.module] = tree


def _folder(root: Path, top: Path) -> str:
    """`root` relative to the repository top, "" when it is the top."""
    relative = root.resolve().relative_to(top.resolve()).as_posix()
    return "" if relative == "." else relative


def from_snapshots(gathered: Gathered, folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        try:
            api = from_json(json.loads(path.read_text(encoding="utf-8")), f"snapshot {path.name}")
        except (OSError, ValueError, ApiFormatError) as exc:
            gathered.problem(path.stem, f"cannot read snapshot {path.name}: {exc}")
            continue
        gathered.add(api)
