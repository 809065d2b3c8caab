"""`assert_backward_compatible`: the compat checks inside a user's own test."""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterable
from pathlib import Path

from pytest_codehealth.compat.isolated import Checkout
from pytest_codehealth.compat.model import ApiFormatError, ModuleApi, Name, from_json, merge
from pytest_codehealth.compat.verify import check
from pytest_codehealth.config.load import find_config, load_settings

DEFAULT_SNAPSHOT_DIR = ".codehealth/api"


class CompatWarning(UserWarning):
    """A compatibility risk that does not fail the check (e.g. a stale mock.patch target)."""


class BackwardCompatibilityError(AssertionError):
    """The breaks of one module, one per line, each with its fix."""

    def __init__(self, module: str, breaks: list[str], origin: str) -> None:
        self.module, self.breaks, self.origin = module, breaks, origin
        header = f"{module} is not backward compatible with {origin or 'its old API'}:"
        super().__init__("\n".join([header, *breaks]))


def assert_backward_compatible(
    module: str,
    *,
    snapshot: str | os.PathLike[str] | None = None,
    names: Iterable[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    strict_patches: bool = False,
) -> None:
    """Assert that `module` still offers the old API: a snapshot, a list of names, or both.

    With neither, the snapshot `<root>/.codehealth/api/<module>.json` is used (`root`
    defaults to the current folder). The module is imported in a child process from `root`
    and its source roots, never from the caller's `sys.path`. Raises
    BackwardCompatibilityError listing every break;
    warnings (names that were public outside the old `__all__`, stale patch targets) are
    issued as CompatWarning.
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not ours
    base = Path(root) if root is not None else Path.cwd()
    api = _old_api(module, snapshot, names, base)
    source_roots = load_settings(find_config(base), {}, base).compat.source_roots
    result = check(api, Checkout.at(base, source_roots), strict_patches)
    for message in result.warnings:
        warnings.warn(CompatWarning(f"{module}: {message}"), stacklevel=2)
    if result.errors:
        raise BackwardCompatibilityError(module, result.errors, api.origin)


def _old_api(
    module: str,
    snapshot: str | os.PathLike[str] | None,
    names: Iterable[str] | None,
    base: Path,
) -> ModuleApi:
    records = []
    if names is not None:
        listed = tuple(Name(str(name)) for name in names)
        records.append(ModuleApi(module, listed, origin="the names given"))
    if snapshot is not None or names is None:
        path = Path(snapshot) if snapshot is not None else base / DEFAULT_SNAPSHOT_DIR
        path = base / path if not path.is_absolute() else path
        path = path / f"{module}.json" if path.is_dir() or snapshot is None else path
        records.insert(0, _load(path, module))
    return merge(records)


def _load(path: Path, module: str) -> ModuleApi:
    try:
        api = from_json(json.loads(path.read_text(encoding="utf-8")), f"snapshot {path.name}")
    except OSError as exc:
        raise FileNotFoundError(f"no API snapshot for {module} at {path}: {exc.strerror}") from None
    except (ValueError, ApiFormatError) as exc:
        raise ValueError(f"{path}: not an API snapshot: {exc}") from None
    if api.module != module:
        raise ValueError(f"{path} is the snapshot of {api.module}, not {module}")
    return api
