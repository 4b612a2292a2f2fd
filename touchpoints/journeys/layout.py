"""Where each step goes on the map: stages as columns, lanes as rows. Pure, shared by the page
and the SVG/PNG/PDF exports so they always agree."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from touchpoints.inventory.choices import Channel, Mode
from touchpoints.journeys.chain import STAGES, Chain, Step
from touchpoints.journeys.choices import Lane


@dataclass(frozen=True)
class LaneRow:
    key: str
    label: str
    cells: tuple[tuple[tuple[int, Step], ...], ...]  # per stage: (1-based number, step) in chain order


def lane_key(step: Step, lane: str) -> str:
    if lane == Lane.MODE:
        return step.mode
    if lane == Lane.OWNER:
        return step.owner.strip()
    return step.channel


def lane_label(key: str, lane: str) -> str:
    if not key:
        return _("Not set")
    if lane == Lane.CHANNEL and key in Channel.values:
        return str(Channel(key).label)
    if lane == Lane.MODE and key in Mode.values:
        return str(Mode(key).label)
    return key


def map_lanes(chain: Chain, lane: str = Lane.CHANNEL) -> list[LaneRow]:
    """One row per lane value, in order of first appearance along the chain (so the map reads
    top-down roughly as the customer walks it). Owners are grouped case-insensitively."""
    if lane not in Lane.values:
        lane = Lane.CHANNEL
    order: list[str] = []
    labels: dict[str, str] = {}
    cells: dict[str, dict[str, list[tuple[int, Step]]]] = {}
    for number, step in enumerate(chain.steps, 1):
        raw = lane_key(step, lane)
        key = raw.lower() if lane == Lane.OWNER else raw
        if key not in cells:
            order.append(key)
            labels[key] = lane_label(raw, lane)
            cells[key] = {s: [] for s in STAGES}
        cells[key].setdefault(step.stage, []).append((number, step))
    if not order:  # an empty chain still offers one row to drop touchpoints into
        return [LaneRow(key="", label="", cells=tuple(() for _s in STAGES))]
    return [LaneRow(key=k, label=labels[k], cells=tuple(tuple(cells[k][s]) for s in STAGES)) for k in order]
