"""## What it does
Checks for identifiers built from a clock reading, such as `f"job_{int(time.time())}"` or
`datetime.now().strftime("%Y%m%d%H%M%S")` used as an id.

A clock reading is a call to `time.time()`, `time.time_ns()`, `time.monotonic()`,
`time.perf_counter()` (and their `_ns` forms), `time.strftime(fmt)`, `datetime.now()`,
`datetime.utcnow()`, `datetime.today()` or Django's `timezone.now()`, in any import form
(`import time as t`, `from time import time`, `from datetime import datetime as dt`,
`datetime.datetime.now()`). What is derived from it counts too: `.timestamp()`,
`.strftime()`, `.isoformat()`, `int()`, `str()`, `round()`, `hex()`, arithmetic such as
`* 1000`, f-strings, `%` and `.format()` formatting, `+`, `"-".join(...)` and `hashlib`.

It is an id when it is assigned to a name or attribute that names one (`request_id = ...`,
`self.job_id = ...`, `data["id"] = ...`), passed as such a keyword argument
(`Model(id=...)`), stored under such a dict key (`{"request_id": ...}`), used as such a
parameter's default or field default (`field(default_factory=lambda: ...)`), or returned
from a function whose name says it makes ids (`generate_id`, `new_id`, `make_job_id`,
`new_order_ref`). Local variables are followed within one function, in order
(`ts = int(time.time())` then `job_id = f"job-{ts}"`), not across functions. Each clock
reading is reported once, where it first becomes an id: `job_id = str(time.time_ns())`
followed by `{"job_id": job_id}` or `return job_id` is one finding.

## Why is this bad?
Two ids made in the same second (or millisecond, or microsecond) are equal: two requests
handled at once, two workers started together, a retry that lands in the same tick. The
collision is silent until two records overwrite each other. `uuid.uuid4()` is unique without
coordination.

Not flagged: timing (`start = time.time()`, `elapsed = time.perf_counter() - start`),
timestamps under their own names (`created_at`, `timestamp`, `ts`, `expires_at`, `ttl`),
log messages, TTL arithmetic, file names, and ids that also hold something unique: a
`uuid` or `secrets` value, `os.urandom()`, `random.SystemRandom()`, a counter
(`next(counter)`, `itertools.count`), a variable or call whose name says so (`nonce`,
`token`, `seq`, ...), or the id's own previous value
(`request_id = f"{request_id}-retry-{time.time()}"`). A few characters from the `random`
module (`random.choice`, `random.randint`) do not count: that suffix collides too. Nor are:
- values of day resolution (`date.today()`, `.date()`, `strftime("%Y-%m-%d")`,
  `f"{now:%Y%m%d}"`) stored under an id name: a per-day key or bucket is deliberate. A
  function that makes a new id on each call (`new_*`, `make_*`, `generate_*`, `create_*`,
  `next_*`, ...) and returns one built from the day (`new_order_ref()` returning
  `f"{shop}-{date.today():%Y%m%d}"`) is flagged all the same: every order of the day gets
  the same reference. A getter (`_get_session_id()`, one session per user and day) is not;
- snowflake-style ids built with bit operations (`ts << 22 | worker << 12 | seq`).

## Known problems
Numbers are flagged like text (`job_id = int(time.time() * 1000)` collides just the same),
but a few protocols ask for a time-based number on purpose (UPnP `BOOTID`, SDP session
ids): suppress those with `# noqa: CH003`, or set `numeric-ids = false`.
Flow is followed through local variables and `self.` attributes within one function only:
a timestamp made in one function and turned into an id in another is missed. A variable
assigned in both branches of an `if` keeps the value of the later branch.

## Example
```python
import time

opt = Optimisation(id=f"login_trend_opt_{int(time.time())}")
```

Use instead:
```python
import uuid

opt = Optimisation(id=f"login_trend_opt_{uuid.uuid4()}")
```

## Fix safety
`codehealth check --fix` rewrites an id whose value is directly an f-string, `str(...)`,
`.strftime(...)`/`.isoformat()`, a `+` of those, or such a `default_factory=lambda: ...`,
when each clock part is a bare clock reading or a conversion of one (`int(time.time())`,
`time.time() * 1000`): that part becomes `uuid.uuid4()` (`str(uuid.uuid4())` where the whole
value was text), and `import uuid` is added among the module's opening imports when
missing. The value stays a string. Every fix is checked: the edited file must parse to the
intended tree, else it is left alone. Numbers and ids reached through a variable are not
rewritten: their type or other uses would change. `--diff` prints the changes without
writing them; without `--fix`, the message shows the rewritten id.

## Options
- `id-names` (list of name patterns): names, attributes, keyword arguments and dict keys
  that hold an id. Default: `["id", "*_id", "uid", "*_uid", "guid", "*_guid", "uuid",
  "*_uuid", "identifier", "*_identifier", "ref", "*_ref"]`.
- `id-functions` (list of name patterns): functions whose return value is an id. Default:
  the same list, which covers `generate_id`, `new_id`, `make_job_id`, `next_id`, `_gen_id`.
- `numeric-ids` (bool, default `true`): also flag ids that are numbers; `false` flags only
  text ids (f-strings, `str()`, `strftime`, ...).

Patterns are glob-like: `*` matches any run of characters, `?` one character; letters,
digits and `_` match themselves. Names are compared in lower snake case, with leading
underscores and separators dropped, so `requestId`, `RequestID`, `_request_id` and the
header `X-Request-ID` all read as `request_id` (`x_request_id`).

```toml
[tool.codehealth.timestamp-id]
id-names = ["id", "*_id", "*_key", "idempotency_key"]
numeric-ids = false
```

## References
- Python docs: [`uuid.uuid4`](https://docs.python.org/3/library/uuid.html#uuid.uuid4).
- ruff's `DTZ` rules check time zones of clock readings, not their use as ids.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from pytest_codehealth.config.rule_options import TimestampId as Options
from pytest_codehealth.core.edits import Fix, TextIndex
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.ids._clock import Evaluator
from pytest_codehealth.rules.ids._clock_data import reads_clock_module
from pytest_codehealth.rules.ids._clock_fix import Planner, Rewrite
from pytest_codehealth.rules.ids._id_sinks import Hit, Sinks, hits

CODE, NAME = "CH003", "timestamp-id"
_PREVIEW = 70


def check(src: SourceFile, options: Options) -> Iterator[Finding]:
    for finding, _ in _findings(src, options):
        yield finding


def fix(src: SourceFile, options: Options) -> Iterator[Fix]:
    """Checked edits for the findings that have a safe rewrite."""
    for finding, plan in _findings(src, options):
        if plan is not None:
            planner, rewrites, index = plan
            edits = planner.edits(index, rewrites)
            if edits:
                yield Fix(finding, edits)


Plan = tuple[Planner, tuple[Rewrite, ...], TextIndex]


def _findings(src: SourceFile, options: Options) -> Iterator[tuple[Finding, Plan | None]]:
    imports = src.imports
    if not any(map(reads_clock_module, imports.values())):
        return  # no clock can be read without importing one
    planner: Planner | None = None
    index: TextIndex | None = None
    sinks = Sinks(options.id_names, options.id_functions, options.numeric_ids)
    for hit in _first_sinks(hits(src, sinks)):
        plan: Plan | None = None
        preview = None
        if hit.value.via is None and not hit.value.day:
            planner = planner or Planner(src.tree, Evaluator(imports))
            index = index or TextIndex(src.text)
            plan, preview = _plan(planner, index, hit)
        yield src.finding(hit.node, CODE, NAME, _message(hit, preview)), plan


def _first_sinks(found: Iterable[Hit]) -> list[Hit]:
    """Each clock reading once, where it first becomes an id (a local `job_id` that is then
    put under `"job_id"` or returned from `new_job_id()` is one problem, not three)."""
    first: dict[int, Hit] = {}
    for hit in sorted(found, key=lambda hit: (hit.node.lineno, hit.node.col_offset)):
        assert hit.value.clock is not None
        first.setdefault(id(hit.value.clock), hit)
    return list(first.values())


def _plan(planner: Planner, index: TextIndex, hit: Hit) -> tuple[Plan | None, str | None]:
    """The rewrites that fix this id and the id's new code, or (None, None)."""
    try:
        rewrites = planner.rewrites(hit.node)
        preview = planner.preview(index, hit.node, rewrites) if rewrites else None
    except RecursionError:  # too deeply nested to rewrite safely
        return None, None
    if rewrites is None or preview is None:
        return None, None
    return (planner, rewrites, index), preview


def _message(hit: Hit, preview: str | None) -> str:
    assert hit.value.clock is not None
    clock = _short(ast.unparse(hit.value.clock), 40)
    via = f" (through `{hit.value.via[0]}`, line {hit.value.via[1]})" if hit.value.via else ""
    if preview is None:
        advice = "use `uuid.uuid4()`"
    elif len(preview) <= _PREVIEW and "\n" not in preview and "\r" not in preview:
        advice = f"`--fix` makes it `{preview}`"
    else:
        advice = "`--fix` replaces the clock reading with `uuid.uuid4()`"
    return f"{hit.subject} is built from the clock reading `{clock}`{via}; {advice}"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
