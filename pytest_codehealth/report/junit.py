"""JUnit XML, for the test-report views of GitLab, Jenkins and GitHub reporters.

One `testsuite` named `codehealth`; one `testcase` per checked file (name and `file` the
path, classname `codehealth`). A file with findings of error severity has a `failure` whose
text is the file's lines in the text format; a file that could not be checked (CH000) has an
`error` instead; a file with only warnings passes, its lines in `system-out`. Characters XML
cannot hold (control characters, the lone surrogates of a file name that is not UTF-8) are
written as backslash escapes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import LOAD_ERROR_CODE
from pytest_codehealth.core.words import plural
from pytest_codehealth.engine.run import Report
from pytest_codehealth.report.text import line

NAME = "codehealth"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(report: Report) -> str:
    by_path: dict[str, list[Finding]] = {path: [] for path in report.checked}
    for finding in report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    suite = ET.Element("testsuite")
    for path, findings in by_path.items():
        suite.append(_testcase(path, findings))
    counts = _counts(suite)
    root = ET.Element("testsuites", counts)
    suite.attrib.update(counts)
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _testcase(path: str, findings: list[Finding]) -> ET.Element:
    case = ET.Element("testcase", {"classname": NAME, "name": _clean(path), "file": _clean(path)})
    text = _clean("".join(line(finding) + "\n" for finding in findings))
    unreadable = [finding for finding in findings if finding.code == LOAD_ERROR_CODE]
    errors = [finding for finding in findings if finding.severity != "warning"]
    if unreadable:
        message = f"cannot check this file: {unreadable[0].message}"
        ET.SubElement(
            case, "error", {"message": _clean(message), "type": LOAD_ERROR_CODE}
        ).text = text
    elif errors:
        message = f"{plural(len(errors), 'finding')}: {', '.join(_codes(errors))}"
        ET.SubElement(case, "failure", {"message": message, "type": NAME}).text = text
    elif findings:
        ET.SubElement(case, "system-out").text = text
    return case


def _codes(findings: Iterable[Finding]) -> list[str]:
    return sorted({finding.code for finding in findings})


def _counts(suite: ET.Element) -> dict[str, str]:
    return {
        "name": NAME,
        "tests": str(len(suite)),
        "failures": str(len(suite.findall("testcase/failure"))),
        "errors": str(len(suite.findall("testcase/error"))),
        "skipped": "0",
    }


def _clean(text: str) -> str:
    """What XML 1.0 cannot hold, as `\\x1b` or `\\udce9`; the rest as it is."""
    return _NOT_XML.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)
