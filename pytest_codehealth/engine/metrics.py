"""What `codehealth report` measures of a file in the same pass: its lines, its scores.

Recorded as a fact (`METRICS`) when the settings ask for it (`Settings.measure`), so it is
cached with the file's findings and never needs a second parse.
"""

from __future__ import annotations

from typing import Any

from pytest_codehealth.config.rule_options import Complexity
from pytest_codehealth.config.settings import FileSettings
from pytest_codehealth.core.source import SourceFile

METRICS = "metrics"


def measured(src: SourceFile, settings: FileSettings) -> dict[str, Any]:
    """`{"lines": n, "complexity": [each function's score]}`."""
    from pytest_codehealth.rules.complexity.complexity import (  # noqa: PLC0415  # reports only
        scores,
    )

    options = next((value for info, value in settings.rules if info.code == "CH010"), Complexity())
    return {"lines": len(src.lines), "complexity": scores(src, options)}
