from __future__ import annotations

import sys
from typing import Any

import pytest

from touchpoints.api.tests.support import Api


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The fuzzer's figures (operations, requests by status class) after a run that included it."""
    fuzz = sys.modules.get("touchpoints.api.tests.test_fuzz")
    if fuzz is not None and fuzz.STATS:
        terminalreporter.write_line(fuzz.summary())


@pytest.fixture
def client(populated: Any) -> Api:
    """The API with the owner's token on the populated workspace."""
    return Api(populated)
