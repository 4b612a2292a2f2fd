"""The order and visibility of the home's widgets: pure functions over names (no ORM)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    name: str
    visible: bool


def resolve(saved: Iterable[dict] | None, registered: Sequence[str]) -> list[Slot]:
    """The saved layout restricted to registered widgets, then the ones it does not list (new
    widgets) at the end, visible."""
    seen: set[str] = set()
    slots: list[Slot] = []
    for entry in saved or []:
        name = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(name, str) and name in registered and name not in seen:
            seen.add(name)
            slots.append(Slot(name, bool(entry.get("visible", True))))
    slots.extend(Slot(name, True) for name in registered if name not in seen)
    return slots


def move(slots: list[Slot], name: str, offset: int) -> list[Slot]:
    """The slots with ``name`` moved ``offset`` places (clamped at the ends)."""
    names = [s.name for s in slots]
    if name not in names:
        return list(slots)
    i = names.index(name)
    j = max(0, min(len(slots) - 1, i + offset))
    out = list(slots)
    out.insert(j, out.pop(i))
    return out


def with_visibility(slots: list[Slot], visible: Iterable[str]) -> list[Slot]:
    shown = set(visible)
    return [Slot(s.name, s.name in shown) for s in slots]


def serialise(slots: list[Slot]) -> list[dict]:
    return [{"name": s.name, "visible": s.visible} for s in slots]
