"""Breaks beyond names: `python -m`, a name shadowing a submodule (patch targets: `patches`)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType

from pytest_codehealth.compat.model import ModuleApi


def script_entry(api: ModuleApi, module: ModuleType, root: Path) -> Iterator[str]:
    """The old module ran as a script: the package needs a `__main__.py` for `python -m`."""
    if not api.runs_as_script or not hasattr(module, "__path__"):
        return
    if importlib.util.find_spec(f"{module.__name__}.__main__") is None:
        main = Path(next(iter(module.__path__))) / "__main__.py"
        yield (
            f"python -m {module.__name__}: the old module ran as a script and the package has "
            f"no __main__.py — add {_shown(main, root)} that runs what the old `if __name__ == "
            '"__main__":` block ran'
        )


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def shadowed_submodules(
    name: str, exported: Mapping[str, object], submodules: Mapping[str, ModuleType]
) -> Iterator[str]:
    """A re-exported name equal to a submodule's: `pkg.mod.sub` depends on import order.

    `submodules` are those the package did not import itself: a submodule it imported and
    then rebound the name of (`from .common import common`) gives the same answer whatever
    is imported later, since importing a loaded module does not set the attribute again."""
    for full, sub in sorted(submodules.items()):
        short = full[len(name) + 1 :]
        if "." in short or short not in exported or exported[short] is sub:
            continue
        kind = type(exported[short]).__name__
        yield (
            f"shadowing: {name}.{short} is both a submodule and a re-exported {kind} — which "
            f"one `{name}.{short}` gives depends on import order; rename one of them"
        )
