"""CH030's comparison (`_symilar`, no pylint objects) against pylint's own `_find_common`, the
oracle: the same blocks, in the same order, on texts built to hit its corners."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import inspect
import itertools
import random
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from pylint.checkers.symilar import LineSet, Symilar, hash_lineset

from pytest_codehealth.config.catalogue import MissingExtraError
from pytest_codehealth.config.settings import library_version
from pytest_codehealth.rules.project import _symilar, duplicate_code
from tests.rules._project import report, write

Kept = tuple[list[int], list[str]]
Block = tuple[int, int, int, int, int]  # files, kept lines, first line in each
_TAKES_HASHES = len(inspect.signature(Symilar._find_common).parameters) >= 5
INSTALLED = tuple(int(part) for part in library_version("pylint").split(".")[:2])


def _pylints(files: Sequence[Kept], min_lines: int) -> list[Block]:
    """What pylint's engine finds, every pair of files compared."""
    window = min_lines - 1
    engine = Symilar(min_lines=window)
    sets = [LineSet("", _real_lines(numbers, texts)) for numbers, texts in files]
    found = []
    for one, other in itertools.combinations(range(len(files)), 2):
        first, second = sets[one], sets[other]
        extra = (hash_lineset(first, window), hash_lineset(second, window)) if _TAKES_HASHES else ()
        for common in engine._find_common(first, second, *extra):
            starts = (common.fst_file_start + 1, common.snd_file_start + 1)
            found.append((one, other, common.cmn_lines_nb, *starts))
    return found


def _ours(files: Sequence[Kept], min_lines: int, version: tuple[int, int]) -> list[Block]:
    found = _symilar.duplicates(files, min_lines, version)
    return [(d.one.file, d.other.file, d.lines, d.one.first, d.other.first) for d in found]


def _real_lines(numbers: list[int], texts: list[str]) -> list[str]:
    lines = [""] * (numbers[-1] if numbers else 0)
    for number, text in zip(numbers, texts, strict=True):
        lines[number - 1] = text
    return lines


def _kept(texts: list[str], rng: random.Random) -> Kept:
    """The texts on ascending line numbers with gaps (left-out lines)."""
    numbers = list(itertools.accumulate(rng.choice((1, 1, 1, 2, 5)) for _ in texts))
    return numbers, texts


def _random(seed: int, files: int, length: int, alphabet: Sequence[str]) -> list[Kept]:
    rng = random.Random(seed)
    return [_kept([rng.choice(alphabet) for _ in range(length)], rng) for _ in range(files)]


def _cases() -> Iterator[object]:
    words = [f"value_{n} = f({n})" for n in range(6)]
    yield pytest.param(_random(1, 3, 80, [*words[:3], ")", "],"]), id="few-lines-many-repeats")
    yield pytest.param(_random(2, 4, 120, [*words, "}"]), id="six-words")
    yield pytest.param(_random(3, 2, 300, words[:2]), id="two-words-large-keys")
    same = ["x = 1"] * 40
    yield pytest.param([_kept(same, random.Random(n)) for n in (4, 5)], id="one-line")
    block = [f"step_{n}(data)" for n in range(9)]
    shuffled = [block[1], block[0], *block[2:]]
    yield pytest.param(
        [_kept(["a", *block, "b"], random.Random(6)), _kept(shuffled, random.Random(7))],
        id="a-window-in-another-order",
    )
    chained = [*block, ")", *block, "]", *block]
    yield pytest.param(
        [_kept(chained, random.Random(8)), _kept([*block, *block], random.Random(9))],
        id="repeated-blocks",
    )
    yield pytest.param([_kept(block[:3], random.Random(10)), _kept(block, random.Random(11))])


@pytest.mark.parametrize("min_lines", [2, 4, 6])
@pytest.mark.parametrize("files", list(_cases()))
def test_the_blocks_the_installed_pylint_finds(files: list[Kept], min_lines: int) -> None:
    assert _ours(files, min_lines, INSTALLED) == _pylints(files, min_lines)


def _large_key() -> list[Kept]:
    """Two files whose one window key has 29 x 24 start indexes (more than 500 pairs)."""
    first = ["x = 1"] * 33 + ["tail(1)"]
    second = ["head(2)"] + ["x = 1"] * 28
    return [(list(range(1, 35)), first), (list(range(1, 30)), second)]


# what pylint 3.3.9 and 4.0.10 find (the same list, in this order): every pair of windows of
# the key is a couple, and they merge along the diagonals; 4.1.4 pairs them in order: one block
BEFORE_4_1 = [
    (0, 1, 28, 1, 2),
    *((0, 1, 30 - start, 1, start) for start in range(3, 25)),
    *((0, 1, min(28, 34 - start), start, 2) for start in range(2, 29)),
]


