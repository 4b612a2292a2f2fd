"""The widgets of the workspace home, one module per widget, registered with :func:`register`.

A widget is a subclass of :class:`Widget` in ``touchpoints/dashboard/widgets/<name>.py`` (every
module of this package is imported at start-up), or in another app's ``dashboard.py``::

    @register
    class OpenActions(Widget):
        name = "open-actions"
        title = _("Open actions")
        empty_text = _("No action plan yet.")
        empty_link = ("actions:list", _("Write the plan"))

        def select(self, workspace):      # reads, a bounded number of queries
            return list(...)

        def spec(self, data, workspace):  # a Vega-Lite spec, or None for a widget without a chart
            return {...}

``select`` returns the widget's data; :meth:`Widget.is_empty` says when there is nothing to show,
and the widget then renders ``empty_text`` with a link to the page where the data comes from.

The home's own widgets keep their title, place, empty text and template in one table,
``touchpoints.dashboard.cards.CARDS``: a class there declares only its ``name`` and what it
reads and draws, and :func:`register` gives it the card of that name.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from touchpoints.dashboard.cards import CARDS
from touchpoints.dashboard.selectors import cache_key, latest_own_scores
from touchpoints.lib import freshness
from touchpoints.lib.charts import chart_html

REGISTRY: dict[str, Widget] = {}


class Widget:
    name: str = ""
    title: str | Promise = ""
    # A sentence shown instead of the widget when it has no data, and the page that fixes that.
    empty_text: str | Promise = ""
    empty_link: tuple[str, str | Promise] | None = None
    template: str = "dashboard/widgets/_chart.html"
    order: int = 100
    chart_height: int | None = None
    # True when what the widget shows depends on the member's role (the role joins its cache key).
    per_role: bool = False

    def select(self, workspace: Any) -> Any:
        raise NotImplementedError

    def is_empty(self, data: Any) -> bool:
        return not data

    def spec(self, data: Any, workspace: Any) -> dict[str, Any] | None:
        return None

    def context(self, data: Any, workspace: Any) -> dict[str, Any]:
        return {}

    def empty_message(self, workspace: Any) -> tuple[str, str | None, str]:
        """(sentence, URL of the page that fixes it or None, link label) for a widget without data."""
        if not self.empty_link:
            return str(self.empty_text), None, ""
        try:
            url = reverse(self.empty_link[0], kwargs={"slug": workspace.slug})
        except NoReverseMatch:
            url = None
        return str(self.empty_text), url, str(self.empty_link[1])

    def entry(self, *, workspace: Any, request: Any = None) -> tuple[str, Callable[[], str]]:
        """The widget's key in the home's cache, and how to build its body."""
        role = getattr(getattr(request, "access", None), "role", "") if self.per_role else ""
        return cache_key(f"widget:{self.name}", role), lambda: self.build(workspace=workspace, request=request)

    def render(self, *, workspace: Any, request: Any = None) -> str:
        """The widget's body, from the cache while nothing in the workspace has changed."""
        key, build = self.entry(workspace=workspace, request=request)
        return str(freshness.cached(workspace, freshness.HOME, {key: build})[key])

    def build(self, *, workspace: Any, request: Any = None) -> str:
        data = self.select(workspace)
        ctx: dict[str, Any] = {"widget": self, "workspace": workspace, "empty": self.is_empty(data)}
        if ctx["empty"]:
            ctx["empty_text"], ctx["empty_url"], ctx["empty_label"] = self.empty_message(workspace)
        else:
            spec = self.spec(data, workspace)
            if spec is not None:
                # A screen reader names the chart by the card's title (the card shows it as a heading).
                spec = {"description": str(self.title), **spec}
                ctx["chart"] = chart_html(spec, f"widget-{self.name}", height=self.chart_height)
            ctx.update(self.context(data, workspace))
            ctx["data"] = data
        return render_to_string(self.template, ctx, request=request)


class OwnAuditWidget(Widget):
    """A widget over the frozen scores of the latest finished audit of the own brand: empty
    without them."""

    def select(self, workspace: Any) -> dict[str, Any]:
        audit, scores = latest_own_scores(workspace)
        return self.from_scores(audit, scores, workspace) if scores else {}

    def from_scores(self, audit: Any, scores: dict[int, float], workspace: Any) -> dict[str, Any]:
        raise NotImplementedError


def register(cls: type[Widget]) -> type[Widget]:
    """Class decorator: adds the widget to the registry under its ``name``, with the title, place,
    empty text and template of its card when the home's table has one."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    card = CARDS.get(cls.name)
    if card is not None:
        cls.title, cls.order, cls.template = card.title, card.order, card.template
        cls.empty_text, cls.empty_link = card.empty_text, card.empty_link
    REGISTRY[cls.name] = cls()
    return cls


def ordered() -> list[Widget]:
    return sorted(REGISTRY.values(), key=lambda w: (w.order, w.name))


def load() -> None:
    """Imports every widget module of this package (each registers itself)."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def discover() -> None:
    """Imports each app's dashboard.py, which registers its method step's progress (and any widgets
    of its own)."""
    autodiscover_modules("dashboard")
