"""A signature as a function definition spells it, read with `ast`."""

from __future__ import annotations

import ast

from pytest_codehealth.compat.model import (
    KEYWORD_ONLY,
    POSITIONAL,
    POSITIONAL_ONLY,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Param,
    Signature,
)


def signature_of(args: ast.arguments) -> Signature:
    positional = [*args.posonlyargs, *args.args]
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    kinds = [POSITIONAL_ONLY] * len(args.posonlyargs) + [POSITIONAL] * len(args.args)
    params = [
        Param(arg.arg, kind, _text(default))
        for arg, kind, default in zip(positional, kinds, defaults, strict=True)
    ]
    if args.vararg is not None:
        params.append(Param(args.vararg.arg, VAR_POSITIONAL))
    params += [
        Param(arg.arg, KEYWORD_ONLY, _text(default))
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    if args.kwarg is not None:
        params.append(Param(args.kwarg.arg, VAR_KEYWORD))
    return Signature(tuple(params))


def _text(node: ast.expr | None) -> str | None:
    return None if node is None else ast.unparse(node)
