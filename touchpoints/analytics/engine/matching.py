"""Matching the log's channels to the inventory's touchpoints by code or name.

Comparison ignores case, accents, punctuation and spacing ("Call-centre " equals "call centre").
A channel matches a touchpoint whose code equals it, else one whose name equals it; a channel
that matches nothing is a *candidate*: a touchpoint customers use that the inventory lacks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

TouchpointRef = tuple[Hashable, str, str | None]  # (id, name, code)


@dataclass
class ChannelMatch:
    matched: dict[str, Hashable] = field(default_factory=dict)  # channel -> touchpoint id
    matched_by: dict[str, str] = field(default_factory=dict)  # channel -> "code" or "name"
    candidates: list[str] = field(default_factory=list)  # channels with no touchpoint


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", " ", plain.casefold()).strip()


def match_channels(channels: Iterable[str], touchpoints: Iterable[TouchpointRef]) -> ChannelMatch:
    by_code: dict[str, Hashable] = {}
    by_name: dict[str, Hashable] = {}
    for ident, name, code in touchpoints:
        if code:
            by_code.setdefault(normalise(code), ident)
        if name:
            by_name.setdefault(normalise(name), ident)
    result = ChannelMatch()
    for channel in channels:
        key = normalise(channel)
        if key and key in by_code:
            result.matched[channel] = by_code[key]
            result.matched_by[channel] = "code"
        elif key and key in by_name:
            result.matched[channel] = by_name[key]
            result.matched_by[channel] = "name"
        else:
            result.candidates.append(channel)
    return result
