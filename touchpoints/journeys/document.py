"""A journey as a plain document for the exports (SVG/PNG/PDF map, mind maps, Mermaid, tables):
the chain, its weak links and the few words around it. Built once from the map, then each
exporter is a pure function of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from touchpoints.inventory.choices import Channel, Mode, PresenceStatus, Stage
from touchpoints.journeys.chain import Chain, Step
from touchpoints.journeys.choices import SEVERITY_ORDER, Lane
from touchpoints.journeys.selectors import JourneyMap
from touchpoints.journeys.weaklinks import WeakLink, signed_experience


@dataclass
class MapDocument:
    title: str
    chain: Chain
    links: list[WeakLink]
    process: str = ""
    brand: str = ""
    own_brand: bool = True
    segments: list[str] = field(default_factory=list)
    next_journey: str = ""
    description: str = ""
    lane: str = Lane.CHANNEL
    touchpoint_urls: dict[int, str] = field(default_factory=dict)

    def step_links(self, step: Step) -> list[WeakLink]:
        return [link for link in self.links if link.step_id == step.id]

    def journey_links(self) -> list[WeakLink]:
        return [link for link in self.links if link.step_id is None]

    def worst(self, step: Step) -> str | None:
        found = sorted((link.severity for link in self.step_links(step)), key=lambda s: SEVERITY_ORDER.get(s, 9))
        return found[0] if found else None

    @property
    def subtitle(self) -> str:
        parts = [self.process] if self.process else []
        if self.brand:
            parts.append(self.brand + (" (" + (_("own") if self.own_brand else _("competitor")) + ")"))
        if self.segments:
            parts.append(", ".join(self.segments))
        return " · ".join(parts)


def stage_label(value: str) -> str:
    return str(Stage(value).label) if value in Stage.values else value


def channel_label(value: str) -> str:
    return str(Channel(value).label) if value in Channel.values else value


def mode_label(value: str) -> str:
    return str(Mode(value).label) if value in Mode.values else value


def presence_label(value: str) -> str:
    return str(PresenceStatus(value).label) if value in PresenceStatus.values else value


def experience_text(value: float | None) -> str:
    return "?" if value is None else signed_experience(value)


def map_document(*, jmap: JourneyMap, lane: str, touchpoint_url: Callable[[int], str]) -> MapDocument:
    """The document of a journey's map as shown with ``lane`` rows; ``touchpoint_url`` links a
    step to its touchpoint's page."""
    journey = jmap.journey
    return MapDocument(
        title=journey.name,
        chain=jmap.chain,
        links=jmap.links,
        process=journey.process,
        brand=journey.brand.name,
        own_brand=journey.brand.is_own,
        segments=[s.name for s in journey.segments.all()],
        next_journey=journey.next_journey.name if journey.next_journey is not None else "",
        description=journey.description,
        lane=lane,
        touchpoint_urls={s.touchpoint_id: touchpoint_url(s.touchpoint_id) for s in jmap.chain.steps},
    )
