from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

# our dev tools' own pytest plugins, kept out of the projects that tests run pytest on (their
# settings warn in a project that has none: noise in every such run's output)
DEV_PLUGINS = ("asyncio", "pytest-lsp")


@pytest.fixture(autouse=True)
def _inner_runs_without_dev_plugins(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "pytester" in request.fixturenames:
        request.getfixturevalue("pytester")  # it clears PYTEST_ADDOPTS when it starts
        blocked = " ".join(f"-p no:{name}" for name in DEV_PLUGINS)
        monkeypatch.setenv("PYTEST_ADDOPTS", blocked)
