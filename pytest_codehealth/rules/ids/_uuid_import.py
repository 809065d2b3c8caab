"""How a fix calls `uuid.uuid4()` in a module, and where it adds `import uuid` if it must."""

from __future__ import annotations

import ast
import sys

from pytest_codehealth.core.ast_helpers import (
    bound_names,
    import_map,
    is_string_statement,
    module_imports,
)
from pytest_codehealth.core.edits import Edit, TextIndex


def uuid_call(tree: ast.Module) -> tuple[str, bool] | None:
    """The call to write and whether `import uuid` must be added; None if `uuid` is taken."""
    bound = bound_names(tree)
    imports = module_imports(tree)
    for wanted, template in (("uuid", "{}.uuid4()"), ("uuid.uuid4", "{}()")):
        for local, name in imports.items():
            if name == wanted and local not in bound:
                return template.format(local), False
    if "uuid" in bound or "uuid" in import_map(tree):
        return None  # `uuid` means something else here: adding the import would break it
    return "uuid.uuid4()", True


def import_edit(tree: ast.Module, index: TextIndex) -> tuple[int, Edit]:
    """The insertion of `import uuid`, and its index in the module body."""
    position = _position(tree)
    offset = index.line_start(_line_after(tree, position))
    text = f"import uuid{index.newline}"
    if offset == len(index.text) and index.text and not index.text.endswith(("\n", "\r")):
        text = index.newline + text
    return position, Edit(offset, offset, text)


def _position(tree: ast.Module) -> int:
    """Among the imports that open the module: after the standard library's `import x` lines
    that sort before `uuid` (as isort and ruff order them), else after the standard-library
    imports, else after all of them and the docstring."""
    leading = stdlib = straight = 0
    for number, statement in enumerate(tree.body):
        if not (_is_import(statement) or (number == 0 and is_string_statement(statement))):
            break
        leading = number + 1
        if _is_stdlib_import(statement):
            stdlib = number + 1
            straight = number + 1 if _sorts_before_uuid(statement) else straight
    return straight or stdlib or leading


def _line_after(tree: ast.Module, position: int) -> int:
    if position:
        previous = tree.body[position - 1]
        return (previous.end_lineno or previous.lineno) + 1
    return tree.body[0].lineno if tree.body else 1


def _is_import(node: ast.stmt) -> bool:
    return isinstance(node, ast.Import | ast.ImportFrom)


def _sorts_before_uuid(node: ast.stmt) -> bool:
    return isinstance(node, ast.Import) and node.names[0].name < "uuid"


def _is_stdlib_import(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import):
        modules = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
        modules = [node.module]
    else:
        return False
    tops = {module.split(".", 1)[0] for module in modules}
    return "__future__" not in tops and tops <= sys.stdlib_module_names
