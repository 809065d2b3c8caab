"""`codehealth snapshot MODULE`: record a module's public API before splitting it.

The module's file is found the way `import` would find it, without importing anything, and
read with `ast` (the same reading as the git-ref source). The record is JSON at
`<config folder>/.codehealth/api/<module>.json` (`snapshot-dir` in `[tool.codehealth.compat]`);
commit it, and `pytest --codehealth` checks the split package against it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from importlib.machinery import PathFinder
from pathlib import Path

from pytest_codehealth.compat.model import ModuleApi, to_json
from pytest_codehealth.compat.static import ApiSourceError, extract
from pytest_codehealth.config.load import ConfigError, find_config, load_settings
from pytest_codehealth.core.source import decode

EXIT_CLEAN, EXIT_USAGE = 0, 2


class SnapshotError(Exception):
    """A module that cannot be found or read."""


def locate(module: str, search: Iterable[Path]) -> Path:
    """The `.py` file (or package `__init__.py`) `import module` would load; nothing runs."""
    locations: list[str] | None = [str(path) for path in search]
    spec = None
    parts = module.split(".")
    for index in range(len(parts)):
        if locations is None:
            break
        spec = PathFinder.find_spec(".".join(parts[: index + 1]), locations)
        if spec is None:
            break
        locations = spec.submodule_search_locations and list(spec.submodule_search_locations)
    origin = spec.origin if spec is not None and index == len(parts) - 1 else None
    if not origin or not origin.endswith(".py"):
        raise SnapshotError(f"cannot find the source of {module!r} (searched {_shown(search)})")
    return Path(origin)


def _shown(search: Iterable[Path]) -> str:
    return ", ".join(str(path) for path in list(search)[:3]) + ", ..."


def snapshot(module: str, root: Path, source_roots: Iterable[str]) -> ModuleApi:
    search = [root, *(root / folder for folder in source_roots), *map(Path, sys.path)]
    path = locate(module, search)
    try:
        text = decode(path.read_bytes())
    except (OSError, SyntaxError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"cannot read {path}: {exc}") from None
    try:
        return extract(text, module, f"snapshot of {path}")
    except ApiSourceError as exc:
        raise SnapshotError(str(exc)) from None


def write(api: ModuleApi, folder: Path) -> Path:
    """The record written under `folder` (created if needed); a SnapshotError if it cannot be."""
    target = folder / f"{api.module}.json"
    if folder.exists() and not folder.is_dir():
        raise SnapshotError(f"cannot write {target}: {folder} is a file, not a folder")
    text = json.dumps(to_json(api), indent=2, sort_keys=True) + "\n"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SnapshotError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def run(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    try:
        settings = load_settings(find_config(cwd), {}, cwd)
    except ConfigError as exc:
        return _error(f"config error: {exc}")
    folder = args.output_dir or settings.root / settings.compat.snapshot_dir
    for module in args.modules:
        try:
            api = snapshot(module, settings.root, settings.compat.source_roots)
            target = write(api, folder)
        except SnapshotError as exc:
            return _error(str(exc))
        print(f"{_relative(target, cwd)}: {len(api.names)} public names of {module}")
    return EXIT_CLEAN


def _relative(path: Path, cwd: Path) -> str:
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return str(path)


def _error(message: str) -> int:
    print(f"codehealth: error: {message}", file=sys.stderr)
    return EXIT_USAGE
