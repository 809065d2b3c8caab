"""The pytest11 entry point: `pytest --codehealth` turns every checked file into a test item.

Off unless `--codehealth` is given or `codehealth = true` is set in the pytest ini. Each
Python file pytest visits, plus what `codehealth check` checks with no paths when pytest was
run without explicit arguments, becomes one item named `codehealth` with the `codehealth`
marker. The item runs the same engine, config, suppressions and rules as the CLI. This
module stays tiny: the rest is imported only when the plugin is on (`session.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

MARKER = "codehealth"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("codehealth", "code-health gates")
    group.addoption(
        "--codehealth",
        action="store_true",
        default=False,
        help="check every collected Python file with the codehealth gates",
    )
    group.addoption(
        "--codehealth-compat-ref",
        metavar="REF",
        default=None,
        help="check that modules split into packages since git REF keep their old API"
        " (on its own: this check only, without the other gates)",
    )
    parser.addini("codehealth", type="bool", default=False, help="same as --codehealth")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: a codehealth gate item (pytest --codehealth)")
    gates = bool(config.getoption("codehealth") or config.getini("codehealth"))
    if not (gates or config.getoption("codehealth_compat_ref")):
        return
    from pytest_codehealth.plugin.session import switch_on  # noqa: PLC0415  # only when on

    switch_on(config, gates=gates)  # a compat ref alone turns on the compat check only


@pytest.fixture
def codehealth_compat(pytestconfig: pytest.Config) -> Callable[..., None]:
    """`assert_backward_compatible` with snapshots and tests looked up from the rootdir."""

    from pytest_codehealth.compat.assertions import (  # noqa: PLC0415  # only when used
        assert_backward_compatible,
    )

    def check(module: str, **kwargs: Any) -> None:
        __tracebackhide__ = True
        kwargs.setdefault("root", pytestconfig.rootpath)
        assert_backward_compatible(module, **kwargs)

    return check
