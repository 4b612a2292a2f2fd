"""Channels of a result matched to the workspace's touchpoints. The matching is kept in the
result (``matching`` and each channel's ``touchpoint_id``), which is also where the attribution
is kept: readers link attribution to touchpoints through it (``selectors.attribution_rows``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchpoints.analytics.engine.matching import match_channels
from touchpoints.inventory.selectors import touchpoint_lookup


def workspace_refs(workspace_id: int) -> list[tuple[int, str, str]]:
    """The workspace's touchpoints as the engine's matching takes them: (id, name, code)."""
    return touchpoint_lookup(workspace_id=workspace_id).refs()


def ensure_matching(data: dict[str, Any], workspace_id: int) -> dict[str, int]:
    """Channel → touchpoint id in this workspace. The engine's matching is kept when it names only
    this workspace's touchpoints; otherwise (or when absent) the channels are matched here."""
    refs = workspace_refs(workspace_id)
    ids = {ref[0] for ref in refs}
    matching = data.get("matching")
    valid = isinstance(matching, dict) and all(
        isinstance(m, dict) and m.get("touchpoint_id") in ids for m in matching.get("matched", [])
    )
    if not valid:
        channels = [c["channel"] for c in data.get("channels", [])]
        match = match_channels(channels, refs)
        matching = {
            "matched": [
                {"channel": c, "touchpoint_id": t, "by": match.matched_by[c]} for c, t in match.matched.items()
            ],
            "candidates": list(match.candidates),
        }
        data["matching"] = matching
    assert isinstance(matching, dict)
    mapping = {m["channel"]: int(m["touchpoint_id"]) for m in matching["matched"]}
    apply_matching(data, mapping)
    return mapping


def apply_matching(data: dict[str, Any], mapping: Mapping[str, int]) -> None:
    """Write each channel's touchpoint id into the result (the whole log and every segment)."""
    for part in [data, *[s.get("result", {}) for s in data.get("segments") or []]]:
        for stats in part.get("channels", []):
            stats["touchpoint_id"] = mapping.get(stats["channel"])
