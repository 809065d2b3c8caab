"""A rule whose verdict comes from a library's code (radon for CH012, pylint for CH030) keys
its cached results by that library's version too: upgrading it re-checks, as a new
codehealth version does."""

from __future__ import annotations

from importlib import metadata

import pytest

from pytest_codehealth.config import settings as settings_module
from pytest_codehealth.config.catalogue import CATALOGUE
from pytest_codehealth.config.settings import FileSettings


def _settings(*codes: str) -> FileSettings:
    rules = tuple((info, info.options_type()) for info in CATALOGUE if info.code in codes)
    return FileSettings(rules)


@pytest.mark.parametrize(("code", "library"), [("CH012", "radon"), ("CH030", "pylint")])
def test_a_library_upgrade_changes_the_fingerprint_of_its_rules_only(
    code: str, library: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _settings(code).fingerprint, _settings("CH001").fingerprint
    real = metadata.version
    monkeypatch.setattr(
        metadata, "version", lambda name: "999.0" if name == library else real(name)
    )
    settings_module.library_version.cache_clear()
    try:
        after = _settings(code).fingerprint, _settings("CH001").fingerprint
    finally:
        settings_module.library_version.cache_clear()
    assert after[0] != before[0]
    assert after[1] == before[1]
