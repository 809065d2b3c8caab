"""CH003 timestamp-id: clock readings that end up as identifiers, from real idioms."""

from __future__ import annotations

import pytest

from tests.helpers import found

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

CLEAN = [
    pytest.param(
        """\
        import time
        start = time.time()
        work()
        elapsed = time.time() - start
        """,
        id="timing",
    ),
    pytest.param(
        """\
        import time
        t0 = time.perf_counter()
        duration_ms = (time.perf_counter() - t0) * 1000
        """,
        id="perf-counter-duration",
    ),
    pytest.param(
        """\
        import time, uuid
        from datetime import datetime
        event = {
            "id": str(uuid.uuid4()),
            "timestamp": time.time(),
            "created_at": datetime.now().isoformat(),
        }
        """,
        id="timestamp-fields",
    ),
    pytest.param(
        """\
        from datetime import datetime, timedelta
        order = Order(
            created_at=datetime.utcnow(), expires_at=datetime.utcnow() + timedelta(hours=1)
        )
        """,
        id="created-and-expires-kwargs",
    ),
    pytest.param(
        """\
        import logging, time
        logger = logging.getLogger(__name__)
        logger.info(f"job {job_id} started at {time.time()}")
        """,
        id="log-message",
    ),
    pytest.param(
        """\
        import time
        cache.set(key, value, timeout=int(time.time()) + ttl)
        expires = time.time() + ttl
        """,
        id="cache-ttl",
    ),
    pytest.param(
        """\
        from datetime import datetime
        filename = f"backup_{datetime.now():%Y%m%d_%H%M%S}.tar.gz"
        """,
        id="file-name",
    ),
    pytest.param(
        """\
        import time, uuid
        job_id = f"{int(time.time())}-{uuid.uuid4().hex[:8]}"
        """,
        id="with-uuid",
    ),
    pytest.param(
        """\
        import secrets, time
        request_id = f"{time.time_ns()}{secrets.token_hex(4)}"
        """,
        id="with-secrets",
    ),
    pytest.param(
        """\
        import random, time
        trace_id = f"{time.time()}{random.randint(0, 9999)}"
        """,
        id="with-random",
    ),
    pytest.param(
        """\
        import time
        class Ids:
            def next(self):
                msg_id = f"{int(time.time())}-{next(self._counter)}"
                return msg_id
        """,
        id="with-counter",
    ),
    pytest.param(
        """\
        import time
        request_id = f"{int(time.time())}-{nonce}"
        """,
        id="with-nonce-variable",
    ),
    pytest.param(
        """\
        import time
        snowflake_id = ((int(time.time() * 1000) - EPOCH) << 22) | (worker_id << 12) | seq
        """,
        id="snowflake",
    ),
    pytest.param(
        """\
        from datetime import date
        partition_id = date.today().isoformat()
        """,
        id="day-bucket-date-today",
    ),
    pytest.param(
        """\
        from datetime import datetime
        report_id = datetime.now().strftime("%Y-%m-%d")
        """,
        id="day-bucket-strftime",
    ),
    pytest.param(
        """\
        import time
        request_id = f"{request_id}_retry_{time.time()}"
        """,
        id="self-extension",
    ),
    pytest.param(
        """\
        import time
        def stamp():
            return str(int(time.time()))
        def make():
            job_id = f"job-{stamp()}"
        """,
        id="across-functions",
    ),
    pytest.param(
        """\
        job_id = f"job-{name}"
        user_id = request.user.id
        """,
        id="not-a-clock",
    ),
    pytest.param(
        """\
        from myapp import time
        job_id = f"{time.time()}"
        """,
        id="own-module-named-time",
    ),
    pytest.param(
        """\
        import time, uuid
        ts = time.time()
        ts = uuid.uuid4().hex
        job_id = f"job-{ts}"
        """,
        id="reassigned-to-uuid",
    ),
    pytest.param(
        """\
        import time
        ts = time.time()
        for ts in pending:
            job_id = f"job-{ts}"
        """,
        id="loop-variable-shadows",
    ),
    pytest.param(
        """\
        from django.utils import timezone
        Event.objects.filter(user_id=user.id, created__gte=timezone.now() - delta)
        """,
        id="query-filter",
    ),
    pytest.param(
        """\
        import hashlib, random, time
        session_id = hashlib.sha1(f"{time.time()}{random.random()}".encode()).hexdigest()
        """,
        id="hash-with-random",
    ),
    pytest.param(
        """\
        import time
        def now_ms():
            return str(int(time.time() * 1000))
        """,
        id="timestamp-function",
    ),
    pytest.param(
        """\
        import time, uuid
        job_id, started = str(uuid.uuid4()), time.time()
        """,
        id="tuple-unpack",
    ),
    pytest.param(
        """\
        import asyncio
        loop = asyncio.get_running_loop()
        job_id = f"job-{loop.time()}"
        """,
        id="loop-time",
    ),
    pytest.param(
        """\
        import time
        job_id += f"-{time.time()}"
        """,
        id="augmented-id",
    ),
    pytest.param(
        """\
        from datetime import datetime
        year_id = str(datetime.now().year)
        """,
        id="datetime-year",
    ),
    pytest.param(
        """\
        from datetime import timedelta
        window_id = f"{timedelta(hours=1)}"
        """,
        id="timedelta-only",
    ),
]


@pytest.mark.parametrize(("src", "expected"), FLAGGED)
def test_flags(src: str, expected: list[str]) -> None:
    assert found("timestamp-id", src) == expected


@pytest.mark.parametrize("src", CLEAN)
def test_clean(src: str) -> None:
    assert found("timestamp-id", src) == []


def test_tables_are_big_enough() -> None:
    assert len(FLAGGED) >= 20
    assert len(CLEAN) >= 20
