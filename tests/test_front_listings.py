"""The memo and the folder listings kept between runs (`engine/listings.py`) together."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_codehealth.engine import listings
from tests import test_front
from tests.test_front import SILENT, Runs

later, project, runs = test_front.later, test_front.project, test_front.runs  # its fixtures


def test_a_folder_the_listings_vouch_for_is_still_an_input(
    project: Path, runs: Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that took a folder's names from the listings kept between runs (it only stat'ed
    the folder) records that folder as much as one that listed it."""
    real = listings.time.time_ns
    monkeypatch.setattr(listings.time, "time_ns", lambda: real() + 10_000_000_000)
    runs.plain(["check", "."])  # every folder settled: the listings keep them all
    recorded = runs.front(["check", "."])  # a miss that records, `plain/deep` never listed
    assert runs.normal == 1
    (project / "plain" / "deep" / "c.py").write_text(SILENT)
    after = runs.front(["check", "."])
    assert runs.normal == 2
    assert after == runs.plain(["check", "."]) != recorded
