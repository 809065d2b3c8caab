"""The peak RSS of every process of one cold check, and what each worker held before its
first file.

    python benchmarks/process_memory.py TREE [--select ALL] [--jobs N] [--baseline-src DIR]
                                             [--modules]

Runs `codehealth check --no-cache` on TREE with a `sitecustomize` first on `PYTHONPATH`: every
process notes its peak as it ends (`VmHWM` of `/proc/self/status`), and every process that
analyses a file (the parent with `--jobs 1`, else each pool worker, forked or fresh) its
resident size on its first call of `analyse_bytes` (`VmRSS`: what it holds before any file).
With `--baseline-src DIR`, DIR goes first on `PYTHONPATH` (the code before a change).
`--modules` also prints the modules a worker holds on its first call that the floor's (a
`multiprocessing` worker with `ast`) does not. Linux only (reads `/proc`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# put first on every process's path as `sitecustomize`: notes each process's peak as it exits
# (`atexit`, and `os._exit` for forked workers) and, in a process that analyses files, its
# resident size and modules on its first call of `analyse_bytes` (wrapped when the module loads)
SITE = """
import os, sys
OUT = os.environ.get("CODEHEALTH_MEMORY_PROBE")
if OUT:
    import atexit, functools
    seen = {}

    def status():
        found = {}
        with open("/proc/self/status") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    found[key] = int(value.split()[0])
        return found

    def note():
        import json
        record = {**seen.get(os.getpid(), {}), **status(), "pid": os.getpid()}
        with open(os.path.join(OUT, str(os.getpid())), "w") as handle:
            json.dump(record, handle)

    def wrapped(real):
        @functools.wraps(real)
        def analyse_bytes(*args):
            if os.getpid() not in seen:
                seen[os.getpid()] = {"start": status()["VmRSS"], "modules": sorted(sys.modules)}
            seen[os.getpid()]["files"] = seen[os.getpid()].get("files", 0) + 1
            return real(*args)
        return analyse_bytes

    class Hook:
        def find_spec(self, name, path, target=None):
            if name != "pytest_codehealth.engine.analysis":
                return None
            for finder in sys.meta_path:
                spec = None if finder is self else finder.find_spec(name, path, target)
                if spec is not None:
                    run = spec.loader.exec_module
                    def exec_module(module):
                        run(module)
                        module.analyse_bytes = wrapped(module.analyse_bytes)
                    spec.loader.exec_module = exec_module
                    return spec
            return None

    sys.meta_path.insert(0, Hook())
    atexit.register(note)
    real_exit = os._exit
    def _exit(code):
        note()
        real_exit(code)
    os._exit = _exit
"""
FLOOR_MODULES = (
    "import ast, json, sys, multiprocessing\n"
    "def names(_):\n    return sorted(sys.modules)\n"
    "if __name__ == '__main__':\n"
    "    with multiprocessing.Pool(1) as pool:\n"
    "        print(json.dumps(pool.map(names, [0])[0]))\n"
)


def probe(tree: Path, flags: list[str], pythonpath: str) -> list[dict[str, object]]:
    """One record per process that analysed files, largest peak first, then the parent's
    (`role`)."""
    with tempfile.TemporaryDirectory() as site, tempfile.TemporaryDirectory() as out:
        Path(site, "sitecustomize.py").write_text(SITE, encoding="utf-8")
        env = dict(os.environ, CODEHEALTH_MEMORY_PROBE=out)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [site, pythonpath]))
        command = [sys.executable, "-m", "pytest_codehealth.cli.main", "check", "--no-cache"]
        process = subprocess.Popen(
            [*command, *flags, "."], cwd=tree, env=env, stdout=subprocess.DEVNULL
        )
        process.wait()
        found = [json.loads(path.read_text(encoding="utf-8")) for path in Path(out).iterdir()]
    for record in found:
        record["role"] = "parent" if record["pid"] == process.pid else "worker"
    workers = [each for each in found if each["role"] == "worker" and "files" in each]
    parents = [each for each in found if each["role"] == "parent"]
    return sorted(workers, key=lambda each: -int(each["VmHWM"])) + parents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--select", default="")
    parser.add_argument("--jobs", default="")
    parser.add_argument("--baseline-src", default="")
    parser.add_argument("--modules", action="store_true")
    args = parser.parse_args()
    flags = ["--select", args.select] if args.select else []
    flags += ["--jobs", args.jobs] if args.jobs else []
    records = probe(args.tree.resolve(), flags, args.baseline_src)
    print("| process | files | RSS before its first file | peak RSS |")
    print("|---|---|---|---|")
    for record in records:
        print(_row(record))
    if args.modules and records and "modules" in records[0]:
        extra = sorted(set(records[0]["modules"]) - _floor_modules())  # type: ignore[call-overload]
        print(f"\n{len(extra)} modules beyond the floor's worker: {' '.join(extra)}")
    return 0


def _row(record: dict[str, object]) -> str:
    start = f"{int(record['start']) / 1024:.1f} MiB" if "start" in record else ""  # type: ignore[call-overload]
    peak = int(record["VmHWM"]) / 1024  # type: ignore[call-overload]
    return f"| {record['role']} | {record.get('files', '')} | {start} | {peak:.1f} MiB |"


def _floor_modules() -> set[str]:
    """The modules a worker of the floor's `multiprocessing` pool holds."""
    names = subprocess.run(
        [sys.executable, "-c", FLOOR_MODULES], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(names))


if __name__ == "__main__":
    raise SystemExit(main())
