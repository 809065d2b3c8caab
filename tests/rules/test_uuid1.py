"""CH004 uuid1: version-1 UUIDs (clock + MAC address) used for identifiers."""

from __future__ import annotations

import pytest

from tests.helpers import found, run_rule

FLAGGED = [
    pytest.param("import uuid\njob_id = str(uuid.uuid1())\n", ["2:14 CH004"], id="str"),
    pytest.param(
        "import uuid\ntoken = uuid.uuid1().hex.encode()\n", ["2:9 CH004"], id="redis-lock-token"
    ),
    pytest.param("from uuid import uuid1\nkey = uuid1().hex\n", ["2:7 CH004"], id="from-import"),
    pytest.param("import uuid as u\nrow_id = u.uuid1()\n", ["2:10 CH004"], id="import-as"),
    pytest.param(
        "from uuid import uuid1 as make_id\nevent_id = make_id()\n", ["2:12 CH004"], id="from-as"
    ),
    pytest.param(
        "import uuid\nx = uuid.uuid1(clock_seq=7)\n", ["2:5 CH004"], id="clock-seq-but-mac"
    ),
    pytest.param(
        'import uuid\npayload = {"temp_id": str(uuid.uuid1()), "uuid": str(uuid.uuid1())}\n',
        ["2:27 CH004", "2:54 CH004"],
        id="todoist-payload",
    ),
    pytest.param(
        "import uuid\nfrom sqlalchemy import Column\n"
        "from sqlalchemy.dialects.postgresql import UUID\n"
        "id = Column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid1)\n",
        ["4:59 CH004"],
        id="sqlalchemy-default",
    ),
    pytest.param(
        "import uuid\nfrom dataclasses import dataclass, field\n@dataclass\nclass Job:\n"
        "    id: uuid.UUID = field(default_factory=uuid.uuid1)\n",
        ["5:43 CH004"],
        id="dataclass-default-factory",
    ),
    pytest.param(
        "from uuid import uuid1\nfrom pydantic import BaseModel, Field\nclass Job(BaseModel):\n"
        "    id: str = Field(default_factory=lambda: str(uuid1()))\n",
        ["4:49 CH004"],
        id="pydantic-lambda",
    ),
    pytest.param(
        "import uuid\nasync def create(db):\n    await db.insert(Row(id=uuid.uuid1()))\n",
        ["3:28 CH004"],
        id="async",
    ),
    pytest.param(
        'import uuid\nname = f"upload-{uuid.uuid1()}.png"\n', ["2:18 CH004"], id="f-string"
    ),
    pytest.param(
        "def new_id():\n    import uuid\n    return uuid.uuid1().hex\n",
        ["3:12 CH004"],
        id="local-import",
    ),
]

CLEAN = [
    pytest.param("import uuid\njob_id = str(uuid.uuid4())\n", id="uuid4"),
    pytest.param("import uuid\njob_id = uuid.uuid7()\n", id="uuid7"),
    pytest.param("import uuid\nx = uuid.uuid1(node=random_node())\n", id="own-node-keyword"),
    pytest.param("from uuid import uuid1\nx = uuid1(0x1234567890AB)\n", id="own-node-positional"),
    pytest.param("import uuid\nx = uuid.uuid1(**options)\n", id="unknown-keywords"),
    pytest.param(
        "import uuid\nfrom cassandra.cqlengine import columns\n"
        "id = columns.TimeUUID(primary_key=True, default=uuid.uuid1)\n",
        id="cassandra-time-uuid",
    ),
    pytest.param("from faker import Faker\nx = Faker().uuid1()\n", id="other-uuid1-method"),
    pytest.param("from mylib import uuid1\nx = uuid1()\n", id="other-module"),
    pytest.param("import uuid\nx = uuid.UUID(int=0)\n", id="uuid-class"),
    pytest.param('doc = "never use uuid1() for ids"\n', id="in-a-string"),
    pytest.param("import uuid\nversions = {1: uuid.uuid1, 4: uuid.uuid4}\n", id="reference"),
    pytest.param("import uuid\nif value.version == 1:\n    pass\n", id="version-check"),
]


@pytest.mark.parametrize(("src", "expected"), FLAGGED)
def test_flags(src: str, expected: list[str]) -> None:
    assert found("uuid1", src) == expected


@pytest.mark.parametrize("src", CLEAN)
def test_clean(src: str) -> None:
    assert found("uuid1", src) == []


def test_message() -> None:
    (finding,) = run_rule("uuid1", "import uuid\njob_id = str(uuid.uuid1())\n")
    assert finding.message == (
        "`uuid.uuid1()` embeds the MAC address and the time; "
        "use `uuid.uuid4()`, or `uuid.uuid7()` on Python 3.14+ for time-ordered ids"
    )
    assert (finding.code, finding.name) == ("CH004", "uuid1")


def test_default_message() -> None:
    (finding,) = run_rule("uuid1", "import uuid\nc = Column(default=uuid.uuid1)\n")
    assert finding.message.startswith(
        "`default=uuid.uuid1` makes ids that embed the MAC address; use `uuid.uuid4()`"
    )


def test_uuid1_is_not_a_timestamp_id() -> None:
    """CH003 leaves uuid1 values to CH004: they are unique, only leaky."""
    src = 'import time, uuid\njob_id = f"{int(time.time())}-{uuid.uuid1()}"\n'
    assert found("timestamp-id", src) == []
    assert found("uuid1", src) == ["2:32 CH004"]
