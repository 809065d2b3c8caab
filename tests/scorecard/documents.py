"""Hand-built scorecard documents (schema 1) for the page's tests and benchmark."""

from __future__ import annotations

import copy
import random
from collections import Counter
from typing import Any

ROW_KEYS = (
    "files_over_limit",
    "largest_module_lines",
    "functions_over_complexity",
    "max_complexity",
    "p90_complexity",
    "import_cycles",
    "max_fan_out",
    "duplicated_lines",
    "silent_excepts",
    "clock_ids",
    "unawaited_redis",
)

SMALL: dict[str, Any] = {
    "schema": 1,
    "tool": {"name": "codehealth", "version": "0.1.0"},
    "generated": "2026-11-29T08:00:00Z",
    "root": "/projects/shop",
    "now": {"ref": "working tree", "commit": "c0ffee0000000000000000000000000000000001"},
    "since": {"ref": "origin/main", "commit": "beef000000000000000000000000000000000002"},
    "gates": [
        {"code": "CH001", "name": "max-lines", "findings": 3, "baselined": 1, "passed": False},
        {"code": "CH002", "name": "silent-except", "findings": 0, "baselined": 0, "passed": True},
    ],
    "rows": [
        {
            "key": "files_over_limit",
            "label": "Files over 400 lines",
            "before": 8,
            "after": 1,
            "delta": -7,
            "better": "lower",
            "trend": "improved",
        },
        {
            "key": "max_complexity",
            "label": "Maximum complexity",
            "before": 15,
            "after": 17,
            "delta": 2,
            "better": "lower",
            "trend": "worse",
        },
        {
            "key": "import_cycles",
            "label": "Import cycles",
            "before": 1,
            "after": 1,
            "delta": 0,
            "better": "lower",
            "trend": "same",
        },
        {
            "key": "duplicated_lines",
            "label": "Duplicated lines",
            "before": None,
            "after": 42,
            "delta": None,
            "better": "lower",
            "trend": "new",
        },
    ],
    "compat": [
        {"module": "shop.orders", "status": "ok", "problems": []},
        {
            "module": "shop.billing",
            "status": "broken",
            "problems": ["`Invoice` is no longer importable"],
        },
    ],
    "files": [
        {
            "path": "shop/orders/core.py",
            "lines": 512,
            "max_complexity": 14,
            "findings": 2,
            "churn": 7,
            "hotspot": 98.0,
        },
        {
            "path": "shop/billing.py",
            "lines": 230,
            "max_complexity": 6,
            "findings": 0,
            "churn": 3,
            "hotspot": 18.0,
        },
        {
            "path": "shop/util.py",
            "lines": 90,
            "max_complexity": 3,
            "findings": 0,
            "churn": 1,
            "hotspot": 3.0,
        },
    ],
    "hotspots": ["shop/orders/core.py", "shop/billing.py", "shop/util.py"],
    "imports": {
        "modules": [
            {"name": "shop.orders.core", "path": "shop/orders/core.py", "fan_out": 2},
            {"name": "shop.billing", "path": "shop/billing.py", "fan_out": 1},
            {"name": "shop.util", "path": "shop/util.py", "fan_out": 0},
        ],
        "edges": [
            ["shop.orders.core", "shop.billing"],
            ["shop.billing", "shop.orders.core"],
            ["shop.orders.core", "shop.util"],
        ],
        "cycles": [["shop.billing", "shop.orders.core"]],
    },
    "trend": [
        {
            "commit": "aaaaaaa1111",
            "date": "2026-11-20T10:00:00Z",
            "subject": "Start",
            "findings": {"CH001": 4, "CH010": 5},
            "sizes": {"files": 3, "lines": 1200, "files_over_limit": 2, "max_complexity": 15},
        },
        {
            "commit": "bbbbbbb2222",
            "date": "2026-11-21T10:00:00Z",
            "subject": "Split big.py",
            "findings": {"CH001": 3, "CH010": 2},
            "sizes": {"files": 5, "lines": 1180, "files_over_limit": 1, "max_complexity": 17},
        },
    ],
    "tools": [
        {
            "name": "ruff",
            "now": {"total": 12, "by_prefix": {"E": 3, "F": 9}},
            "since": {"total": 20, "by_prefix": {"E": 5, "F": 15}},
        },
        {"name": "mypy", "now": {"total": 4}, "since": None},
    ],
    "notes": ["pyright is not installed: left out"],
}


def small(**changes: Any) -> dict[str, Any]:
    """A copy of the small document, top-level keys replaced by `changes`."""
    doc = copy.deepcopy(SMALL)
    doc.update(changes)
    return doc


def large(files: int = 900, commits: int = 20, seed: int = 5) -> dict[str, Any]:
    """A Django-sized document: `files` modules in packages, edges, cycles, a long trend."""
    rng = random.Random(seed)
    paths = [f"proj/pkg{index % 40}/sub{index % 7}/mod{index}.py" for index in range(files)]
    doc = small(root="/projects/big", files=[_file(path, rng) for path in paths])
    doc["hotspots"] = [row["path"] for row in sorted(doc["files"], key=lambda r: -r["hotspot"])]
    doc["imports"] = _imports(paths, rng)
    doc["trend"] = [_commit(step, files) for step in range(commits)]
    return doc


def _file(path: str, rng: random.Random) -> dict[str, Any]:
    return {
        "path": path,
        "lines": rng.randint(5, 2500),
        "max_complexity": rng.randint(1, 40),
        "findings": rng.randint(0, 9),
        "churn": rng.randint(0, 60),
        "hotspot": float(rng.randint(0, 2000)),
    }


def _imports(paths: list[str], rng: random.Random) -> dict[str, Any]:
    names = [path.removesuffix(".py").replace("/", ".") for path in paths]
    pairs = {(rng.choice(names), rng.choice(names)) for _ in range(len(names) * 6)}
    edges = [[a, b] for a, b in sorted(pairs) if a != b]
    fan_out = Counter(a for a, _ in edges)
    return {
        "modules": [
            {"name": name, "path": path, "fan_out": fan_out[name]}
            for name, path in zip(names, paths, strict=True)
        ],
        "edges": edges,
        "cycles": [names[index : index + 3] for index in range(0, 60, 3)],
    }


def _commit(step: int, files: int) -> dict[str, Any]:
    return {
        "commit": f"{step:040x}",
        "date": f"2026-11-{1 + step % 28:02d}T10:00:00Z",
        "subject": f"Commit {step}",
        "findings": {"CH001": 50 - step, "CH010": 80 - 2 * step},
        "sizes": {
            "files": files,
            "lines": 400_000 + step,
            "files_over_limit": 50 - step,
            "max_complexity": 40,
        },
    }
