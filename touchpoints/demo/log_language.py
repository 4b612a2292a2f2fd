"""The demo clinic's interaction log in the language the demo is being built in.

The log generator names channels as the English clinic's export would: most by the demo
touchpoint's code (``site-prices``), a few by name (``Phone line``, the ``Instagram ads`` the
inventory lacks), and segments by their English names. A Russian or Spanish clinic's own export
would carry its own names, and the analysis shows the log's names (runs, the directly-follows graph,
the attribution table), so the Russian and Spanish demos get a log that says each channel as the
workspace names the touchpoint, and the rest through the demo's translations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from touchpoints.demo.services import demo_language, demo_text

Row = tuple[str, str, str, int, str, str]  # customer, time, channel, converted, value, segment


def demo_log_in_language(rows: Sequence[Row], workspace: Any) -> list[Row]:
    """``rows`` with their channel and segment in the demo's language (unchanged in English)."""
    if demo_language() == "en":
        return list(rows)
    by_code = dict(workspace.touchpoints.exclude(code="").values_list("code", "name"))

    def channel(name: str) -> str:
        return by_code.get(name) or demo_text(name)

    return [
        (who, when, channel(ch), booked, value, demo_text(segment)) for who, when, ch, booked, value, segment in rows
    ]
