"""CH003 timestamp-id: clock readings that end up as identifiers, from real idioms."""

from __future__ import annotations

import pytest

from tests.helpers import found
from tests.rules.test_timestamp_id_clean import CLEAN

FLAGGED = [
    pytest.param(
        """\
        import time
        opt = Optimisation(id=f"login_trend_opt_{int(time.time())}")
        """,
        ["2:23 CH003"],
        id="issue-example",
    ),
    pytest.param(
        """\
        import time
        job_id = str(time.time_ns())
        """,
        ["2:10 CH003"],
        id="str-time-ns",
    ),
    pytest.param(
        """\
        from datetime import datetime
        run_id = datetime.now().strftime("%Y%m%d%H%M%S")
        """,
        ["2:10 CH003"],
        id="strftime-run-id",
    ),
    pytest.param(
        """\
        import time as t
        request_id = f"req-{t.time()}"
        """,
        ["2:14 CH003"],
        id="import-time-as-t",
    ),
    pytest.param(
        """\
        from time import time
        trace_id = str(int(time() * 1000))
        """,
        ["2:12 CH003"],
        id="from-time-import-time",
    ),
    pytest.param(
        """\
        from datetime import datetime as dt
        batch_id = dt.utcnow().isoformat()
        """,
        ["2:12 CH003"],
        id="datetime-as-dt-isoformat",
    ),
    pytest.param(
        """\
        import datetime
        session_id = "s-" + datetime.datetime.now().strftime("%H%M%S%f")
        """,
        ["2:14 CH003"],
        id="datetime-module-concat",
    ),
    pytest.param(
        """\
        import time
        class Handler:
            def __init__(self):
                self.request_id = f"{time.time()}"
        """,
        ["4:27 CH003"],
        id="self-attribute",
    ),
    pytest.param(
        """\
        import time
        payload = {"request_id": str(time.time()), "ts": time.time()}
        """,
        ["2:26 CH003"],
        id="dict-key",
    ),
    pytest.param(
        """\
        import time
        headers["X-Request-ID"] = str(int(time.time()))
        """,
        ["2:27 CH003"],
        id="header-subscript",
    ),
    pytest.param(
        """\
        import time
        def submit():
            ts = int(time.time())
            job_id = f"job-{ts}"
            return job_id
        """,
        ["4:14 CH003"],
        id="flow-through-local",
    ),
    pytest.param(
        """\
        import time
        def generate_id():
            return f"{int(time.time() * 1000)}"
        """,
        ["3:12 CH003"],
        id="generate-id-return",
    ),
    pytest.param(
        """\
        import time
        def _gen_id():
            return hex(int(time.time()))
        """,
        ["3:12 CH003"],
        id="private-gen-id-hex",
    ),
    pytest.param(
        """\
        import time
        from dataclasses import dataclass, field
        @dataclass
        class Event:
            id: str = field(default_factory=lambda: str(time.time()))
        """,
        ["5:15 CH003"],
        id="dataclass-default-factory",
    ),
    pytest.param(
        """\
        import time
        from pydantic import BaseModel, Field
        class Order(BaseModel):
            order_id: str = Field(default_factory=lambda: f"ord_{time.time_ns()}")
        """,
        ["4:21 CH003"],
        id="pydantic-field",
    ),
    pytest.param(
        """\
        import time
        async def create(session):
            session.add(Task(task_id=f"task-{time.time()}"))
            await session.commit()
        """,
        ["3:30 CH003"],
        id="async-keyword",
    ),
    pytest.param(
        """\
        import time
        msg_id = "%s-%d" % (host, time.time())
        """,
        ["2:10 CH003"],
        id="percent-format",
    ),
    pytest.param(
        """\
        import time
        upload_id = "{}_{}".format(user, int(time.time()))
        """,
        ["2:13 CH003"],
        id="str-format",
    ),
    pytest.param(
        """\
        import time
        correlation_id = "-".join([prefix, str(int(time.time()))])
        """,
        ["2:18 CH003"],
        id="join",
    ),
    pytest.param(
        """\
        import hashlib
        import time
        session_id = hashlib.md5(str(time.time()).encode()).hexdigest()
        """,
        ["3:14 CH003"],
        id="hashlib-md5",
    ),
    pytest.param(
        """\
        import time
        build_id = time.strftime("%Y%m%d-%H%M%S")
        """,
        ["2:12 CH003"],
        id="time-strftime",
    ),
    pytest.param(
        """\
        import time
        messageId = f"{time.time()}"
        """,
        ["2:13 CH003"],
        id="camel-case-name",
    ),
    pytest.param(
        """\
        import time
        request_id = request.headers.get("X-Request-ID") or str(time.time())
        """,
        ["2:14 CH003"],
        id="header-fallback",
    ),
    pytest.param(
        """\
        import os
        from datetime import datetime
        run_id = os.environ.get("RUN_ID", datetime.now().strftime("%Y%m%d%H%M%S"))
        """,
        ["3:10 CH003"],
        id="env-default",
    ),
    pytest.param(
        """\
        import time
        def send(payload, message_id=str(time.time())):
            return payload
        """,
        ["2:30 CH003"],
        id="parameter-default",
    ),
    pytest.param(
        """\
        from django.utils import timezone
        export_id = f"export-{timezone.now():%Y%m%d%H%M%S}"
        """,
        ["2:13 CH003"],
        id="django-timezone",
    ),
    pytest.param(
        """\
        import time
        span_id = str(time.perf_counter_ns())
        """,
        ["2:11 CH003"],
        id="perf-counter-ns",
    ),
    pytest.param(
        """\
        import time
        class Settings:
            run_id = time.strftime("%Y%m%d%H%M%S")
        """,
        ["3:14 CH003"],
        id="class-attribute",
    ),
    pytest.param(
        """\
        from datetime import datetime
        sub = Subscription(identifier=datetime.now().isoformat())
        """,
        ["2:31 CH003"],
        id="identifier-keyword",
    ),
    pytest.param(
        """\
        import time
        job_id = given if given else f"job-{int(time.time())}"
        """,
        ["2:10 CH003"],
        id="conditional",
    ),
    pytest.param(
        """\
        import time
        def run(lock):
            with lock:
                try:
                    started = time.time()
                finally:
                    release()
            run_id = f"run-{started:.0f}"
        """,
        ["8:14 CH003"],
        id="flow-in-with-and-try",
    ),
    pytest.param(
        """\
        import time
        request = {"jsonrpc": "2.0", "id": str(int(time.time() * 1000)), "method": "ping"}
        """,
        ["2:36 CH003"],
        id="json-rpc-id",
    ),
    pytest.param(
        """\
        import time
        if (ts := time.time()) > 0:
            lock_id = f"lock-{ts}"
        """,
        ["3:15 CH003"],
        id="walrus",
    ),
]


@pytest.mark.parametrize(("src", "expected"), FLAGGED)
def test_flags(src: str, expected: list[str]) -> None:
    assert found("timestamp-id", src) == expected


def test_tables_are_big_enough() -> None:
    assert len(FLAGGED) >= 20
    assert len(CLEAN) >= 20
