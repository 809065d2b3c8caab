"""CH003 reports a clock-made id once; weak randomness and per-day id factories (issue 15)."""

from __future__ import annotations

import textwrap

import pytest

from tests.helpers import found, run_rule
from tests.rules.test_timestamp_id_fix import _fix

ONCE = [
    pytest.param(
        """\
        import time
        job_id = str(time.time_ns())
        payload = {"job_id": job_id}
        """,
        ["2:10 CH003"],
        id="local-then-dict-key",
    ),
    pytest.param(
        """\
        import time
        def new_job_id():
            job_id = f"job-{time.time()}"
            return job_id
        """,
        ["3:14 CH003"],
        id="local-then-returned-by-id-factory",
    ),
    pytest.param(
        """\
        import time
        def start(queue):
            run_id = f"run-{int(time.time())}"
            queue.put(Job(run_id=run_id, parent_id=run_id))
            log.info("started", extra={"run_id": run_id})
        """,
        ["3:14 CH003"],
        id="one-reading-many-sinks",
    ),
    pytest.param(
        """\
        import time
        def pair():
            a_id = f"a-{time.time()}"
            b_id = f"b-{time.time()}"
            return a_id, b_id
        """,
        ["3:12 CH003", "4:12 CH003"],
        id="two-readings-two-findings",
    ),
]


@pytest.mark.parametrize(("src", "expected"), ONCE)
def test_one_finding_per_clock_reading(src: str, expected: list[str]) -> None:
    assert found("timestamp-id", textwrap.dedent(src)) == expected


WEAK_RANDOM = [
    pytest.param(
        """\
        import random, string, time
        order_id = f"{time.time_ns()}{''.join(random.choices(string.digits, k=4))}"
        """,
        id="random-choices-suffix",
    ),
    pytest.param(
        """\
        import random, time
        trace_id = f"{time.time()}{random.randint(0, 9999)}"
        """,
        id="randint-suffix",
    ),
    pytest.param(
        """\
        import time
        from random import choice
        ticket_id = str(int(time.time())) + choice("ABCDEF")
        """,
        id="from-random-import",
    ),
    pytest.param(
        """\
        import hashlib, random, time
        session_id = hashlib.sha1(f"{time.time()}{random.random()}".encode()).hexdigest()
        """,
        id="hash-with-random-random",
    ),
]


@pytest.mark.parametrize("src", WEAK_RANDOM)
def test_the_random_module_does_not_make_an_id_unique(src: str) -> None:
    assert len(found("timestamp-id", textwrap.dedent(src))) == 1


STRONG_RANDOM = [
    pytest.param(
        'import secrets, time\ntrace_id = f"{time.time()}{secrets.token_hex(4)}"\n', id="secrets"
    ),
    pytest.param(
        'import time, uuid\ntrace_id = f"{time.time()}-{uuid.uuid4().hex[:8]}"\n', id="uuid"
    ),
    pytest.param(
        'import os, time\ntrace_id = f"{time.time()}{os.urandom(4).hex()}"\n', id="urandom"
    ),
    pytest.param(
        "import random, time\n"
        'trace_id = f"{time.time()}{random.SystemRandom().randint(0, 10**9)}"\n',
        id="system-random",
    ),
]


@pytest.mark.parametrize("src", STRONG_RANDOM)
def test_secrets_grade_randomness_does(src: str) -> None:
    assert found("timestamp-id", src) == []


DAY_FACTORY = """\
from datetime import date

def new_order_ref(shop):
    return f"{shop}-{date.today():%Y%m%d}"
"""


def test_an_id_factory_returning_a_day_value_makes_ids() -> None:
    assert found("timestamp-id", DAY_FACTORY) == ["4:12 CH003"]
    (finding,) = run_rule("timestamp-id", DAY_FACTORY)
    assert finding.message.startswith(
        "the id returned by `new_order_ref()` is built from the clock reading `date.today()`"
    )
    assert finding.message.endswith("; use `uuid.uuid4()`")
    assert _fix(DAY_FACTORY) == DAY_FACTORY  # a per-day value is not rewritten


DAY_CLEAN = [
    pytest.param(
        "from datetime import date\npartition_id = date.today().isoformat()\n",
        id="day-bucket-name",
    ),
    pytest.param(
        'from datetime import date\ncache_key = f"stats:{date.today():%Y-%m-%d}"\n',
        id="cache-key",
    ),
    pytest.param(
        'import time\ndef report_name():\n    return time.strftime("%Y-%m-%d")\n',
        id="day-name-not-an-id-factory",
    ),
    pytest.param(
        "from datetime import datetime\n"
        "def bucket_id(event):\n    return event.created.date().isoformat()\n",
        id="day-of-a-stored-time",
    ),
    # litellm 1.109.1 ovalix.py: one session per actor and day, on purpose
    pytest.param(
        "import datetime\n"
        "def _get_session_id(self, actor_hash):\n"
        "    today = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d')\n"
        "    return f'{actor_hash}_{today}_{self._application_id}'\n",
        id="per-day-getter",
    ),
]


@pytest.mark.parametrize("src", DAY_CLEAN)
def test_per_day_values_elsewhere_stay_clean(src: str) -> None:
    assert found("timestamp-id", src) == []


def test_fix_counts_each_id_once() -> None:
    src = 'import time\njob_id = f"job-{int(time.time())}"\nrecord = {"job_id": job_id}\n'
    assert len(run_rule("timestamp-id", src)) == 1
    assert _fix(src) == src.replace("import time\n", "import time\nimport uuid\n").replace(
        "int(time.time())", "uuid.uuid4()"
    )
