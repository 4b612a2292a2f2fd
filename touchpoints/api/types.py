"""Bounded numbers for the API's parameters and bodies: an id, an offset or a count never goes
beyond what the databases store (64-bit), so a huge number is a 422 field error, never an
OverflowError or a DataError."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import Field

from touchpoints.lib.databases import MAX_ID

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A primary key."""
BigInt = Annotated[int, Field(ge=-MAX_ID, le=MAX_ID)]
"""Any other integer a database column holds."""


class BoundedLimitOffset(LimitOffsetPagination):
    """ninja's limit/offset pagination with both numbers bounded (the stock offset has no maximum)."""

    class Input(Schema):
        limit: int = Field(200, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=MAX_ID // 2)
