"""Does the editor show what `codehealth check` reports? Real files through the server.

    python benchmarks/server_parity.py FOLDER [--limit 40]

Runs `codehealth check --no-cache --format json FOLDER` from FOLDER (its config, if any, as
the CLI finds it), then starts `codehealth server` over stdio (pygls's client, debounce 0),
opens the first `--limit` Python files under FOLDER with their text from disk and compares,
file by file, the published diagnostics (`line:col CODE`) with the CLI's findings. Prints
the files and findings compared and every difference; exit code 1 if there is one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient


def cli_findings(folder: Path) -> dict[str, list[str]]:
    command = [sys.executable, "-m", "pytest_codehealth.cli.main", "check", "--no-cache"]
    done = subprocess.run(
        [*command, "--format", "json", "."], cwd=folder, capture_output=True, text=True, check=False
    )
    report = json.loads(done.stdout)
    found: dict[str, list[str]] = defaultdict(list)
    for item in report["findings"] if isinstance(report, dict) else report:
        found[item["path"]].append(f"{item['line']}:{item['column']} {item['code']}")
    return found


async def server_findings(folder: Path, files: list[Path]) -> dict[str, list[str]]:
    client = LanguageClient("parity", "1")
    queues: dict[str, asyncio.Queue[types.PublishDiagnosticsParams]] = defaultdict(asyncio.Queue)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        queues[params.uri].put_nowait(params)

    await client.start_io(sys.executable, "-m", "pytest_codehealth.server", cwd=str(folder))
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        root_uri=folder.as_uri(),
        initialization_options={"debounce": 0},
    )
    await client.initialize_async(params)
    client.initialized(types.InitializedParams())
    found: dict[str, list[str]] = {}
    for path in files:
        uri = path.resolve().as_uri()
        text = path.read_text(encoding="utf-8")
        item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        published_ = await asyncio.wait_for(queues[uri].get(), 120)
        found[path.relative_to(folder).as_posix()] = [
            f"{d.range.start.line + 1}:{d.range.start.character + 1} {d.code}"
            for d in published_.diagnostics
        ]
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args()
    folder = args.folder.resolve()
    files = sorted(folder.rglob("*.py"))[: args.limit]
    expected = cli_findings(folder)
    seen = asyncio.run(server_findings(folder, files))
    differences = 0
    for name, found in seen.items():
        if sorted(found) != sorted(expected.get(name, [])):
            differences += 1
            print(f"{name}: server {sorted(found)} != check {sorted(expected.get(name, []))}")
    total = sum(len(found) for found in seen.values())
    print(f"{len(seen)} files, {total} findings compared, {differences} files differ")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
