"""CH002 silent-except: handlers and `contextlib.suppress` calls that swallow errors."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from pytest_codehealth.config.options import OptionError
from pytest_codehealth.rules.except_ import silent_except
from tests.helpers import found, run_rule

FLAGGED = [
    pytest.param("try:\n    f()\nexcept OSError:\n    pass\n", ["3:1 CH002"], id="pass"),
    pytest.param("try:\n    f()\nexcept:\n    pass\n", ["3:1 CH002"], id="bare-except"),
    pytest.param("try:\n    f()\nexcept Exception:\n    ...\n", ["3:1 CH002"], id="ellipsis"),
    pytest.param(
        "try:\n    f()\nexcept ValueError:\n    'not a number, ignore'\n",
        ["3:1 CH002"],
        id="string-only-body",
    ),
    pytest.param(
        'try:\n    f()\nexcept ValueError:\n    """Ignored on purpose."""\n',
        ["3:1 CH002"],
        id="docstring-only-body",
    ),
    pytest.param(
        "try:\n    f()\nexcept ValueError:\n    '''Why.'''\n    pass\n",
        ["3:1 CH002"],
        id="docstring-then-pass",
    ),
    pytest.param("try:\n    f()\nexcept ValueError:\n    None\n", ["3:1 CH002"], id="none-body"),
    pytest.param(
        "try:\n    f()\nexcept Exception as exc:  # a comment is not handling\n    pass\n",
        ["3:1 CH002"],
        id="as-name-and-comment",
    ),
    pytest.param(
        "for attempt in range(3):\n"
        "    try:\n"
        "        return fetch()\n"
        "    except ConnectionError:\n"
        "        continue\n",
        ["4:5 CH002"],
        id="retry-loop-continue",
    ),
    pytest.param(
        "try:\n    f()\nexcept* ValueError:\n    pass\nexcept* TypeError:\n    log()\n",
        ["3:1 CH002"],
        id="except-star",
    ),
    pytest.param(
        "async def handler(request):\n"
        "    try:\n"
        "        await redis.delete(request.key)\n"
        "    except Exception:\n"
        "        pass\n",
        ["4:5 CH002"],
        id="async-function",
    ),
    pytest.param(
        "try:\n"
        "    f()\n"
        "except (KeyError, IndexError):\n"
        "    pass\n"
        "else:\n"
        "    g()\n"
        "finally:\n"
        "    close()\n",
        ["3:1 CH002"],
        id="try-except-else-finally",
    ),
    pytest.param(
        "def outer():\n"
        "    def inner():\n"
        "        try:\n"
        "            f()\n"
        "        except KeyError:\n"
        "            pass\n"
        "    return inner\n",
        ["5:9 CH002"],
        id="nested-function",
    ),
    pytest.param(
        "class Config:\n"
        "    try:\n"
        "        import ujson as json\n"
        "    except ImportError:\n"
        "        pass\n",
        ["4:5 CH002"],
        id="class-body",
    ),
    pytest.param(
        "try:\n"
        "    f()\n"
        "except KeyError:\n"
        "    try:\n"
        "        g()\n"
        "    except ValueError:\n"
        "        pass\n",
        ["6:5 CH002"],
        id="nested-try-inner-only",
    ),
    pytest.param(
        "try:\n    f()\nexcept KeyError:\n    pass\nexcept ValueError:\n    ...\n",
        ["3:1 CH002", "5:1 CH002"],
        id="two-handlers",
    ),
    pytest.param(
        "if x:\n    try: f()\n    except OSError: pass\n", ["3:5 CH002"], id="one-line-handler"
    ),
    pytest.param(
        "é = 1\ntry:\n    f()\nexcept OSError: pass\n", ["4:1 CH002"], id="non-ascii-file"
    ),
    # contextlib.suppress of the broad classes, in every import form
    pytest.param(
        "import contextlib\nwith contextlib.suppress(Exception):\n    f()\n",
        ["2:6 CH002"],
        id="suppress-module",
    ),
    pytest.param(
        "import contextlib as cl\nwith cl.suppress(BaseException):\n    f()\n",
        ["2:6 CH002"],
        id="suppress-module-alias",
    ),
    pytest.param(
        "from contextlib import suppress\nwith suppress(Exception):\n    f()\n",
        ["2:6 CH002"],
        id="suppress-from-import",
    ),
    pytest.param(
        "from contextlib import suppress as quiet\nwith quiet(Exception):\n    f()\n",
        ["2:6 CH002"],
        id="suppress-from-import-alias",
    ),
    pytest.param(
        "async def f():\n"
        "    from contextlib import suppress\n"
        "    async with lock:\n"
        "        with suppress(ValueError, Exception):\n"
        "            await g()\n",
        ["4:14 CH002"],
        id="suppress-in-tuple-local-import",
    ),
    pytest.param(
        "import builtins, contextlib\nwith contextlib.suppress(builtins.Exception):\n    f()\n",
        ["2:6 CH002"],
        id="suppress-builtins-exception",
    ),
    pytest.param(
        "from contextlib import suppress\nguard = suppress(Exception)\n",
        ["2:9 CH002"],
        id="suppress-outside-with",
    ),
]

CLEAN = [
    pytest.param(
        "try:\n    import ujson as json\nexcept ImportError:\n    import json\n",
        id="optional-import-fallback",
    ),
    pytest.param(
        "try:\n    import uvloop\nexcept ImportError:\n    uvloop = None\n",
        id="optional-import-assign-none",
    ),
    pytest.param("try:\n    f()\nexcept Exception:\n    logger.exception('f failed')\n", id="logs"),
    pytest.param("try:\n    f()\nexcept Exception:\n    raise\n", id="reraises"),
    pytest.param(
        "try:\n    f()\nexcept KeyError as exc:\n    raise LookupError(key) from exc\n",
        id="raises-another",
    ),
    pytest.param(
        "def g():\n    try:\n        return f()\n    except KeyError:\n        return None\n",
        id="returns-a-value",
    ),
    pytest.param(
        "try:\n    f()\nexcept ValueError:\n    '''Why.'''\n    value = 0\n", id="doc-then-assign"
    ),
    pytest.param(
        "for attempt in range(3):\n"
        "    try:\n"
        "        fetch()\n"
        "    except ConnectionError:\n"
        "        logger.warning('retrying', exc_info=True)\n"
        "        continue\n",
        id="retry-loop-logs",
    ),
    pytest.param(
        "for item in items:\n    try:\n        f(item)\n    except KeyError:\n        break\n",
        id="break-is-a-decision",
    ),
    pytest.param(
        "async def f():\n"
        "    try:\n"
        "        await g()\n"
        "    except asyncio.CancelledError:\n"
        "        await cleanup()\n"
        "        raise\n",
        id="async-cleanup",
    ),
    pytest.param("try:\n    f()\nexcept* ValueError as group:\n    log(group)\n", id="star-logs"),
    pytest.param("try:\n    f()\nfinally:\n    pass\n", id="finally-pass-is-no-except"),
    pytest.param("try:\n    f()\nexcept KeyError:\n    errors += 1\n", id="counts"),
    pytest.param(
        "from contextlib import suppress\nwith suppress(FileNotFoundError):\n    os.remove(p)\n",
        id="suppress-specific",
    ),
    pytest.param(
        "import contextlib\nwith contextlib.suppress(ValueError, KeyError):\n    f()\n",
        id="suppress-specific-tuple",
    ),
    pytest.param(
        "from mylib import suppress\nwith suppress(Exception):\n    f()\n",
        id="suppress-from-another-module",
    ),
    pytest.param("with suppress(Exception):\n    f()\n", id="suppress-not-imported"),
    pytest.param(
        "import contextlib\nwith contextlib.suppress(*errors):\n    f()\n", id="suppress-starred"
    ),
    pytest.param("import contextlib\nwith contextlib.nullcontext():\n    f()\n", id="nullcontext"),
]


@pytest.mark.parametrize(("src", "expected"), FLAGGED)
def test_flags(src: str, expected: list[str]) -> None:
    assert found("silent-except", src) == expected


@pytest.mark.parametrize("src", CLEAN)
def test_clean(src: str) -> None:
    assert found("silent-except", src) == []


@pytest.mark.parametrize(
    ("src", "message"),
    [
        pytest.param(
            "try:\n    f()\nexcept:\n    pass\n", "`except:` swallows the error silently", id="bare"
        ),
        pytest.param(
            "try:\n    f()\nexcept (KeyError, errors.Missing) as exc:\n    pass\n",
            "`except (KeyError, errors.Missing)` swallows the error silently",
            id="tuple",
        ),
        pytest.param(
            "try:\n    f()\nexcept* OSError:\n    pass\n",
            "`except* OSError` swallows the error silently",
            id="star",
        ),
        pytest.param(
            "import contextlib as cl\nwith cl.suppress(Exception):\n    f()\n",
            "`cl.suppress(Exception)` swallows every error silently",
            id="suppress",
        ),
    ],
)
def test_message(src: str, message: str) -> None:
    (finding,) = run_rule("silent-except", src)
    assert (finding.message, finding.name) == (message, "silent-except")


ALLOW = [
    pytest.param(["ImportError"], "except ImportError:", [], id="plain"),
    pytest.param(["ImportError"], "except ModuleNotFoundError:", ["3:1 CH002"], id="not-listed"),
    pytest.param(["asyncio.CancelledError"], "except asyncio.CancelledError:", [], id="dotted"),
    pytest.param(
        ["asyncio.CancelledError"], "except CancelledError:", ["3:1 CH002"], id="as-written"
    ),
    pytest.param(
        ["CancelledError"], "except asyncio.CancelledError:", ["3:1 CH002"], id="as-written-dotted"
    ),
    pytest.param(
        ["ImportError", "ModuleNotFoundError"],
        "except (ImportError, ModuleNotFoundError):",
        [],
        id="tuple-all-allowed",
    ),
    pytest.param(
        ["ImportError"], "except (ImportError, OSError):", ["3:1 CH002"], id="tuple-one-not"
    ),
    pytest.param(["ImportError"], "except:", ["3:1 CH002"], id="bare-never-allowed"),
    pytest.param(["ImportError"], "except* ImportError:", [], id="except-star"),
    pytest.param(["ImportError"], "except ImportError as exc:", [], id="as-name"),
]


@pytest.mark.parametrize(("allow", "handler", "expected"), ALLOW)
def test_allow(allow: list[str], handler: str, expected: list[str]) -> None:
    src = f"try:\n    import ujson\n{handler}\n    pass\n"
    assert found("silent-except", src, {"allow": allow}) == expected


# check-typed-exceptions = false: only what catches everything (ruff S110's default)
BROAD_ONLY = [
    pytest.param("except KeyError:", [], id="typed-lookup"),
    pytest.param("except (OSError, ValueError):", [], id="typed-tuple"),
    pytest.param("except ProcessLookupError:", [], id="best-effort-cleanup"),
    pytest.param("except:", ["3:1 CH002"], id="bare"),
    pytest.param("except Exception:", ["3:1 CH002"], id="exception"),
    pytest.param("except BaseException:", ["3:1 CH002"], id="base-exception"),
    pytest.param("except builtins.Exception:", ["3:1 CH002"], id="dotted-builtin"),
    pytest.param("except (KeyError, Exception):", ["3:1 CH002"], id="tuple-with-broad"),
    pytest.param("except* Exception:", ["3:1 CH002"], id="except-star-broad"),
]


@pytest.mark.parametrize(("handler", "expected"), BROAD_ONLY)
def test_broad_only_when_typed_exceptions_are_not_checked(
    handler: str, expected: list[str]
) -> None:
    src = f"try:\n    cleanup()\n{handler}\n    pass\n"
    assert found("silent-except", src, {"check-typed-exceptions": False}) == expected
    assert found("silent-except", src) == ["3:1 CH002"]  # the default checks every handler


def test_broad_only_still_reports_suppress_of_exception_and_honours_allow() -> None:
    options = {"check-typed-exceptions": False, "allow": ["Exception"]}
    src = "from contextlib import suppress\nwith suppress(Exception):\n    f()\n"
    assert found("silent-except", src, options) == ["2:6 CH002"]
    handler = "try:\n    f()\nexcept Exception:\n    pass\n"
    assert found("silent-except", handler, options) == []


def test_allow_never_covers_suppress_of_exception() -> None:
    src = "from contextlib import suppress\nwith suppress(Exception):\n    f()\n"
    assert found("silent-except", src, {"allow": ["Exception"]}) == ["2:6 CH002"]


@pytest.mark.parametrize(
    ("options", "key", "reason"),
    [
        pytest.param(
            {"allow": "ImportError"},
            "allow",
            'expected a list of strings, got "ImportError"',
            id="string",
        ),
        pytest.param({"allow": [1]}, "allow", "expected a list of strings, got [1]", id="int"),
        pytest.param(
            {"alow": []}, "alow", "unknown option (did you mean `allow`?)", id="unknown-key"
        ),
    ],
)
def test_option_errors(options: dict[str, Any], key: str, reason: str) -> None:
    with pytest.raises(OptionError) as info:
        run_rule("silent-except", "x = 1\n", options)
    assert (info.value.key, info.value.reason) == (key, reason)


@pytest.mark.parametrize(
    ("text", "looked"),
    [
        pytest.param("f(Exception)\ng(x, BaseException)\nh(1)\n", 0, id="no-contextlib"),
        pytest.param("import contextlib\nf(Exception)\ng(x)\n", 2, id="contextlib-imported"),
        pytest.param("from contextlib import suppress as s\nf(Exception)\n", 1, id="suppress"),
        pytest.param("import contextlib.x as c\nf(Exception)\n", 0, id="another-module"),
    ],
)
def test_calls_are_read_for_suppress_only_in_a_module_that_imports_it(
    text: str, looked: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `contextlib.suppress` call needs an import of it (or of `contextlib`): elsewhere the
    calls' arguments are not read."""
    read: list[object] = []
    real = silent_except._is_broad

    def counted(arg: ast.expr) -> bool:
        read.append(arg)
        return real(arg)

    monkeypatch.setattr(silent_except, "_is_broad", counted)
    assert found("silent-except", text) == []
    assert len(read) == looked
