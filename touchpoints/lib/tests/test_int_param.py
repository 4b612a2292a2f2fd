"""Ids read from a request: ``str.isdigit`` accepts "²" and "①", which ``int`` refuses, so a
typed URL such as ``?brand=²`` ended in a 500 on several pages. ``lib.http.int_param`` is the one
reader, and the pages that took such a parameter answer as if it were absent."""

from __future__ import annotations

from typing import Any

import pytest

from touchpoints.lib.http import int_param


def test_int_param_reads_ascii_digits_only() -> None:
    assert [int_param(v) for v in ("12", " 7 ", 3, "0")] == [12, 7, 3, 0]
    assert [int_param(v) for v in ("²", "①", "٣", "-1", "1.5", "", None, "u3", "9" * 3)] == [
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        999,
    ]


@pytest.mark.parametrize(
    "path",
    [
        "audits/new/?brand=²",
        "audits/new/?journey=²",
        "audits/new/?touchpoints=1,²",
        "audits/touchpoints/criteria/?touchpoint=²",
        "feedback/new/?journey=²",
        "journeys/?brand=²&segment=①",
        "journeys/compare/?a=²&b=1",
        "journeys/from-template/?template=²",
        "impact/?touchpoint=²",
        "actions/list/?touchpoint=²&owner=u²",
        "touchpoints/tree/?parent=²",
    ],
)
def test_a_digit_that_is_no_number_is_no_500(world: Any, path: str) -> None:
    response = world.client("editor").get(f"/w/{world.slug}/{path}")
    assert response.status_code < 500, response.status_code
