"""One page of a long list: the page asked for, the other pages' query string, the page's rows."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.http import HttpResponse
from django.test import RequestFactory

from touchpoints.lib.paging import paginate, render_page


def test_paginate_keeps_the_filters_but_the_page() -> None:
    request = RequestFactory().get("/", {"q": "a b", "page": "2"})
    page, query = paginate(request, list(range(25)), 10)
    assert list(page.object_list) == list(range(10, 20))
    assert query == "q=a+b"


def test_paginate_past_the_end_gives_the_last_page() -> None:
    page, _query = paginate(RequestFactory().get("/", {"page": "9"}), list(range(25)), 10)
    assert page.number == 3


def test_render_page_adds_page_query_and_shaped_rows() -> None:
    seen: dict[str, Any] = {}

    def fake_render(request: Any, template: str, context: dict[str, Any]) -> HttpResponse:
        seen.update(template=template, context=context)
        return HttpResponse("")

    request = RequestFactory().get("/", {"state": "open", "page": "2"})
    with mock.patch("touchpoints.lib.paging.render", fake_render):
        render_page(request, "x.html", list(range(5)), 2, {"form": "f"}, rows=lambda items: [i * 10 for i in items])
    context = seen["context"]
    assert seen["template"] == "x.html"
    assert context["form"] == "f"
    assert list(context["page"].object_list) == [2, 3]
    assert context["query"] == "state=open"
    assert context["rows"] == [20, 30]


def test_render_page_without_rows_adds_only_page_and_query() -> None:
    seen: dict[str, Any] = {}

    def fake_render(request: Any, template: str, context: dict[str, Any]) -> HttpResponse:
        seen.update(context)
        return HttpResponse("")

    with mock.patch("touchpoints.lib.paging.render", fake_render):
        render_page(RequestFactory().get("/"), "x.html", [1], 10, {})
    assert set(seen) == {"page", "query"}
