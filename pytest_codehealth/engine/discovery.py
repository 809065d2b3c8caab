"""Which files a run checks: folders walked, explicit files kept, excludes honoured."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from os import scandir
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pytest_codehealth.config.settings import Settings
from pytest_codehealth.core import recorder

if TYPE_CHECKING:
    from pytest_codehealth.engine.listings import Listing, Listings
    from pytest_codehealth.engine.walks import Group

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "build",
        "dist",
        "__pycache__",
        "node_modules",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".codehealth_cache",
        ".eggs",
    }
)


class MissingPathError(Exception):
    """A path named on the command line that does not exist."""


class Target(NamedTuple):
    """A file to check: where it is, how to show it, its parts relative to the config root.

    `problem` says why a folder could not be listed: the run reports it (CH000) instead of
    passing over the files it may hold.
    """

    path: Path
    display: str
    parts: tuple[str, ...]
    problem: str | None = None


def discover(
    paths: Sequence[str], settings: Settings, cwd: Path, listings: Listings | None = None
) -> list[Target]:
    """Files under `paths`: folders are walked; files named explicitly are kept unless excluded.

    A folder that cannot be listed is a target with a `problem`; a named path that cannot
    even be looked at (inside a folder without permission) is kept, and its read fails.
    `listings`: what earlier runs found in folders that have not changed since.
    """
    targets: dict[str, Target] = {}
    shown = _Shown(cwd)
    for raw in paths:
        path = Path(raw)
        full = path if path.is_absolute() else cwd / path
        mode = _mode(full)
        if mode is None:
            raise MissingPathError(raw)
        if stat.S_ISDIR(mode) and not raw.endswith(".py"):
            found: Iterable[Target] = _walk_or_kept(full, settings, listings, shown)
        elif not settings.excluded(parts := parts_of(full, settings.root)):
            found = [Target(full, shown.display(full), parts)]
        else:
            found = []
        for target in found:
            targets.setdefault(target.display, target)
    return sorted(targets.values(), key=lambda target: target.display)


def walked_folders(paths: Sequence[str], cwd: Path) -> tuple[str, ...]:
    """The displayed form of each folder `paths` names (walked whole), ending in `/`; `""`
    for the current folder."""
    shown = []
    for raw in paths:
        full = Path(raw) if Path(raw).is_absolute() else cwd / raw
        if not raw.endswith(".py") and os.path.isdir(full):
            text = _display(full, cwd)
            shown.append("" if text == "." else text.rstrip("/") + "/")
    return tuple(shown)


class _Shown:
    """Displayed paths, worked out once per folder (a tree has far fewer folders than files)."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self._folders: dict[str, str] = {}  # folder -> its displayed form + "/" ("" for cwd)

    def display(self, path: Path) -> str:
        folder, name = os.path.split(str(path))
        if not name:  # a path ending in a separator: no folder to share
            return _display(path, self.cwd)
        return self.folder(folder) + name

    def folder(self, folder: str) -> str:
        """The displayed form of a folder's files' paths, before their names."""
        if folder not in self._folders:
            shown = _display(Path(folder), self.cwd)
            self._folders[folder] = "" if shown == "." else shown.rstrip("/") + "/"
        return self._folders[folder]


def _mode(path: Path) -> int | None:
    """The mode of what `path` names (followed if a link); 0 when it cannot be looked at;
    None when it does not exist."""
    recorder.seen(path)
    try:
        return os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return 0 if os.path.islink(path) else None  # a broken link is reported when read
    except (OSError, ValueError):  # no permission to look; a NUL byte in the name
        return 0


def _walk_or_kept(
    top: Path, settings: Settings, listings: Listings | None, shown: _Shown
) -> Iterable[Target]:
    """`_walk`, or what it found last time while every folder it listed is unchanged
    (`walks.py`); a walk whose folders all vouch for their names is kept for next time."""
    if listings is None:
        return _walk(top, settings, None, shown)
    try:
        first: Listing | None = _listing(str(top), is_top=True)
    except OSError:  # the walk reports it
        first = None
    names = _names_of(first)
    key = "\0".join([str(top), str(shown.cwd), str(settings.root)])
    key += "\0" + "\0".join(glob.pattern for glob in settings.exclude)
    groups = listings.walks.found(key, names) if names else None
    if groups is not None:
        return _rebuilt(groups)
    start = len(listings.asked)
    targets = list(_walk(top, settings, listings, shown, first))
    if names:
        _keep(listings, key, names, (listings.asked[start:], targets))
    return targets


def _names_of(listing: Listing | None) -> tuple[list[str], list[str]] | None:
    """The Python files and the folders of the top's listing; None if it holds a link or
    could not be listed (then no walk of it is kept)."""
    if listing is None or listing[2]:
        return None
    files, dirs, _ = listing
    return sorted(name for name in files if name.endswith(".py")), sorted(dirs)


def _keep(
    listings: Listings,
    key: str,
    names: tuple[list[str], list[str]],
    walked: tuple[list[str], list[Target]],
) -> None:
    """Keep the walk if every folder below the top had a listing `listings` could keep."""
    folders, targets = walked
    kept = [[folder, *(listings.vouched(folder) or ())] for folder in folders]
    if all(len(item) == 5 for item in kept) and all(item.problem is None for item in targets):
        listings.walks.keep(key, ([*names], kept, _grouped(targets)))


