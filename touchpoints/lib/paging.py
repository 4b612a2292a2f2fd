"""One page of a long list, and the list's query string without the page number (for the links of
the other pages, which keep the filters)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, items: QuerySet[Any] | Sequence[Any], per_page: int) -> tuple[Page[Any], str]:
    """The page asked for by ``?page=`` (the last one when past the end), and the request's other
    query parameters, encoded."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
