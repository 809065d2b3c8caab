"""The rule record and lookups by code or name."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from types import ModuleType
from typing import Any, NamedTuple, Protocol, TypeVar

from pytest_codehealth.config.catalogue import BY_CODE
from pytest_codehealth.core.edits import Fix
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile

CheckFn = Callable[[SourceFile, Any], Iterator[Finding]]
FixFn = Callable[[SourceFile, Any], Iterator[Fix]]
CollectFn = Callable[[SourceFile, Any], Any]  # JSON-able facts about one file
ProjectFn = Callable[[Sequence["ProjectFile"], Any], Iterator[Finding]]
ImportsCheckFn = Callable[[SourceFile, Any, "ImportedModule | None"], Iterator[Finding]]
WantedFn = Callable[[str, Any], bool]  # may this text have facts worth a parse?
T = TypeVar("T")


class ImportedModule(Protocol):
    """A module of the project as the file being checked reaches it through its imports.

    The engine gives a rule that defines `exports(src, options)` (JSON-able facts a module
    offers the modules importing it) a third argument to `check`: the checked file's own
    view, whose `module()` resolves an import the way Python would from that file. A module
    outside the project, or one that cannot be read, is None; one that cannot be parsed has
    empty facts. Nothing is imported or run.
    """

    @property
    def facts(self) -> Any:
        """What the rule's `exports` says about this module (`{}` when it says nothing)."""

    @property
    def is_package(self) -> bool:
        """A package's `__init__.py` (its submodules are its attributes once imported)."""

    def module(self, name: str, level: int = 0) -> ImportedModule | None:
        """The project module `import name` (or `from .name`, with `level` dots) names here."""

    def may_give_facts(self, name: str, level: int) -> bool:
        """Can this module's import of `name` (`level` dots) lead to a module whose `exports`
        give facts? (False only where the engine can tell, in a run that records nothing.)"""

    def followed(
        self, topic: Hashable, name: str, level: int, answer: Callable[[ImportedModule], T]
    ) -> T:
        """`answer(view)` (`view`: this module), where `answer` follows this module's import
        of `name` and nothing else of it: the engine works it out once a run for all the
        modules whose import of `name` leads alike, and records what it read for each."""


class ProjectFile(NamedTuple):
    """What a whole-project rule sees of one file: where it is and the facts it collected."""

    display: str  # the path as reported
    parts: tuple[str, ...]  # path components relative to the config's folder
    facts: Any


class Rule(NamedTuple):
    """A rule as the engine, the config and the CLI see it."""

    code: str
    name: str
    doc: str
    default: bool
    options_type: type[Any]
    check: CheckFn | None
    fix: FixFn | None = None  # checked edits for `codehealth check --fix`
    collect: CollectFn | None = None  # whole-project rules: facts from the per-file pass
    check_project: ProjectFn | None = None  # ... then findings from every file's facts
    # raises MissingExtraError when an optional dependency the rule needs is not installed
    ensure_available: Callable[[], None] | None = None
    # per-file rules that read other modules: facts for importers, and a prefilter on text
    exports: CollectFn | None = None
    exports_wanted: WantedFn | None = None
    module: str = ""  # where the rule lives: `pytest_codehealth.rules.<family>.<name>`

    @property
    def summary(self) -> str:
        """The first sentence of `## What it does`."""
        body = self.doc.split("## What it does", 1)[-1].strip()
        paragraph = " ".join(body.split("\n\n", 1)[0].split())
        return paragraph.split(". ", 1)[0].rstrip(".")


def cleandoc(doc: str) -> str:
    """A docstring as `inspect.cleandoc` gives it (tabs expanded, the first line stripped, the
    common indentation of the others removed, blank lines at either end dropped), without
    importing `inspect` (and `dis`) into every process that runs a rule."""
    first, *rest = doc.expandtabs().split("\n")
    indents = [len(line) - len(line.lstrip()) for line in rest if line.strip()]
    margin = min(indents, default=0)
    lines = [first.lstrip(), *(line[margin:] for line in rest)]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def rule_from_module(module: ModuleType) -> Rule:
    """The record from a rule module's `CODE`, its functions and its catalogue entry."""
    info = BY_CODE[module.CODE]
    if (module.NAME, module.Options, module.__name__) != (
        info.name,
        info.options_type,
        info.module,
    ):
        raise RuntimeError(f"{module.__name__} does not match the catalogue's {info}")
    return Rule(
        code=info.code,
        name=info.name,
        doc=cleandoc(module.__doc__ or ""),
        default=info.default,
        options_type=info.options_type,
        check=getattr(module, "check", None),
        fix=getattr(module, "fix", None),
        collect=getattr(module, "collect", None),
        check_project=getattr(module, "check_project", None),
        ensure_available=getattr(module, "ensure_available", None),
        exports=getattr(module, "exports", None),
        exports_wanted=getattr(module, "exports_wanted", None),
        module=module.__name__,
    )
