"""Latency of `codehealth server`: from a keystroke's `didChange` to its `publishDiagnostics`.

    python benchmarks/server_latency.py [--changes 25] [--lines 1000]

Starts the server as an editor does (`python -m pytest_codehealth.server`, LSP over stdio,
pygls's client), opens a generated async service module of `--lines` lines (Redis calls, some
of them unawaited, `try`/`except`, branches: every default gate has work), then sends
`--changes` edits one at a time, each a whole-text change that adds or drops one `await`, and
times each from sending the change to receiving the diagnostics for that version. The
debounce is set to 0 for the measurement (`initializationOptions.debounce`; the default is
200 ms after the last keystroke), so the figure is the server's own: queue, engine, protocol.
Prints the median, the 90th percentile and the maximum, and for comparison the median time
of the engine alone on the same text in this process (`check_text`, what the server runs in
its thread) and of Python's own `ast.parse` of it.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from pytest_codehealth.server.analysis import check_text
from pytest_codehealth.server.configs import Configs, Project

HEAD = (
    "import logging\n\nimport redis.asyncio as redis\n\n"
    "log = logging.getLogger(__name__)\nclient = redis.from_url('redis://localhost')\n\n\n"
)
BLOCK = '''async def handler_{n}(key: str, value: str) -> str | None:
    """Store a value, read it back, tidy up."""
    if not key:
        return None
    client.set(f"{{key}}:{n}", value)
    found = await client.get(f"{{key}}:{n}")
    try:
        decoded = found.decode()
    except UnicodeDecodeError:
        log.warning("bad bytes under %s", key)
        decoded = None
    for attempt in range(3):
        if decoded is not None and attempt > {n} % 3:
            break
    return decoded


'''


def module(lines: int) -> str:
    """A module of about `lines` lines, made of handler functions."""
    text, n = HEAD, 0
    while text.count("\n") + BLOCK.count("\n") <= lines:
        text += BLOCK.format(n=n)
        n += 1
    return text + "x = 1\n" * (lines - text.count("\n"))


async def measure(changes: int, lines: int) -> list[float]:
    folder = Path(tempfile.mkdtemp(prefix="codehealth-lsp-"))
    (folder / ".git").mkdir()
    (folder / "pyproject.toml").write_text("[tool.codehealth]\n")
    text = module(lines)
    path = folder / "service.py"
    path.write_text(text)
    client = LanguageClient("benchmark", "1")
    arrived: asyncio.Queue[tuple[int | None, float]] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait((params.version, time.perf_counter()))

    await client.start_io(sys.executable, "-m", "pytest_codehealth.server", cwd=str(folder))
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=folder.as_uri(),
            initialization_options={"debounce": 0},
        )
    )
    client.initialized(types.InitializedParams())
    uri = path.as_uri()
    item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(item))
    await _wait(arrived, 1)
    times = []
    for version in range(2, changes + 2):
        edited = (
            text if version % 2 else text.replace("    client.set(", "    await client.set(", 1)
        )
        document = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
        change = types.TextDocumentContentChangeWholeDocument(text=edited)
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(document, [change]))
        times.append(await _wait(arrived, version) - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


async def _wait(arrived: asyncio.Queue[tuple[int | None, float]], version: int) -> float:
    while True:
        got, when = await asyncio.wait_for(arrived.get(), 60)
        if got == version:
            return when


def in_process(lines: int, runs: int = 9) -> tuple[float, float]:
    """Median seconds of the engine alone (`check_text`) and of `ast.parse` on the module."""
    folder = Path(tempfile.mkdtemp(prefix="codehealth-engine-"))
    (folder / ".git").mkdir()
    (folder / "pyproject.toml").write_text("[tool.codehealth]\n")
    text, path = module(lines), folder / "service.py"
    path.write_text(text)
    project = Configs(folder).project_of(path)
    assert isinstance(project, Project)
    engine, parse = [], []
    for _ in range(runs):
        start = time.perf_counter()
        check_text(project, path, text)
        engine.append(time.perf_counter() - start)
        start = time.perf_counter()
        ast.parse(text)
        parse.append(time.perf_counter() - start)
    return statistics.median(engine), statistics.median(parse)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=25)
    parser.add_argument("--lines", type=int, default=1000)
    args = parser.parse_args()
    times = sorted(asyncio.run(measure(args.changes, args.lines)))
    ms = [value * 1000 for value in times]
    p90 = ms[int(len(ms) * 0.9) - 1]
    print(f"{args.lines}-line file, {len(ms)} changes, debounce 0 ms")
    print(f"didChange -> publishDiagnostics: median {statistics.median(ms):.1f} ms, ", end="")
    print(f"p90 {p90:.1f} ms, max {ms[-1]:.1f} ms")
    engine, parse = in_process(args.lines)
    print(f"engine alone (in process): {engine * 1000:.1f} ms; ast.parse: {parse * 1000:.1f} ms")


if __name__ == "__main__":
    main()
