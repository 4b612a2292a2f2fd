"""One page of a long list, and the list's query string without the page number (for the links of
the other pages, which keep the filters)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def paginate(request: HttpRequest, items: QuerySet[Any] | Sequence[Any], per_page: int) -> tuple[Page[Any], str]:
    """The page asked for by ``?page=`` (the last one when past the end), and the request's other
    query parameters, encoded."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def render_page(
    request: HttpRequest,
    template: str,
    items: QuerySet[Any] | Sequence[Any],
    per_page: int,
    context: Mapping[str, Any],
    *,
    rows: Callable[[list[Any]], Any] | None = None,
) -> HttpResponse:
    """A list page: ``template`` rendered with ``context``, one page of ``items`` as ``page``, the
    query string of the other pages as ``query`` and, given ``rows``, the page's items shaped for
    display by it as ``rows``."""
    page, query = paginate(request, items, per_page)
    shaped = {} if rows is None else {"rows": rows(list(page.object_list))}
    return render(request, template, {**context, "page": page, "query": query, **shaped})
