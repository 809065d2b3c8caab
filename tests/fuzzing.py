"""Generated programs, and what must hold for every rule on each (the fuzz test and script).

Programs come from hypothesmith (from the grammar: odd whitespace, comments, unicode; from
libcst nodes: real statements) and from our own mixes of the idioms our rules look for
(Redis clients, clocks, uuid1, silent excepts), nested in functions, classes and blocks.
"""

from __future__ import annotations

import ast
import json
import traceback
import warnings
from pathlib import Path

import hypothesmith
from hypothesis import strategies as st

from pytest_codehealth.config.load import cli_overrides, load_settings
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import LOAD_ERROR_CODE, SourceFile, parse, split_lines
from pytest_codehealth.engine.run import Report, analyse
from pytest_codehealth.report import FORMATS
from pytest_codehealth.rules.base import ProjectFile
from pytest_codehealth.rules.registry import BY_CODE

PATH = "fuzz.py"
SETTINGS = load_settings(None, cli_overrides(["ALL"], [], [], [], []), Path.cwd()).for_parts(
    (PATH,)
)

IMPORTS = [
    "import redis",
    "import redis.asyncio as aioredis",
    "from redis.asyncio import Redis",
    "from redis import Redis as SyncRedis",
    "import time",
    "import time as t",
    "import uuid",
    "from uuid import uuid1",
    "from datetime import datetime",
    "import datetime",
]
SIMPLE = [
    "client = aioredis.Redis()",
    "client = SyncRedis()",
    "client = Redis.from_url(url)",
    "self.client = aioredis.from_url(url)",
    "pipe = client.pipeline()",
    "client.get(key)",
    "await client.get(key)",
    "self.client.set(key, value)",
    "await self.client.set(key, value)",
    "pipe.set(key, value)",
    "await pipe.execute()",
    "value = await client.hgetall(key) or {}",
    "task = asyncio.create_task(client.delete(key))",
    "job_id = f'job_{int(time.time())}'",
    "key = str(time.time_ns())",
    "name = datetime.now().strftime('%Y%m%d%H%M%S')",
    "ident = uuid.uuid1()",
    "ident = uuid1().hex",
    "x = t.time() * 1000",
    "x = lambda: client.get(key)",
    "return client.get(key)",
    "yield await client.get(key)",
    "pass",
    "...",
    "global client",
    "del key",
    "raise",
    "x: int = 1",
    "cursor, keys = client.scan()",
    "assert client.exists(key)",
]
HEADERS = [
    "def f(self, key, value=None):",
    "async def f(key, *args, **kwargs):",
    "class C(Base):",
    "if client.exists(key):",
    "for key in keys:",
    "async for key in client.scan_iter():",
    "while True:",
    "with lock:",
    "async with client.pipeline(transaction=True) as pipe:",
    "@decorator\ndef g():",
]
HANDLERS = ["except Exception:", "except:", "except (OSError, ValueError) as exc:", "finally:"]


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for part in lines for line in part.split("\n")]


def _compound(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    """A block header or a try statement around generated bodies."""
    block = st.builds(lambda head, body: [head, *_indent(body)], st.sampled_from(HEADERS), children)
    handler = st.tuples(st.sampled_from(HANDLERS), children)
    trial = st.builds(
        lambda body, handlers: (
            ["try:", *_indent(body)]
            + [line for head, inner in handlers for line in (head, *_indent(inner))]
        ),
        children,
        st.lists(handler, min_size=1, max_size=3),
    )
    return st.one_of(block, trial)


def _flat(parts: list[list[str]]) -> list[str]:
    return [line for part in parts for line in part]


def _statements() -> st.SearchStrategy[list[str]]:
    simple = st.sampled_from(IMPORTS + SIMPLE).map(lambda line: [line])
    return st.recursive(
        st.lists(simple, min_size=1, max_size=4).map(_flat),
        lambda children: st.lists(
            st.one_of(simple, _compound(children)), min_size=1, max_size=5
        ).map(_flat),
        max_leaves=25,
    )


def _parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


IDIOMS = _statements().map(lambda lines: "\n".join(lines) + "\n").filter(_parses)
PROGRAMS = st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node(), IDIOMS)


def problems(text: str) -> list[str]:
    """Everything wrong with what our rules do on `text`; [] when all holds."""
    try:
        return _problems(text)
    except Exception:  # an exception escaped the engine, a rule or a reporter
        return ["exception escaped:\n" + traceback.format_exc()]


def _problems(text: str) -> list[str]:
    loaded = parse(text.encode("utf-8", "surrogatepass"), PATH)
    if isinstance(loaded, Finding):  # the grammar allows things the compiler rejects
        lines = split_lines(text)
        return _malformed([loaded], lines, slack=1)
    result = analyse(loaded, SETTINGS)
    wrong = [f"rule failure: {f.format()}" for f in result.findings if f.code == LOAD_ERROR_CODE]
    wrong += _malformed(result.findings, loaded.lines)
    json.dumps(result.facts)  # the cache stores facts as JSON
    wrong += _project_problems(loaded, result.facts)
    wrong += _fix_problems(loaded)
    for render in FORMATS.values():
        render(Report(result.findings, 1, [PATH]))
    return wrong


def _project_problems(src: SourceFile, facts: dict[str, object]) -> list[str]:
    wrong: list[str] = []
    for info, options in SETTINGS.rules:
        rule = BY_CODE[info.code]
        if rule.check_project is not None and rule.code in facts:
            files = [ProjectFile(PATH, (PATH,), facts[rule.code])]
            wrong += _malformed(list(rule.check_project(files, options)), src.lines)
    return wrong


def _fix_problems(src: SourceFile) -> list[str]:
    wrong = []
    for info, options in SETTINGS.rules:
        rule = BY_CODE[info.code]
        for fix in rule.fix(src, options) if rule.fix is not None else ():
            for edit in fix.edits:
                if not 0 <= edit.start <= edit.end <= len(src.text):
                    wrong.append(f"{rule.code} edit out of range: {edit}")
    return wrong


def _malformed(findings: list[Finding], lines: list[str], slack: int = 0) -> list[str]:
    """Findings outside the file: line 1..len(lines) (1 if empty), col 1..len(line) + 1."""
    wrong = []
    last = max(len(lines), 1) + slack
    for finding in findings:
        line_text = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
        inside = 1 <= finding.line <= last and 1 <= finding.col <= len(line_text) + 1 + slack
        ends = finding.end_line == 0 or finding.line <= finding.end_line <= last
        if not (inside and ends and finding.path == PATH and finding.message):
            wrong.append(f"malformed finding: {finding!r}")
    return wrong
