"""Reading a rendered page back in tests: its tables as text, its tags, its resource references."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# a reference the browser would fetch: src=/href= to a URL with a scheme or `//`, CSS @import
# or url() to one; a `data:` URI is inside the page (matplotlib's colour bar is one) and
# namespace declarations (xmlns="http://www.w3.org/2000/svg") fetch nothing
_URL = r"""["']?\s*(?!data:)(?:[a-z][a-z0-9+.-]*:|//)"""
EXTERNAL = re.compile(
    rf"""(?:\bsrc|\bhref|\baction|\bposter|\bdata)\s*=\s*{_URL}|@import|url\(\s*{_URL}""",
    re.IGNORECASE,
)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "table":
            self._table = str(found.get("id"))
            self.tables[self._table] = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._table and self._in_body:
            self.tables[self._table].append([])
        elif tag == "td" and self._table:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._table and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> _Page:
    """The page's tags, ids and tables (`table id` -> body rows of cell texts)."""
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def external_references(page: str) -> list[str]:
    """Every reference in the page that would make the browser fetch something."""
    return [match.group(0) for match in EXTERNAL.finditer(page)]
