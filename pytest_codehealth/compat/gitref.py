"""Old modules at a git ref: which files became packages since, and their source at the ref."""

from __future__ import annotations

import io
import subprocess
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_BRANCHES_SHOWN = 10
REGULAR_MODES = frozenset({"100644", "100755"})  # not links (120000) nor submodules (160000)


class GitError(Exception):
    """git is missing, the folder is not a repository, or the ref does not resolve."""


@dataclass(frozen=True)
class OldModule:
    """A module as it was at the ref: its dotted name and its path from the repository top."""

    module: str
    path: str


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(message[-1] if message else f"`git {' '.join(args)}` failed")
    return done.stdout


def git(cwd: Path, *args: str) -> bytes:
    """What `git ARGS` printed in `cwd`; GitError with git's last line when it fails."""
    return _git(cwd, *args)


def toplevel(root: Path) -> Path:
    return Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())


def show(top: Path, ref: str, path: str) -> bytes:
    """The bytes of `path` (relative to the repository top) at `ref`."""
    return _git(top, "show", f"{ref}:{path}")


def archive(top: Path, ref: str, folder: str, dest: Path) -> None:
    """Write the files of `folder` (relative to the repository top, "" for all) as they were
    at `ref` into `dest`, with `git archive`: the user's working tree and index are never
    touched. Only regular files with plain relative names are written (no links)."""
    data = _git(top, "archive", "--format=tar", ref, *([folder] if folder else []))
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            parts = PurePosixPath(member.name).parts
            if not member.isfile() or member.name.startswith("/") or ".." in parts:
                continue
            source = tar.extractfile(member)
            if source is not None:
                target = dest.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read())


def files_at(top: Path, ref: str) -> list[str]:
    """Every `.py` file at `ref`, relative to the repository top."""
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(_unknown_ref(top, ref)) from None
    listing = _git(top, "ls-tree", "-r", "-z", "--name-only", ref)
    return sorted(name for name in listing.decode().split("\0") if name.endswith(".py"))


def commit_of(top: Path, ref: str) -> str:
    """The commit `ref` names; GitError naming the branches there are when it names none."""
    try:
        return _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(_unknown_ref(top, ref)) from None


def tree_files(top: Path, commit: str) -> dict[str, str]:
    """Path (from the repository top) -> blob id, for every regular `.py` file at `commit`."""
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit)
    found = {}
    for entry in listing.decode(errors="surrogateescape").split("\0"):
        header, _, path = entry.partition("\t")
        fields = header.split()
        if len(fields) == 3 and fields[0] in REGULAR_MODES and path.endswith(".py"):
            found[path] = fields[2]
    return found


def read_blobs(top: Path, blob_ids: Iterable[str]) -> dict[str, bytes]:
    """The bytes of each blob, all read by one `git cat-file --batch` (no checkout)."""
    wanted = list(dict.fromkeys(blob_ids))
    if not wanted:
        return {}
    request = "".join(f"{blob}\n" for blob in wanted).encode()
    try:
        done = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=top, input=request, capture_output=True, check=False
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode(errors="replace").strip() or "git cat-file failed")
    return _batch_answers(done.stdout)


def _batch_answers(output: bytes) -> dict[str, bytes]:
    """`<id> <type> <size>\\n<bytes>\\n` per object; `<id> missing` ones are left out."""
    found, at = {}, 0
    while at < len(output):
        end = output.index(b"\n", at)
        fields = output[at:end].split()
        at = end + 1
        if len(fields) != 3:
            continue
        size = int(fields[2])
        found[fields[0].decode()] = output[at : at + size]
        at += size + 1
    return found


def _unknown_ref(top: Path, ref: str) -> str:
    """What to say about a ref that names no commit: the branches there are (`main`/`master`)."""
    listing = _git(top, "for-each-ref", "--format=%(refname:short)", "refs/heads/")
    branches = listing.decode(errors="replace").split()
    shown = ", ".join(f"`{name}`" for name in branches[:MAX_BRANCHES_SHOWN])
    more = len(branches) - MAX_BRANCHES_SHOWN
    if more > 0:
        shown += f" and {more} more"
    where = f"its branches: {shown}" if branches else "the repository has no commits yet"
    return f"`{ref}` is not a branch, tag or commit of {top}; {where}"


def dotted_name(relative: PurePosixPath, root: Path, source_roots: Iterable[str]) -> str | None:
    """`src/pkg/mod.py` -> `pkg.mod`: source roots (folders without `__init__.py`) are dropped."""
    parts = list(relative.with_suffix("").parts)
    is_root = len(parts) > 1 and parts[0] in set(source_roots)
    if is_root and not (root / parts[0] / "__init__.py").exists():
        parts = parts[1:]
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    return ".".join(parts)


def split_modules(top: Path, ref: str, root: Path, source_roots: Iterable[str]) -> list[OldModule]:
    """Modules that were a file `a/b.py` at `ref` and are a package folder `a/b/` now."""
    roots = tuple(source_roots)
    found = []
    for path in files_at(top, ref):
        relative = _under(top / path, root)
        if relative is None or (top / path).exists():
            continue
        if not (top / path).with_suffix("").is_dir() or relative.name == "__init__.py":
            continue
        module = dotted_name(relative, root, roots)
        if module is not None:
            found.append(OldModule(module, path))
    return found


def listed_modules(
    top: Path, ref: str, root: Path, modules: Iterable[str], source_roots: Iterable[str]
) -> tuple[list[OldModule], list[str]]:
    """Modules named in config, located at `ref`; also the names not found there."""
    roots = ("", *source_roots)
    at_ref = set(files_at(top, ref))
    found, missing = [], []
    for module in modules:
        stem = module.replace(".", "/")
        candidates = [
            _from_top(root / prefix / name, top)
            for prefix in roots
            for name in (f"{stem}.py", f"{stem}/__init__.py")
        ]
        path = next((c for c in candidates if c is not None and c in at_ref), None)
        if path is None:
            missing.append(module)
        else:
            found.append(OldModule(module, path))
    return found, missing


def _under(path: Path, root: Path) -> PurePosixPath | None:
    try:
        return PurePosixPath(path.relative_to(root).as_posix())
    except ValueError:
        return None


def _from_top(path: Path, top: Path) -> str | None:
    try:
        return path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return None
