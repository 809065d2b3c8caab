"""CH003 timestamp-id `--fix`: before and after for each fixable shape, refusals, idempotence."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.config.settings import FileSettings
from pytest_codehealth.core.edits import Edit, TextIndex, apply_edits, compatible
from pytest_codehealth.engine.fixing import fixed_text
from tests.helpers import found, rule_named, run_rule, source


def _fix(text: str) -> str:
    rule = rule_named("timestamp-id")
    new_text, _ = fixed_text(source(text), FileSettings(((rule, rule.options_type()),)))
    return new_text


def _d(text: str) -> str:
    return textwrap.dedent(text)


FIXED = [
    pytest.param(
        'import time\n\nopt = Optimisation(id=f"login_trend_opt_{int(time.time())}")\n',
        'import time\nimport uuid\n\nopt = Optimisation(id=f"login_trend_opt_{uuid.uuid4()}")\n',
        id="issue-example",
    ),
    pytest.param(
        "import time\njob_id = str(time.time_ns())\n",
        "import time\nimport uuid\njob_id = str(uuid.uuid4())\n",
        id="str-of-clock",
    ),
    pytest.param(
        'from datetime import datetime\nrun_id = datetime.now().strftime("%Y%m%d%H%M%S")\n',
        "from datetime import datetime\nimport uuid\nrun_id = str(uuid.uuid4())\n",
        id="strftime",
    ),
    pytest.param(
        "from datetime import datetime as dt\nbatch_id = dt.utcnow().isoformat()\n",
        "from datetime import datetime as dt\nimport uuid\nbatch_id = str(uuid.uuid4())\n",
        id="isoformat",
    ),
    pytest.param(
        'import time\ndef generate_id():\n    return "id-" + str(int(time.time() * 1000))\n',
        'import time\nimport uuid\ndef generate_id():\n    return "id-" + str(uuid.uuid4())\n',
        id="concatenation-return",
    ),
    pytest.param(
        'import time\nrun_id = f"run-{time.time():.0f}"\n',
        'import time\nimport uuid\nrun_id = f"run-{uuid.uuid4()}"\n',
        id="format-spec-dropped",
    ),
    pytest.param(
        'import time\nrun_id = f"run-{ time.time() !s}"\n',
        'import time\nimport uuid\nrun_id = f"run-{ uuid.uuid4()}"\n',
        id="conversion-s",
    ),
    pytest.param(
        'from django.utils import timezone\nx = {"export_id": f"e-{timezone.now():%H%M%S}"}\n',
        'from django.utils import timezone\nimport uuid\nx = {"export_id": f"e-{uuid.uuid4()}"}\n',
        id="dict-key-format-spec",
    ),
    pytest.param(
        "import time\nfrom dataclasses import dataclass, field\n@dataclass\nclass Event:\n"
        "    id: str = field(default_factory=lambda: str(time.time()))\n",
        "import time\nimport uuid\nfrom dataclasses import dataclass, field\n@dataclass\n"
        "class Event:\n    id: str = field(default_factory=lambda: str(uuid.uuid4()))\n",
        id="dataclass-default-factory",
    ),
    pytest.param(
        "import time\nasync def create(s):\n    s.add(Task(task_id=f'task-{int(time.time())}'))\n",
        "import time\nimport uuid\nasync def create(s):\n"
        "    s.add(Task(task_id=f'task-{uuid.uuid4()}'))\n",
        id="async-single-quotes",
    ),
    pytest.param(
        'import time\nimport uuid\na_id = f"{int(time.time())}"\n',
        'import time\nimport uuid\na_id = f"{uuid.uuid4()}"\n',
        id="uuid-already-imported",
    ),
    pytest.param(
        'import time\nfrom uuid import uuid4\na_id = f"{int(time.time())}"\n',
        'import time\nfrom uuid import uuid4\na_id = f"{uuid4()}"\n',
        id="uuid4-imported",
    ),
    pytest.param(
        'import time\nimport uuid as u\na_id = f"{int(time.time())}"\n',
        'import time\nimport uuid as u\na_id = f"{u.uuid4()}"\n',
        id="uuid-aliased",
    ),
    pytest.param(
        '"""Jobs."""\nfrom __future__ import annotations\n\nimport json\nimport time\n'
        "from typing import Any\n\nimport redis\n\nJOB_ID = str(time.time())\n",
        '"""Jobs."""\nfrom __future__ import annotations\n\nimport json\nimport time\nimport uuid\n'
        "from typing import Any\n\nimport redis\n\nJOB_ID = str(uuid.uuid4())\n",
        id="import-placed-with-the-standard-library",
    ),
    pytest.param(
        '#!/usr/bin/env python\n"""Doc."""\nimport requests\nx = {"id": str(requests.t)}\n'
        'from time import time\nrequest_id = f"r{time()}"\n',
        '#!/usr/bin/env python\n"""Doc."""\nimport requests\nimport uuid\n'
        'x = {"id": str(requests.t)}\nfrom time import time\nrequest_id = f"r{uuid.uuid4()}"\n',
        id="import-after-the-opening-imports",
    ),
    pytest.param(
        '# a comment\nimport time\nrun_id = f"{time.time()}"  # keep\n',
        '# a comment\nimport time\nimport uuid\nrun_id = f"{uuid.uuid4()}"  # keep\n',
        id="comments-kept",
    ),
    pytest.param(
        "import time\r\njob_id = str(time.time())\r\nx  =  1\r\n",
        "import time\r\nimport uuid\r\njob_id = str(uuid.uuid4())\r\nx  =  1\r\n",
        id="crlf",
    ),
    pytest.param(
        'import time\nname = "héllo"; job_id = f"é-{time.time()}"\n',
        'import time\nimport uuid\nname = "héllo"; job_id = f"é-{uuid.uuid4()}"\n',
        id="non-ascii-before",
    ),
    pytest.param(
        'import time\nx = Job(id=f"{time.time()}", run_id=str(time.time()))\n',
        'import time\nimport uuid\nx = Job(id=f"{uuid.uuid4()}", run_id=str(uuid.uuid4()))\n',
        id="two-on-one-line",
    ),
    pytest.param(
        "import time\njob_id = str(time.time())",
        "import time\nimport uuid\njob_id = str(uuid.uuid4())",
        id="no-final-newline",
    ),
]


@pytest.mark.parametrize(("before", "after"), FIXED)
def test_fix(before: str, after: str) -> None:
    assert found("timestamp-id", before)
    assert _fix(before) == after
    assert found("timestamp-id", after) == []
    assert _fix(after) == after  # idempotent


NOT_FIXED = [
    pytest.param('import time\ndef f():\n    ts = time.time()\n    a_id = f"{ts}"\n', id="via"),
    pytest.param('import time\na_id = f"{time.time()!r}"\n', id="repr-conversion"),
    pytest.param('import time\na_id = f"{time.time()=}"\n', id="debug-specifier"),
    pytest.param('import time\na_id = f"{time.time():{width}}"\n', id="nested-spec"),
    pytest.param("import time\na_id = hex(int(time.time()))\n", id="hex"),
    pytest.param('import time\na_id = "%d" % time.time()\n', id="percent"),
    pytest.param('import time\na_id = f"{int(time.time()) + offset}"\n', id="other-operand"),
    pytest.param('import time\na_id = f"{time.time(get_tz())}"\n', id="call-argument"),
    pytest.param('import time\nuuid = 1\na_id = f"{time.time()}"\n', id="uuid-is-a-variable"),
    pytest.param(
        'import time\ndef f(uuid):\n    return Job(id=f"{time.time()}")\n', id="uuid-parameter"
    ),
    pytest.param('import time\nfrom x import uuid\na_id = f"{time.time()}"\n', id="uuid-from-x"),
    pytest.param("import time\na_id = str(time.time())  # noqa: CH003\n", id="suppressed"),
]


@pytest.mark.parametrize("before", NOT_FIXED)
def test_not_fixed(before: str) -> None:
    assert found("timestamp-id", before)
    assert _fix(before) == before


def test_numeric_id_is_not_fixed_even_when_flagged() -> None:
    rule = rule_named("timestamp-id")
    options = rule.options_type(numeric_ids=True)
    text = "import time\nmsg_id = int(time.time() * 1000)\n"
    assert fixed_text(source(text), FileSettings(((rule, options),))) == (text, 0)


def test_message_without_fix_says_what_the_fix_would_be() -> None:
    assert found("timestamp-id", 'import time\na_id = f"{time.time()!r}"\n') == ["2:8 CH003"]
    (finding,) = run_rule("timestamp-id", 'import time\na_id = f"x{time.time():.0f}"\n')
    assert finding.message.endswith('; `--fix` makes it `f"x{uuid.uuid4()}"`')


BEFORE = 'import time\n\n\ndef make():\n    return Job(id=f"job-{int(time.time())}")\n'
CHECK = ["check", "--no-cache", "--select", "CH003", "jobs.py"]


def test_cli_diff_prints_the_fix_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "jobs.py").write_text(BEFORE)
    monkeypatch.chdir(tmp_path)
    assert main([*CHECK, "--diff"]) == 1
    diff = capsys.readouterr().out
    assert diff.startswith("--- a/jobs.py\n+++ b/jobs.py\n")
    assert "+import uuid\n" in diff
    assert '-    return Job(id=f"job-{int(time.time())}")\n' in diff
    assert '+    return Job(id=f"job-{uuid.uuid4()}")\n' in diff
    assert (tmp_path / "jobs.py").read_text() == BEFORE


def test_cli_fix_writes_then_nothing_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "jobs.py").write_text(BEFORE)
    monkeypatch.chdir(tmp_path)
    assert main([*CHECK, "--fix"]) == 0
    assert "fixed 1 finding in 1 file" in capsys.readouterr().err
    after = (tmp_path / "jobs.py").read_text()
    assert after == BEFORE.replace("import time\n", "import time\nimport uuid\n").replace(
        "int(time.time())", "uuid.uuid4()"
    )
    assert main([*CHECK, "--diff"]) == 0
    assert capsys.readouterr().out == ""
    assert main([*CHECK, "--fix"]) == 0
    assert (tmp_path / "jobs.py").read_text() == after


def test_fix_keeps_the_file_encoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "legacy.py"
    path.write_bytes(b"\xef\xbb\xbfimport time\nx_id = str(time.time())  # caf\xc3\xa9\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-cache", "--select", "CH003", "--fix", "legacy.py"]) == 0
    assert path.read_bytes() == (
        b"\xef\xbb\xbfimport time\nimport uuid\nx_id = str(uuid.uuid4())  # caf\xc3\xa9\n"
    )


def test_apply_edits_and_overlaps() -> None:
    edits = [Edit(0, 1, "A"), Edit(2, 2, "-"), Edit(2, 2, "-")]
    assert apply_edits("abc", edits) == "Ab-c"
    assert not compatible([Edit(0, 2, "x")], [Edit(1, 3, "y")])
    assert not compatible([Edit(1, 1, "x")], [Edit(1, 1, "y")])
    assert compatible([Edit(0, 1, "x")], [Edit(1, 2, "y"), Edit(0, 1, "x")])
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("abc", [Edit(0, 2, "x"), Edit(1, 3, "y")])


def test_text_index_counts_characters_not_bytes() -> None:
    index = TextIndex("é = 1\r\nb = 2")
    assert index.offset(1, len("é = ".encode())) == 4
    assert index.offset(2, 0) == 7
    assert index.newline == "\r\n"
    assert index.line_start(3) == len(index.text)


def test_a_module_too_deep_to_verify_is_left_alone() -> None:
    deep = " + ".join(['"a"'] * 900)
    text = f"import time\nlabel = {deep}\nrun_id = str(time.time())\n"
    assert found("timestamp-id", text) == ["3:10 CH003"]
    assert _fix(text) == text
