"""Import a library we use lazily (radon, pylint) from the environment, never from the project.

Under pytest the project's folders come first on `sys.path` (the rootdir of a `conftest.py`,
`pythonpath`, the current folder under `python -m pytest`): a project file `radon.py`, or
`astroid.py` for pylint, would be found before the library and run. While such an import
runs, `sys.path` holds only the interpreter's and the environment's library folders.
"""

from __future__ import annotations

import functools
import importlib
import os
import site
import sys
import sysconfig
from types import ModuleType


def import_installed(name: str) -> ModuleType:
    """`import name` as installed in the environment; what it imports is looked up there too.

    A module imported already is returned as it is: the project's own `radon.py`, imported by
    the project's tests, then fails our use of it with Python's own error, and is never run
    by us.
    """
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    saved = list(sys.path)
    sys.path[:] = [entry for entry in saved if _in_library(entry)]
    try:
        return importlib.import_module(name)
    finally:
        sys.path[:] = saved


@functools.cache
def _in_library(entry: str) -> bool:
    """Whether a `sys.path` entry is the standard library or a site-packages folder."""
    if not entry:  # the current folder
        return False
    real = os.path.realpath(entry)
    if real.endswith(".zip"):  # a zipped standard library beside the interpreter
        real = os.path.dirname(real)
        return any(_under(real, prefix) for prefix in _prefixes())
    return any(_under(real, root) for root in _library_roots())


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@functools.cache
def _library_roots() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    roots = {paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib") if key in paths}
    roots.update(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        roots.add(site.getusersitepackages())
    return tuple(sorted({os.path.realpath(root) for root in roots}))


@functools.cache
def _prefixes() -> tuple[str, ...]:
    prefixes = {sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix}
    return tuple(sorted(os.path.realpath(prefix) for prefix in prefixes))
