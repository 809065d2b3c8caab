"""Small words for messages: counts in the singular or the plural."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 file`, `2 files`, `1,200 files`; an irregular plural is given: `entry`, `entries`."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"
