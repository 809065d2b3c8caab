"""The page's plots: matplotlib figures written as inline SVG (the `report` extra).

matplotlib draws (its object API, never `pyplot`: no global state, no GUI backend), squarify
lays out the treemap, networkx the import graph. They are imported only when a page is
asked for; without them, `MissingExtra` says which extra to install. Each plot is plain
SVG: no script, no font or link to fetch; its ids are prefixed so that plots on one page
never share one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from pytest_codehealth.core.libraries import import_installed
from pytest_codehealth.rules.base import MissingExtraError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

EXTRA = "report"
LIBRARIES = ("matplotlib", "squarify", "networkx")
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_ID = re.compile(r'(\bid="|url\(#|href="#)')


class MissingExtra(MissingExtraError):
    """A library of the `report` extra is not installed (a usage error, exit 2, for the CLI)."""


def require() -> None:
    """Import the extra's libraries from the environment, or say which extra is missing."""
    for name in LIBRARIES:
        try:
            import_installed(name)
        except ImportError as error:
            raise MissingExtra(
                f"the HTML report needs the `{EXTRA}` extra (`{name}` is not installed): "
                f"`pip install 'pytest-codehealth[{EXTRA}]'`"
            ) from error


@contextmanager
def drawing() -> Iterator[None]:
    """Our style for the figures made inside; the user's matplotlibrc stays as it is."""
    import matplotlib  # noqa: PLC0415  # the extra, only once a page is asked for

    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",  # text stays text: smaller, searchable, no embedded glyphs
            "svg.hashsalt": "codehealth",  # the same document gives the same page
            "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans", "Arial"],  # local fonts only
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        yield


def figure(width: float, height: float) -> Figure:
    """A new figure (inches), drawn by the SVG backend when saved."""
    from matplotlib.figure import Figure  # noqa: PLC0415  # the extra, only for a page

    return Figure(figsize=(width, height), layout="constrained")


def to_svg(fig: Figure, prefix: str) -> str:
    """The figure as an `<svg>` element for inline use, its ids prefixed with `prefix`."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata=NO_METADATA)
    text = buffer.getvalue()
    start = text.index("<svg")  # drop the XML prolog and the DOCTYPE (they name a DTD URL)
    return _ID.sub(lambda match: f"{match.group(1)}{prefix}-", text[start:])