def _grouped(targets: list[Target]) -> list[list[Any]]:
    """The files found, by folder: [folder, displayed prefix, parts, [names]] each."""
    groups: dict[str, list[Any]] = {}
    for target in targets:
        name = target.parts[-1]
        folder = str(target.path.parent)
        if folder not in groups:
            groups[folder] = [folder, target.display[: -len(name)], list(target.parts[:-1]), []]
        groups[folder][3].append(name)
    return list(groups.values())


def _rebuilt(groups: list[Group]) -> list[Target]:
    """The targets of a kept walk, as `_python_files` makes them."""
    targets: list[Target] = []
    for folder, prefix, parts, names in groups:
        path = Path(folder)
        targets.extend(Target(path / name, prefix + name, (*parts, name)) for name in names)
    return targets


def _walk(
    top: Path,
    settings: Settings,
    listings: Listings | None,
    shown: _Shown,
    first: Listing | None = None,
) -> Iterator[Target]:
    """Each file under `top`, and each folder that could not be listed with its reason: one
    `scandir` per folder (or a stat, when an earlier run's listing of it holds), links to
    folders not followed, skipped and excluded folders pruned before they are listed (`first`:
    the top's listing, when it was just made)."""
    # each folder with its parts and the displayed form of its files' paths before their names
    stack = [(str(top), parts_of(top, settings.root), shown.folder(str(top)))]
    if listings is not None:
        listings.tops.append(os.path.join(str(top), ""))
    while stack:
        folder, base_parts, prefix = stack.pop()
        try:
            files, dirs, links = _names(folder, folder == str(top), listings, first)
        except OSError as error:
            reason = f"cannot list folder: {error.strerror or type(error).__name__}"
            yield Target(Path(folder), shown.display(Path(folder)), base_parts, reason)
            continue
        candidates = _candidates(files, dirs)
        if candidates:
            yield from _python_files(folder, candidates, base_parts, settings, prefix)
        if dirs:
            stack.extend(_subfolders(folder, dirs, links, (base_parts, prefix), settings))


def _candidates(files: list[str], dirs: list[str]) -> list[str]:
    """The names that may be Python files, in order (a folder named `x.py` is reported as
    unreadable, CH000, not walked)."""
    if not dirs:
        return sorted(files)
    return sorted([*files, *[name for name in dirs if name.endswith(".py")]])


def _subfolders(
    folder: str,
    dirs: list[str],
    links: set[str],
    where: tuple[tuple[str, ...], str],
    settings: Settings,
) -> list[tuple[str, tuple[str, ...], str]]:
    """The subfolders to walk, last first, each with its parts and displayed prefix (`where`:
    the folder's)."""
    base_parts, prefix = where
    walked = _walked([name for name in dirs if name not in links], base_parts, settings)
    inside = folder if folder.endswith(os.sep) else folder + os.sep  # `/` at the top
    return [(inside + name, (*base_parts, name), f"{prefix}{name}/") for name in reversed(walked)]


def _names(
    folder: str, is_top: bool, listings: Listings | None, first: Listing | None = None
) -> Listing:
    """`_listing`, or what an earlier run listed in the folder if it has not changed since
    (the folder a run names is always listed: `first`, if it was just listed)."""
    if is_top and first is not None:
        return first
    if listings is None or is_top:
        return _listing(folder, is_top=is_top)
    return listings.listing(folder, _below_top)


def _below_top(folder: str) -> Listing:
    return _listing(folder, is_top=False)


def _listing(folder: str, *, is_top: bool) -> tuple[list[str], list[str], set[str]]:
    """The names in `folder`: files, folders (links to folders too) and links (to folders,
    which are not walked, or to anything else); nothing for a virtual environment below the
    top."""
    files: list[str] = []
    dirs: list[str] = []
    links: set[str] = set()
    recorder.seen(folder)  # its mtime moves when an entry is added, removed or renamed
    with scandir(folder) as entries:
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:  # as `os.walk`: what cannot be looked at is not a folder
                is_dir = False
            if not is_dir:
                files.append(entry.name)
                if entry.is_symlink():  # not a folder today: a link, kept out of `Listings`
                    links.add(entry.name)
                continue
            dirs.append(entry.name)
            if entry.is_symlink():
                links.add(entry.name)
    if "pyvenv.cfg" in files and not is_top:
        return [], [], set()
    return files, dirs, links


def _python_files(
    folder: str, names: list[str], base_parts: tuple[str, ...], settings: Settings, prefix: str
) -> Iterator[Target]:
    """The folder's `.py` files not excluded (its path object made once)."""
    path = Path(folder)
    for name in names:
        if name.endswith(".py") and not settings.excluded(parts := (*base_parts, name)):
            yield Target(path / name, prefix + name, parts)


def _walked(dirs: list[str], base_parts: tuple[str, ...], settings: Settings) -> list[str]:
    """The subfolders to walk, in order: not `x.py`, not skipped, not excluded."""
    return sorted(
        name
        for name in dirs
        if not name.endswith(".py")
        and name not in SKIP_DIRS
        and not settings.excluded((*base_parts, name))
    )


def parts_of(path: Path, root: Path) -> tuple[str, ...]:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).parts
    except ValueError:
        return absolute.parts[1:]


def _display(path: Path, cwd: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return absolute.as_posix()