def _swapped() -> list[Kept]:
    """Two files with the same 20 lines, two of them swapped in the second: before 4.1 a
    window's key is its lines in order, from 4.1 their sum (any order)."""
    lines = [f"step_{n}(data)" for n in range(20)]
    swapped = [*lines[:9], lines[10], lines[9], *lines[11:]]
    return [(list(range(1, 21)), lines), (list(range(1, 21)), swapped)]


SWAPPED_BEFORE_4_1 = [(0, 1, 9, 1, 1), (0, 1, 9, 12, 12)]  # pylint 3.3.9 and 4.0.10
SWAPPED_SINCE_4_1 = [(0, 1, 9, 1, 1), (0, 1, 8, 7, 7), (0, 1, 9, 12, 12)]  # pylint 4.1.4


@pytest.mark.parametrize(
    ("version", "files", "expected"),
    [
        pytest.param((3, 3), _large_key(), BEFORE_4_1, id="large-key-3.3"),
        pytest.param((4, 0), _large_key(), BEFORE_4_1, id="large-key-4.0"),
        pytest.param((4, 1), _large_key(), [(0, 1, 28, 1, 2)], id="large-key-4.1"),
        pytest.param((3, 3), _swapped(), SWAPPED_BEFORE_4_1, id="swapped-3.3"),
        pytest.param((4, 0), _swapped(), SWAPPED_BEFORE_4_1, id="swapped-4.0"),
        pytest.param((4, 1), _swapped(), SWAPPED_SINCE_4_1, id="swapped-4.1"),
    ],
)
def test_as_each_pylint_compares(
    version: tuple[int, int], files: list[Kept], expected: list[Block]
) -> None:
    assert _ours(files, 6, version) == expected


def test_duplicate_code_imports_no_pylint(tmp_path: Path) -> None:
    code = "".join(f"value_{i} = compute({i}, data)\n" for i in range(8))
    write(tmp_path, {"a.py": code, "b.py": f"x = 1\n{code}"})
    script = (
        "import sys\nfrom pytest_codehealth.cli.main import main\n"
        "assert main(['check', '--no-cache', '--select', 'CH030', '.']) == 1\n"
        "loaded = [name for name in sys.modules if name.split('.')[0] in ('pylint', 'astroid')]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], check=False, cwd=tmp_path, capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"CH030 8 similar lines also in `a.py` lines 1-8" in done.stdout


@pytest.mark.parametrize(
    ("version", "blocks"), [((4, 0), BEFORE_4_1), ((4, 1), [(0, 1, 28, 1, 2)])]
)
def test_a_run_compares_as_the_installed_pylint_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: tuple[int, int], blocks: list[Block]
) -> None:
    monkeypatch.setattr(duplicate_code, "_pylint", lambda: version)
    first, second = (texts for _, texts in _large_key())
    write(tmp_path, {"a.py": "\n".join(first) + "\n", "b.py": "\n".join(second) + "\n"})
    found = report(tmp_path, select="CH030").findings
    expected = sorted(
        {
            (f"{path}.py", line)
            for _, _, _, one, other in blocks
            for path, line in (("a", one), ("b", other))
        }
    )
    assert sorted({(finding.path, finding.line) for finding in found}) == expected


def _spec(origin: Path | None) -> object:
    return (
        None
        if origin is None
        else importlib.machinery.ModuleSpec("pylint", None, origin=str(origin))
    )


@pytest.mark.parametrize(
    ("pkginfo", "metadata", "expected"),
    [
        pytest.param('__version__ = "4.1.4"\n', "absent", (4, 1), id="4.1.4"),
        pytest.param('"""pylint."""\n\n__version__ = "4.0.10"\n', "absent", (4, 0), id="4.0.10"),
        pytest.param("__version__ = '3.3.0'\n", "4.1.4", (3, 3), id="3.3.0-over-the-metadata"),
        pytest.param(None, "4.1.4", (4, 1), id="no-pkginfo-the-metadata"),
        pytest.param("version = get()\n", "4.0.1", (4, 0), id="unreadable-pkginfo-the-metadata"),
        pytest.param('__version__ = "3.2.7"\n', "3.2.7", None, id="3.2-too-old"),
        pytest.param(None, "absent", None, id="no-version"),
    ],
)
def test_the_installed_pylint_version_is_read_not_imported(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pkginfo: str | None,
    metadata: str,
    expected: tuple[int, int] | None,
) -> None:
    if pkginfo is not None:
        (tmp_path / "__pkginfo__.py").write_text(pkginfo)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: _spec(tmp_path / "__init__.py"))
    monkeypatch.setattr(duplicate_code, "library_version", lambda name: metadata)
    if expected is None:
        with pytest.raises(MissingExtraError):
            duplicate_code._pylint()
    else:
        assert duplicate_code._pylint() == expected


def test_without_pylint_found_the_rule_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(MissingExtraError):
        duplicate_code.ensure_available()
