"""CH003 timestamp-id: real idioms that must not be flagged."""

from __future__ import annotations

import pytest

from tests.helpers import found

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


@pytest.mark.parametrize("src", CLEAN)
def test_clean(src: str) -> None:
    assert found("timestamp-id", src) == []
