"""CH003 timestamp-id: import forms, messages, name matching, options and config errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.config.options import OptionError
from pytest_codehealth.config.rule_options import ID_NAMES
from pytest_codehealth.config.settings import FileSettings
from pytest_codehealth.engine.run import check_source
from pytest_codehealth.rules.ids._id_sinks import matches
from tests.helpers import found, rule_named, run_rule, source

IMPORT_FORMS = [
    pytest.param("import time", "time.time()", id="import-time"),
    pytest.param("import time as t", "t.time()", id="import-time-as"),
    pytest.param("from time import time", "time()", id="from-time-import-time"),
    pytest.param("from time import time_ns as now", "now()", id="from-import-as"),
    pytest.param("from time import monotonic_ns", "monotonic_ns()", id="monotonic-ns"),
    pytest.param("from time import perf_counter", "perf_counter()", id="perf-counter"),
    pytest.param("import datetime", "datetime.datetime.now()", id="import-datetime"),
    pytest.param("import datetime as dtm", "dtm.datetime.utcnow()", id="import-datetime-as"),
    pytest.param("from datetime import datetime", "datetime.now()", id="from-datetime"),
    pytest.param("from datetime import datetime as dt", "dt.today()", id="from-datetime-as"),
    pytest.param("from django.utils import timezone", "timezone.now()", id="django-timezone"),
    pytest.param("from django.utils.timezone import now", "now()", id="django-now"),
    pytest.param("import pandas as pd", "pd.Timestamp.now()", id="pandas"),
    pytest.param("import arrow", "arrow.utcnow()", id="arrow"),
]


@pytest.mark.parametrize(("imports", "clock"), IMPORT_FORMS)
def test_every_import_form_is_resolved(imports: str, clock: str) -> None:
    assert found("timestamp-id", f'{imports}\njob_id = f"job-{{{clock}}}"\n') == ["2:10 CH003"]


@pytest.mark.parametrize(("imports", "clock"), IMPORT_FORMS)
def test_an_import_inside_a_function_counts(imports: str, clock: str) -> None:
    src = f'def make():\n    {imports}\n    return Job(id=f"{{{clock}}}")\n'
    assert found("timestamp-id", src) == ["3:19 CH003"]


@pytest.mark.parametrize(
    "imports",
    [
        pytest.param("", id="not-imported"),
        pytest.param("from myapp import time", id="own-module"),
        pytest.param("from freezegun import time", id="other-package"),
    ],
)
def test_a_time_that_is_not_the_clock_is_not_flagged(imports: str) -> None:
    assert found("timestamp-id", f'{imports}\njob_id = f"job-{{time.time()}}"\n') == []


def test_message_for_the_issue_example() -> None:
    (finding,) = run_rule(
        "timestamp-id",
        'import time\nopt = Optimisation(id=f"login_trend_opt_{int(time.time())}")\n',
    )
    assert finding.message == (
        "keyword `id` is built from the clock reading `time.time()`; "
        '`--fix` makes it `f"login_trend_opt_{uuid.uuid4()}"`'
    )
    assert (finding.line, finding.col, finding.code, finding.name) == (
        2,
        23,
        "CH003",
        "timestamp-id",
    )


@pytest.mark.parametrize(
    ("src", "message"),
    [
        pytest.param(
            'import time\ndef submit():\n    ts = int(time.time())\n    job_id = f"job-{ts}"\n',
            "`job_id` is built from the clock reading `time.time()` (through `ts`, line 3); "
            "use `uuid.uuid4()`",
            id="through-a-variable",
        ),
        pytest.param(
            "import time\ndef next_id():\n    return str(int(time.time() * 1000))\n",
            "the id returned by `next_id()` is built from the clock reading `time.time()`; "
            "`--fix` makes it `str(uuid.uuid4())`",
            id="return",
        ),
        pytest.param(
            'import time\nd = {"request_id": f"{time.time()!r}"}\n',
            'key `"request_id"` is built from the clock reading `time.time()`; use `uuid.uuid4()`',
            id="dict-key-not-fixable",
        ),
        pytest.param(
            "import time\ndef send(message_id=str(time.time())): ...\n",
            "the default of parameter `message_id` is built from the clock reading "
            "`time.time()`; `--fix` makes it `str(uuid.uuid4())`",
            id="parameter-default",
        ),
        pytest.param(
            "import time\nclass A:\n    def f(self):\n"
            "        self.trace_id = hex(int(time.time()))\n",
            "`self.trace_id` is built from the clock reading `time.time()`; use `uuid.uuid4()`",
            id="attribute-hex",
        ),
    ],
)
def test_messages(src: str, message: str) -> None:
    (finding,) = run_rule("timestamp-id", src)
    assert finding.message == message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("id", True),
        ("_id", True),
        ("job_id", True),
        ("jobId", True),
        ("JobID", True),
        ("REQUEST_ID", True),
        ("X-Request-ID", True),
        ("uid", True),
        ("guid", True),
        ("identifier", True),
        ("order_uuid", True),
        ("generate_id", True),
        ("_gen_id", True),
        ("make_job_id", True),
        ("valid", False),
        ("pid", False),
        ("ids", False),
        ("id_prefix", False),
        ("timestamp", False),
        ("created_at", False),
        ("run_id__lt", False),
    ],
)
def test_default_name_patterns(name: str, expected: bool) -> None:
    assert matches(ID_NAMES, name) is expected


def test_id_names_option_replaces_the_defaults() -> None:
    src = 'import time\nidempotency_key = f"{time.time()}"\njob_id = f"{time.time()}"\n'
    assert found("timestamp-id", src, {"id-names": ["*_key"]}) == ["2:19 CH003"]
    assert found("timestamp-id", src) == ["3:10 CH003"]


def test_id_names_are_matched_in_snake_case() -> None:
    src = 'import time\nidempotencyKey = f"{time.time()}"\n'
    assert found("timestamp-id", src, {"id-names": ["Idempotency_KEY"]}) == ["2:18 CH003"]


def test_empty_id_names_turn_the_name_sinks_off() -> None:
    src = 'import time\njob_id = f"{time.time()}"\ndef new_id():\n    return str(time.time())\n'
    assert found("timestamp-id", src, {"id-names": []}) == ["4:12 CH003"]


def test_id_functions_option() -> None:
    src = (
        "import time\n"
        "def mint_token():\n    return str(time.time())\n"
        "def new_id():\n    return str(time.time())\n"
    )
    assert found("timestamp-id", src, {"id-functions": ["mint_*"]}) == ["3:12 CH003"]
    assert found("timestamp-id", src) == ["5:12 CH003"]


@pytest.mark.parametrize(
    "src",
    [
        pytest.param("import time\nmsg_id = int(time.time() * 1000)\n", id="int-ms"),
        pytest.param("from time import time\nboot_id = int(time())\n", id="boot-id"),
        pytest.param("import time\nx = SdpInfo(id=time.monotonic_ns())\n", id="sdp-session"),
        pytest.param(
            "import time\nfrom dataclasses import field\n"
            "id: float = field(default_factory=time.time)\n",
            id="default-factory-reference",
        ),
        pytest.param("import time\ndef next_id():\n    return time.time_ns()\n", id="return"),
    ],
)
def test_numeric_ids_by_default_and_not_with_the_option_off(src: str) -> None:
    assert len(found("timestamp-id", src)) == 1
    assert found("timestamp-id", src, {"numeric-ids": False}) == []


@pytest.mark.parametrize(
    ("options", "key", "reason"),
    [
        pytest.param(
            {"id-names": "id"},
            "id-names",
            'expected a list of name patterns such as "*_id", got "id"',
            id="not-a-list",
        ),
        pytest.param(
            {"id-functions": ["make.*"]},
            "id-functions",
            'bad name pattern "make.*": use letters, digits, `_`, `*` and `?` only',
            id="bad-character",
        ),
        pytest.param(
            {"id-names": [""]},
            "id-names",
            'bad name pattern "": use letters, digits, `_`, `*` and `?` only',
            id="empty-pattern",
        ),
        pytest.param(
            {"numeric-ids": "yes"}, "numeric-ids", 'expected true or false, got "yes"', id="bool"
        ),
        pytest.param(
            {"id_names": ["id"]},
            "id_names",
            "unknown option (did you mean `id-names`?)",
            id="snake-case-key",
        ),
    ],
)
def test_option_errors(options: dict[str, Any], key: str, reason: str) -> None:
    with pytest.raises(OptionError) as info:
        run_rule("timestamp-id", "x = 1\n", options)
    assert (info.value.key, info.value.reason) == (key, reason)


def test_options_from_pyproject_and_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.codehealth]\nselect = ["CH003"]\n\n'
        '[tool.codehealth.timestamp-id]\nid-names = ["*_key"]\n'
    )
    (tmp_path / "a.py").write_text(
        'import time\ncache_key = f"{time.time()}"\njob_id = f"{time.time()}"\n'
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-cache", "a.py"]) == 1
    assert "a.py:2:13: CH003 `cache_key` is built" in capsys.readouterr().out
    assert main(["check", "--no-cache", "--option", 'timestamp-id.id-names=["*_id"]', "a.py"]) == 1
    out = capsys.readouterr().out
    assert "a.py:3:10: CH003 `job_id` is built" in out
    assert "cache_key" not in out


def test_bad_option_in_pyproject_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.codehealth.timestamp-id]\nid-names = ["re.*"]\n'
    )
    (tmp_path / "a.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-cache", "a.py"]) == 2
    assert 'tool.codehealth.timestamp-id.id-names: bad name pattern "re.*"' in (
        capsys.readouterr().err
    )


def test_suppression_comments() -> None:
    rule = rule_named("timestamp-id")
    settings = FileSettings(((rule, rule.options_type()),))
    text = (
        "import time\n"
        "a_id = str(time.time())  # noqa: CH003\n"
        "b_id = str(time.time())  # codehealth: ignore[timestamp-id]\n"
        "c_id = str(time.time())\n"
    )
    assert [(f.line, f.code) for f in check_source(source(text), settings)] == [(4, "CH003")]


DEEP = " + ".join(['"a"'] * 900)


def test_a_deeply_nested_expression_skips_only_its_own_statement() -> None:
    src = f"import time\njob_id = {DEEP} + str(time.time())\nrun_id = str(time.time())\n"
    assert found("timestamp-id", src) == ["3:10 CH003"]
