from __future__ import annotations

from typing import Any

import pytest

from touchpoints.audits.tests.helpers import Setup, make_setup


@pytest.fixture
def setup(world: Any) -> Setup:
    """The world's workspace with a tiny criteria library, three touchpoints, an audit in progress
    assigned to the auditor, and one assigned to nobody."""
    return make_setup(world)
