"""CH010 complexity: radon's per-block scores against `max-complexity`, ranks, options."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_codehealth.config.options import OptionError, convert_table
from pytest_codehealth.rules.complexity import complexity
from tests.helpers import found, run_rule


def scored(score: int, name: str = "route") -> str:
    """A function radon scores `score`: one `if` per extra point (a dispatch on `kind`)."""
    branches = "".join(f"    if kind == {i}:\n        return {i}\n" for i in range(score - 1))
    return f"def {name}(kind):\n{branches}    return None\n"


RANKS = [
    pytest.param("A", 5, "B", id="A"),
    pytest.param("B", 10, "C", id="B"),
    pytest.param("C", 20, "D", id="C"),
    pytest.param("D", 30, "E", id="D"),
    pytest.param("E", 40, "F", id="E"),
]


@pytest.mark.parametrize(("letter", "bound", "next_rank"), RANKS)
def test_rank_letter_allows_its_bound_and_flags_one_over(
    letter: str, bound: int, next_rank: str
) -> None:
    assert found("complexity", scored(bound), {"max-complexity": letter}) == []
    (finding,) = run_rule("complexity", scored(bound + 1), {"max-complexity": letter})
    assert finding.message == (
        f"function `route` has cyclomatic complexity {bound + 1}, rank {next_rank} (limit {bound})"
    )


@pytest.mark.parametrize("limit", [1, 7, 8, 10, 41])
def test_number_limit_at_and_one_over(limit: int) -> None:
    assert found("complexity", scored(limit), {"max-complexity": limit}) == []
    assert found("complexity", scored(limit + 1), {"max-complexity": limit}) == ["1:1 CH010"]


def test_default_limit_is_rank_b() -> None:
    assert found("complexity", scored(10)) == []
    (finding,) = run_rule("complexity", scored(11))
    assert finding.message.endswith("cyclomatic complexity 11, rank C (limit 10)")
    assert (finding.code, finding.name) == ("CH010", "complexity")


def test_stricter_than_8_is_max_complexity_7() -> None:
    assert found("complexity", scored(7), {"max-complexity": 7}) == []
    assert found("complexity", scored(8), {"max-complexity": 7}) == ["1:1 CH010"]


CACHED_GET = """\
class Repository:
    def get(self, key):
        if key in self.cache:
            return self.cache[key]
        elif key in self.db:
            return self.db[key]
        return None

    def put(self, key, value):
        self.cache[key] = value
"""

RETRY = """\
def retry(fn, attempts=3):
    def wrapper(*args):
        for _ in range(attempts):
            try:
                return fn(*args)
            except OSError:
                continue
        raise RuntimeError("gave up")
    return wrapper
"""

CLOSURE_IN_METHOD = """\
class Api:
    def route(self, path):
        def handler(request):
            if request.user and request.user.is_staff:
                return self.admin(request)
            return self.public(request)
        return handler
"""

FETCH = """\
async def fetch_all(client, urls):
    async with client:
        async for page in client.pages(urls):
            if page.ok and page.body or page.cached:
                yield page
"""

HANDLE = """\
def handle(command):
    match command:
        case {"action": "get", "key": key}:
            return key
        case ["put", key, value]:
            return key, value
        case _:
            return None
"""

HANDLE_NO_WILDCARD = HANDLE.replace("case _:", "case Stop():")

DECORATED = """\
@app.get("/items")
@cache(ttl=60)
def items(q=None):
    if q:
        return search(q)
    return []
"""

LAMBDA_IN_FUNCTION = """\
def sort_rows(rows):
    return sorted(rows, key=lambda row: row.name if row.name else row.id)
