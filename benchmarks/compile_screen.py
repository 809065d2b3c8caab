"""Does the screen pass only code the compiler accepts? Checked on whole trees and snippets.

    python benchmarks/compile_screen.py [--snippets] FOLDER [FOLDER ...]

For every `.py` file under each FOLDER (Django, sympy, the standard library with its
`test/badsyntax_*` files), parses it as the engine does, asks `core.compiler.may_refuse`, and
compiles the tree anyway: the files the compiler refuses that the screen passed must be none.
With `--snippets`, also every string constant of the FOLDERs' files that parses as a module
(CPython's `test_syntax.py`, `test_grammar.py`, `test_patma.py`... hold thousands of programs
the compiler refuses, written as strings) and every doctest example. Prints, per folder, the
files (or snippets), how many the compiler refuses, how many the screen sends to it, the
misses, and the CPU time of the screen against `compile()`. Exit status 1 on any miss. Run it
with each Python (3.11, 3.12, 3.13): what the compiler refuses differs between them.
"""

from __future__ import annotations

import argparse
import ast
import doctest
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from pytest_codehealth.core.compiler import may_refuse
from pytest_codehealth.core.source import SourceFile, decode


class Tally:
    def __init__(self) -> None:
        self.items = self.refused = self.screened = 0
        self.index_cpu = self.screen_cpu = self.compile_cpu = 0.0
        self.misses: list[str] = []

    def check(self, label: str, text: str) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return
            src = SourceFile(label, text, tree)
            before = time.process_time()
            src.nodes(ast.Module)  # the node index, which the rules share with the screen
            start = time.process_time()
            self.index_cpu += start - before
            flagged = may_refuse(tree, text, src.nodes)
            middle = time.process_time()
            refused = _refused(tree)
            self.compile_cpu += time.process_time() - middle
        self.screen_cpu += middle - start
        self.items += 1
        self.refused += refused
        self.screened += flagged
        if refused and not flagged:
            self.misses.append(label)


def _refused(tree: ast.Module) -> bool:
    try:
        compile(tree, "<screen>", "exec", dont_inherit=True)
    except SyntaxError:
        return True
    except (RecursionError, MemoryError, ValueError, TypeError):
        return False
    return False


def files(folder: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(folder.rglob("*.py")):
        try:
            yield str(path), decode(path.read_bytes())
        except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as exc:
            print(f"  not read: {path}: {exc}")  # the engine's CH000, before any parse


def snippets(label: str, text: str) -> Iterator[tuple[str, str]]:
    """String constants and doctest examples of one file, each as a program."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
            yield f"{label}:{node.lineno}", _dedented(node.value)
            for example in _examples(node.value):
                yield f"{label}:{node.lineno}:doctest", example


def _dedented(text: str) -> str:
    import textwrap  # noqa: PLC0415  # only for snippets

    return textwrap.dedent(text)


def _examples(text: str) -> Iterator[str]:
    try:
        examples = doctest.DocTestParser().get_examples(text)
    except ValueError:
        return
    for example in examples:
        yield example.source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--snippets", action="store_true")
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    missed = 0
    print(f"Python {sys.version.split()[0]}")
    print(
        "| tree | items | compiler refuses | screen compiles | misses "
        "| screen CPU (+ index) | compile CPU |"
    )
    print("|---|---|---|---|---|---|---|")
    for folder in args.folders:
        whole, pieces = Tally(), Tally()
        for label, text in files(folder):
            whole.check(label, text)
            if args.snippets:
                for name, snippet in snippets(label, text):
                    pieces.check(name, snippet)
        for name, tally in ((str(folder), whole), (f"{folder} snippets", pieces)):
            if tally.items:
                print(
                    f"| {name} | {tally.items} | {tally.refused} | {tally.screened} "
                    f"| {len(tally.misses)} | {tally.screen_cpu:.2f} s (+ {tally.index_cpu:.2f} s) "
                    f"| {tally.compile_cpu:.2f} s |"
                )
            for miss in tally.misses[:20]:
                print(f"  missed: {miss}")
            missed += len(tally.misses)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
