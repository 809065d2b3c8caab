"""The engine's `measure` switch: sizes and scores as a fact, only for `codehealth report`."""

from __future__ import annotations

from pathlib import Path

from pytest_codehealth.config.load import load_settings
from pytest_codehealth.engine.metrics import METRICS
from pytest_codehealth.engine.run import analyse_bytes, run
from pytest_codehealth.scorecard.collect import measuring

SOURCE = b"def f(x):\n    if x:\n        return 1\n    return 0\n\n\ndef g():\n    return 2\n"


def test_a_measured_result_holds_lines_and_every_functions_score(tmp_path: Path) -> None:
    settings = load_settings(None, {}, tmp_path)
    plain = settings.for_parts(("a.py",))
    measured = measuring(settings).for_parts(("a.py",))
    assert METRICS not in analyse_bytes("a.py", SOURCE, plain).facts
    assert analyse_bytes("a.py", SOURCE, measured).facts[METRICS] == {
        "lines": 8,
        "complexity": [2, 1],
    }
    assert plain.replace(measure=True).fingerprint != plain.fingerprint


def test_only_a_measuring_run_keeps_each_files_result(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_bytes(SOURCE)
    settings = load_settings(None, {}, tmp_path)
    assert run(["a.py"], settings, tmp_path).results == {}
    results = run(["a.py"], measuring(settings), tmp_path).results
    assert list(results) == ["a.py"]
    assert results["a.py"].facts[METRICS]["lines"] == 8