"""

# (source, max-complexity, expected "line:col CODE" findings, expected messages)
FLAGGED = [
    pytest.param(
        CACHED_GET,
        2,
        ["2:5 CH010"],
        ["method `Repository.get` has cyclomatic complexity 3, rank A (limit 2)"],
        id="method-not-its-class",
    ),
    pytest.param(
        RETRY,
        2,
        ["2:5 CH010"],
        ["function `retry.wrapper` has cyclomatic complexity 3, rank A (limit 2)"],
        id="nested-function-counts-for-itself",
    ),
    pytest.param(
        CLOSURE_IN_METHOD,
        2,
        ["3:9 CH010"],
        ["function `Api.route.handler` has cyclomatic complexity 3, rank A (limit 2)"],
        id="closure-in-method",
    ),
    pytest.param(
        FETCH,
        4,
        ["1:1 CH010"],
        ["function `fetch_all` has cyclomatic complexity 5, rank A (limit 4)"],
        id="async-for-and-boolean-operators",
    ),
    pytest.param(
        "def active(users):\n    return [u.email for u in users if u.active if not u.banned]\n",
        3,
        ["1:1 CH010"],
        ["function `active` has cyclomatic complexity 4, rank A (limit 3)"],
        id="comprehension-and-its-ifs",
    ),
    pytest.param(
        HANDLE,
        2,
        ["1:1 CH010"],
        ["function `handle` has cyclomatic complexity 3, rank A (limit 2)"],
        id="match-wildcard-not-counted",
    ),
    pytest.param(
        HANDLE_NO_WILDCARD,
        3,
        ["1:1 CH010"],
        ["function `handle` has cyclomatic complexity 4, rank A (limit 3)"],
        id="match-every-case-counted",
    ),
    pytest.param(
        DECORATED,
        1,
        ["3:1 CH010"],
        ["function `items` has cyclomatic complexity 2, rank A (limit 1)"],
        id="decorated-reported-on-def-line",
    ),
    pytest.param(
        LAMBDA_IN_FUNCTION,
        1,
        ["1:1 CH010"],
        ["function `sort_rows` has cyclomatic complexity 2, rank A (limit 1)"],
        id="lambda-counts-for-enclosing-function",
    ),
    pytest.param(
        "def check(x):\n    assert x > 0, 'positive'\n    assert x < 10\n    return x\n",
        2,
        ["1:1 CH010"],
        ["function `check` has cyclomatic complexity 3, rank A (limit 2)"],
        id="asserts-counted",
    ),
    pytest.param(
        "if DEBUG:\n    def trace(x):\n        return x if x else None\n",
        1,
        ["2:5 CH010"],
        ["function `trace` has cyclomatic complexity 2, rank A (limit 1)"],
        id="function-under-module-if",
    ),
]


@pytest.mark.parametrize(("src", "limit", "expected", "messages"), FLAGGED)
def test_flags(src: str, limit: int, expected: list[str], messages: list[str]) -> None:
    assert found("complexity", src, {"max-complexity": limit}) == expected
    findings = run_rule("complexity", src, {"max-complexity": limit})
    assert [finding.message for finding in findings] == messages


CLEAN = [
    pytest.param(CACHED_GET, 3, id="method-at-limit"),
    pytest.param(RETRY, 3, id="closure-at-limit"),
    pytest.param(FETCH, 5, id="async-at-limit"),
    pytest.param(HANDLE, 3, id="match-at-limit"),
    pytest.param(DECORATED, 2, id="decorators-not-counted"),
    pytest.param("sort_key = lambda row: row.name if row.name else row.id\n", 1, id="lambda"),
    pytest.param("x = [a for a in b if a]\ny = 1 if x else 2\n", 1, id="module-level-code"),
    pytest.param("class Empty:\n    pass\n", 1, id="class-without-methods"),
    pytest.param(
        "def outer():\n    class Local:\n        def m(self):\n"
        "            return 1 if self else 2\n",
        1,
        id="class-in-function-not-scored-by-radon",
    ),
]


@pytest.mark.parametrize(("src", "limit"), CLEAN)
def test_clean(src: str, limit: int) -> None:
    assert found("complexity", src, {"max-complexity": limit}) == []


def test_no_assert_option() -> None:
    src = "def check(x):\n    assert x > 0\n    assert x < 10\n    return x\n"
    assert found("complexity", src, {"max-complexity": 1}) == ["1:1 CH010"]
    assert found("complexity", src, {"max-complexity": 1, "no-assert": True}) == []


def test_closures_option_skips_nested_blocks_only() -> None:
    src = RETRY + CLOSURE_IN_METHOD
    assert found("complexity", src, {"max-complexity": 2}) == ["2:5 CH010", "12:9 CH010"]
    assert found("complexity", src, {"max-complexity": 2, "closures": False}) == []
    assert found("complexity", scored(3), {"max-complexity": 2, "closures": False}) == ["1:1 CH010"]


def test_classes_option_adds_the_class_blocks_radon_scores() -> None:
    options = {"max-complexity": 2, "classes": True}
    assert found("complexity", CACHED_GET, options) == ["1:1 CH010", "2:5 CH010"]
    assert [finding.message for finding in run_rule("complexity", CACHED_GET, options)] == [
        "class `Repository` has cyclomatic complexity 3, rank A (limit 2)",
        "method `Repository.get` has cyclomatic complexity 3, rank A (limit 2)",
    ]


def test_column_is_one_based_after_indentation() -> None:
    # radon scores a class by its own methods: `Outer` has none and scores 1
    src = "class Outer:\n    class Inner:\n        def m(self, x):\n            return x or 1\n"
    findings = run_rule("complexity", src, {"max-complexity": 1, "classes": True})
    assert [(f.line, f.col, f.message.split(" has")[0]) for f in findings] == [
        (2, 5, "class `Outer.Inner`"),
        (3, 9, "method `Outer.Inner.m`"),
    ]


def test_measure_records_score_and_limit() -> None:
    (finding,) = run_rule("complexity", scored(12), {"max-complexity": 10})
    assert finding.measure is not None
    assert (finding.measure.value, finding.measure.limit) == (12, 10)


ACCEPTED = [
    pytest.param(8, 8, id="int"),
    pytest.param("B", 10, id="rank-letter"),
    pytest.param("a", 5, id="lower-case-letter"),
    pytest.param(" E ", 40, id="letter-with-spaces"),
    pytest.param(1, 1, id="smallest"),
]


@pytest.mark.parametrize(("raw", "value"), ACCEPTED)
def test_max_complexity_accepts(raw: Any, value: int) -> None:
    values = convert_table(complexity.Options, {"max-complexity": raw})
    assert values == {"max_complexity": value}


REJECTED = [
    pytest.param("Z", 'expected a number or a rank letter A-E, got "Z"', id="unknown-letter"),
    pytest.param(-1, "expected a number >= 1 or a rank letter A-E, got -1", id="negative"),
    pytest.param(0, "expected a number >= 1 or a rank letter A-E, got 0", id="zero"),
    pytest.param("F", "rank F has no upper bound; give a number such as 50, or A-E", id="F"),
    pytest.param(7.5, "expected a whole number or a rank letter A-E, got 7.5", id="float"),
    pytest.param(True, "expected a whole number or a rank letter A-E, got true", id="bool"),
    pytest.param("", 'expected a number or a rank letter A-E, got ""', id="empty"),
    pytest.param("10", 'expected a number or a rank letter A-E, got "10"', id="digits-string"),
]


@pytest.mark.parametrize(("raw", "reason"), REJECTED)
def test_max_complexity_rejects(raw: Any, reason: str) -> None:
    with pytest.raises(OptionError) as info:
        convert_table(complexity.Options, {"max-complexity": raw})
    assert (info.value.key, info.value.reason) == ("max-complexity", reason)
