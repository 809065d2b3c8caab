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
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from html import escape
from typing import TYPE_CHECKING

from pytest_codehealth.config.catalogue import MissingExtraError
from pytest_codehealth.core.libraries import import_installed

if TYPE_CHECKING:
    from matplotlib.figure import Figure

EXTRA = "report"
LIBRARIES = ("matplotlib", "squarify", "networkx")
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_ID = re.compile(r'(\bid="|url\(#|href="#)')
_MARK = re.compile(r"<(path|use)\b(?![^>]*\bid=)([^>]*?)/>")  # a drawn mark, not a definition


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


def to_svg(fig: Figure, prefix: str, titles: Mapping[str, Sequence[str]] | None = None) -> str:
    """The figure as an `<svg>` element for inline use, its ids prefixed with `prefix`.

    `titles` maps an artist's gid to one tooltip per mark it draws, in drawing order: each
    mark gets a `<title>`, which the browser shows on hover (no script needed).
    """
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata=NO_METADATA)
    text = buffer.getvalue()
    start = text.index("<svg")  # drop the XML prolog and the DOCTYPE (they name a DTD URL)
    svg = _ID.sub(lambda match: f"{match.group(1)}{prefix}-", text[start:])
    for gid, names in (titles or {}).items():
        svg = _titled(svg, f"{prefix}-{gid}", names)
    return svg


def _titled(svg: str, gid: str, names: Sequence[str]) -> str:
    """The first marks after the group `gid` opens, each given the next of `names`."""
    start = svg.index(f'<g id="{gid}">')
    queue = iter(names)

    def add(match: re.Match[str]) -> str:
        tag, attributes = match.groups()
        return f"<{tag}{attributes}><title>{escape(next(queue))}</title></{tag}>"

    return svg[:start] + _MARK.sub(add, svg[start:], count=len(names))


def amount(value: float) -> str:
    """A number for a tooltip: `300`, `2.5`."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
