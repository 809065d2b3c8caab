from __future__ import annotations

import pytest

from tests.plugin.project import make_project


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    return make_project(pytester)
