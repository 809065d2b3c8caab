"""## What it does
Reports a file that could not be checked at all: it cannot be read, decoded or parsed.

The engine raises it itself (no rule visits a tree it does not have), so it is always on:
`select`, `ignore` and suppression comments do not turn it off. The message gives the reason
and, for a syntax error, the parser's message and position. A file larger than
`max-file-size` (5,000,000 bytes by default) is not read at all, and a folder that cannot be
listed is reported under its own name: both are files nobody checked.

## Why is this bad?
A gate that skips a file it cannot parse gives a green run on code nobody checked.
A file that does not parse will also fail at import time.

## Example
```python
def f(:
    pass
```
is reported as `CH000 syntax error: invalid syntax`.

## How to fix
Fix the syntax error or the encoding, make the file or folder readable, or `exclude` it in
`[tool.codehealth]` if it is not Python (a template, a fixture of invalid code). For a large
generated module, `exclude` it, or raise `max-file-size` in `[tool.codehealth]` (or give
`--max-file-size BYTES`).

## Options
None of its own; `max-file-size` (bytes) at the top of `[tool.codehealth]` sets the size
limit.
"""

from __future__ import annotations

from pytest_codehealth.config.rule_options import UnreadableFile as Options
from pytest_codehealth.core.source import LOAD_ERROR_CODE, LOAD_ERROR_NAME

CODE, NAME = LOAD_ERROR_CODE, LOAD_ERROR_NAME
__all__ = ["CODE", "NAME", "Options"]  # the engine reports CH000 itself: no check here
