"""Baseline identity, comparison, ratchet and file errors."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from pytest_codehealth.config.load import FileSettings
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.engine import baseline
from pytest_codehealth.engine.run import check_source
from pytest_codehealth.rules.registry import RULES
from tests.helpers import source

SILENT = """\
class Cache:
    def drop(self, key):
        try:
            del self.data[key]
        except KeyError:
            pass
"""


def _findings(text: str, path: str = "m.py", max_lines: int = 400) -> list[Finding]:
    rules = []
    for rule in RULES:
        if rule.code in ("CH001", "CH002"):
            options = rule.options_type()
            if rule.code == "CH001":
                options = rule.options_type(max=max_lines)
            rules.append((rule, options))
    return check_source(source(textwrap.dedent(text), path), FileSettings(tuple(rules)))


def _known(findings: list[Finding], tmp_path: Path) -> dict[baseline.Identity, float | None]:
    file = tmp_path / "baseline.json"
    file.write_text(baseline.render(findings))
    return baseline.load(file)


def test_identity_survives_a_line_shift(tmp_path: Path) -> None:
    known = _known(_findings(SILENT), tmp_path)
    shifted = _findings("import os\n\n\n" + SILENT)
    assert shifted[0].line == 8
    result = baseline.compare(shifted, known)
    assert (result.reported, len(result.known), result.fixed) == ([], 1, [])


def test_renaming_the_enclosing_method_makes_a_new_finding(tmp_path: Path) -> None:
    known = _known(_findings(SILENT), tmp_path)
    renamed = _findings(SILENT.replace("def drop", "def discard"))
    result = baseline.compare(renamed, known)
    assert [f.code for f in result.reported] == ["CH002"]
    assert [identity.symbol for identity in result.fixed] == ["Cache.drop"]


def test_identical_findings_are_counted_and_one_removal_leaves_one(tmp_path: Path) -> None:
    twice = "try:\n    f()\nexcept:\n    pass\ntry:\n    f()\nexcept:\n    pass\n"
    known = _known(_findings(twice), tmp_path)
    assert sorted(identity.occurrence for identity in known) == [0, 1]
    once = _findings("try:\n    f()\nexcept:\n    pass\n")
    result = baseline.compare(once, known)
    assert result.reported == []
    assert [identity.occurrence for identity in result.fixed] == [1]


def test_a_new_finding_is_never_absorbed(tmp_path: Path) -> None:
    known = _known(_findings(SILENT), tmp_path)
    more = _findings(SILENT + "\ntry:\n    g()\nexcept OSError:\n    ...\n")
    result = baseline.compare(more, known)
    assert [f.line for f in result.reported] == [10]


def test_a_measure_may_stay_or_shrink_but_not_grow(tmp_path: Path) -> None:
    known = _known(_findings("x = 1\n" * 1101, max_lines=400), tmp_path)
    assert list(known.values()) == [1101]
    assert baseline.compare(_findings("x = 1\n" * 1101), known).reported == []
    assert baseline.compare(_findings("x = 1\n" * 900), known).reported == []
    grown = baseline.compare(_findings("x = 1\n" * 1140), known).reported
    assert [f.message for f in grown] == [
        "module was 1,101 lines when baselined, now 1,140 (limit 400)"
    ]


def test_the_file_is_sorted_and_versioned() -> None:
    text = baseline.render(_findings(SILENT + "x = 1\n" * 500, path="b.py"))
    document = json.loads(text)
    assert document["version"] == baseline.VERSION
    assert [entry["code"] for entry in document["entries"]] == ["CH001", "CH002"]
    assert document["entries"][0]["value"] == 506
    assert text == baseline.render(reversed(_findings(SILENT + "x = 1\n" * 500, path="b.py")))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param("{not json", "invalid JSON", id="corrupt"),
        pytest.param('{"version": 1, "entries": []}', 'no "tool": "codehealth"', id="foreign"),
        pytest.param("[]", 'no "tool": "codehealth"', id="list"),
        pytest.param(
            '{"tool": "codehealth", "version": 9, "entries": []}',
            "unsupported baseline version 9",
            id="version",
        ),
        pytest.param(
            '{"tool": "codehealth", "version": 1}', '"entries" must be a list', id="no-entries"
        ),
        pytest.param(
            '{"tool": "codehealth", "version": 1, "entries": [{"path": "a.py"}]}',
            "entries[0]: bad or missing field",
            id="entry",
        ),
        pytest.param(
            '{"tool": "codehealth", "version": 1, "entries": [{"path": "a.py", "code": "CH001",'
            ' "symbol": "", "construct": "", "occurrence": 0, "value": "big"}]}',
            "entries[0]: value must be a number",
            id="value",
        ),
    ],
)
def test_an_unusable_file_is_a_clear_error(tmp_path: Path, content: str, reason: str) -> None:
    file = tmp_path / "baseline.json"
    file.write_text(content)
    with pytest.raises(baseline.BaselineError) as info:
        baseline.load(file)
    assert str(file) in str(info.value)
    assert reason in str(info.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(baseline.BaselineError, match="cannot read baseline"):
        baseline.load(tmp_path / "nope.json")
