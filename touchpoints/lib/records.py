"""Copying fields between records: the named attributes of one object as keyword arguments for
another (a model row from a snapshot, a new run from an old one, a figure from an estimate)."""

from __future__ import annotations

from typing import Any


def attributes(source: object, *names: str) -> dict[str, Any]:
    """``{name: source.name}`` for each of ``names``, in their order."""
    return {name: getattr(source, name) for name in names}
