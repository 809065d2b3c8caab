"""What a module offers the modules that import it, for CH005-CH008 (JSON, read by `_remote`).

```
{"values":    {name: WHAT},                 # module-level names: Redis objects, classes, ...
 "functions": {name: [is_async, WHAT]},     # what module-level functions return
 "classes":   {name: {"kind": [family, role, weak],   # a subclass of a client type
                      "attrs": {attr: WHAT},          # `self.attr = ...`, properties
                      "returns": {method: [is_async, WHAT]},
                      "bases": [[level, dotted], ...]}},  # bases imported from elsewhere
 "imports":   {name: [level, dotted]}}      # what the module's imports bind (re-exports)
```
WHAT is `["kind", family, role, weak, cls]` (a `local` family names a class of this
module), or, for a value built from an import that only the importer can follow,
`["import" | "call" | "await" | "instance", level, dotted]`: the imported object, what
calling it gives, what awaiting that call gives, an instance of it (a return annotation).
A type alias (`AsyncClient = Redis | RedisCluster`) is the class of what it names. Facts
depend on the module's own text only, so they are computed once per content; a module
without the word `redis` (nor one of the configured names) exports nothing and is never
parsed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import Any

from pytest_codehealth.config.rule_options import RedisClients
from pytest_codehealth.core.ast_helpers import dotted_name
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.redis._clients import Model
from pytest_codehealth.rules.redis._definitions import ClassInfo, Result, returned_values
from pytest_codehealth.rules.redis._scope import Binding, FunctionNode
from pytest_codehealth.rules.redis._sites import hinted
from pytest_codehealth.rules.redis._types import Kind, annotation_kind, parse_annotation

What = list[Any]
_OPTIONAL = frozenset({"Optional", "typing.Optional"})


def exports_wanted(text: str, options: RedisClients) -> bool:
    return hinted(text, options)


def exports(src: SourceFile, options: RedisClients) -> dict[str, Any]:
    """The module's Redis objects, factories, classes and imports (see the module doc)."""
    clients = RedisClients(options.client_types, options.client_names)
    model = Model(src.tree, clients, None, list(src.nodes(ast.Import, ast.ImportFrom)))
    facts: dict[str, Any] = {
        "values": _values(model),
        "functions": _functions(model),
        "classes": {
            name: found for name, info in model.classes.items() if (found := _class(model, info))
        },
        "imports": {
            name: list(group[-1].imported)
            for name, group in model.module.groups.items()
            if group[-1].imported is not None
        },
    }
    return {key: value for key, value in facts.items() if value}


def _values(model: Model) -> dict[str, What]:
    found = {}
    for name, group in model.module.groups.items():
        if not all(binding.imported is not None or _defines(binding) for binding in group):
            kind = model.module.resolve(name) or _alias(model, group)
            what = _what(model, kind, _values_of(group))
            if what is not None:
                found[name] = what
    return found


def _alias(model: Model, group: list[Binding]) -> Kind | None:
    """`AsyncClient = Redis | RedisCluster`: the class of the clients a type alias names."""
    value = group[-1].value if len(group) == 1 else None
    if not isinstance(value, ast.BinOp | ast.Subscript):
        return None
    kind = annotation_kind(value, model.type_of)
    return kind._replace(cls=True) if kind is not None and kind.is_redis else None


def _functions(model: Model) -> dict[str, What]:
    found = {}
    for name, node in model.functions.items():
        what = _result(model, model.function_result(node, None), node)
        if what is not None:
            found[name] = [isinstance(node, ast.AsyncFunctionDef), what]
    return found


def _class(model: Model, info: ClassInfo) -> dict[str, Any]:
    kind = info.kind
    facts: dict[str, Any] = {
        "kind": [kind.family, kind.role, kind.weak] if kind else None,
        "attrs": _attrs(model, info),
        "returns": _returns(model, info),
        "bases": [list(ref) for base in info.node.bases if (ref := model.ref_of(base))],
    }
    return {key: value for key, value in facts.items() if value}


def _attrs(model: Model, info: ClassInfo) -> dict[str, What]:
    """`self.attr` and properties: what each holds."""
    found = {}
    for attr in sorted({*info.assigned, *(m for m in info.methods if info.is_property(m))}):
        values = _values_of(binding for binding, _ in info.assigned.get(attr, []))
        if info.is_property(attr):
            values = returned_values(info.methods[attr]) or []
        what = _what(model, model.member(info.node.name, attr), values)
        if what is not None:
            found[attr] = what
    return found


def _returns(model: Model, info: ClassInfo) -> dict[str, What]:
    """Methods (not properties): what each returns, and whether it is `async def`."""
    found = {}
    for method, node in info.methods.items():
        if info.is_property(method):
            continue
        what = _result(model, model.function_result(node, info.node.name), node)
        if what is not None:
            found[method] = [isinstance(node, ast.AsyncFunctionDef), what]
    return found


def _result(model: Model, result: Result | None, node: FunctionNode) -> What | None:
    """What a function returns: a kind, an import-built value, or its annotation's class."""
    what = _what(model, result[0] if result else None, returned_values(node) or [])
    ref = model.ref_of(_annotated_type(node.returns)) if what is None and node.returns else None
    return ["instance", *ref] if ref is not None else what


def _annotated_type(annotation: ast.expr | None) -> ast.expr:
    """`X`, `"X"`, `X | None`, `Optional[X]`: the `X`."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        annotation = parse_annotation(annotation.value)
    return _not_none(annotation) or ast.Constant(None)


def _not_none(annotation: ast.expr | None) -> ast.expr | None:
    """`X | None` and `Optional[X]` are `X`."""
    if isinstance(annotation, ast.BinOp):
        parts = [annotation.left, annotation.right]
        return next((part for part in parts if not _is_none_name(part)), None)
    if isinstance(annotation, ast.Subscript) and dotted_name(annotation.value) in _OPTIONAL:
        return annotation.slice
    return annotation


def _is_none_name(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _what(model: Model, kind: Kind | None, values: Iterable[ast.expr]) -> What | None:
    """A kind worth exporting, else the one import-built value the name holds."""
    if kind is not None:
        useful = kind.is_redis or kind.family == "local" or (kind.cls and kind.family != "module")
        return ["kind", kind.family, kind.role, kind.weak, kind.cls] if useful else None
    symbols = {tuple(symbol) for value in values if (symbol := _symbol(model, value))}
    return list(symbols.pop()) if len(symbols) == 1 else None


def _symbol(model: Model, value: ast.expr) -> What | None:
    """`client` (imported), `get_redis()`, `await make_client()`: for the importer to follow."""
    tag = "import"
    if isinstance(value, ast.Await):
        tag, value = "await", value.value
        if not isinstance(value, ast.Call):
            return None
    if isinstance(value, ast.Call):
        tag = "call" if tag == "import" else tag
        value = value.func
    ref = model.ref_of(value)
    return [tag, *ref] if ref is not None else None


def _values_of(bindings: Iterable[Binding]) -> list[ast.expr]:
    return [binding.value for binding in bindings if binding.value is not None]


def _defines(binding: Binding) -> bool:
    return isinstance(binding.stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
