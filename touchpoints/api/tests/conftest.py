from __future__ import annotations

import sys
from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The fuzzer's figures (operations, requests by status class) after a run that included it."""
    fuzz = sys.modules.get("touchpoints.api.tests.test_fuzz")
    if fuzz is not None and fuzz.STATS:
        terminalreporter.write_line(fuzz.summary())
