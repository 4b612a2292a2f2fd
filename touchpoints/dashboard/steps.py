"""The method's steps, in order, as the "where to next" strip of the workspace home shows them.

Every step of the method has an entry here from the start, each with the URL name of the page
where the work is done. An app that carries a step registers how far a workspace is along it
with one small function in its own ``dashboard.py`` module (found at start-up)::

    # touchpoints/feedback/dashboard.py
    from touchpoints.dashboard.steps import Progress, step_progress

    @step_progress("feedback", url_name="feedback:list")
    def feedback_progress(workspace):
        n = workspace.studies.count()
        if not n:
            return Progress.todo()
        return Progress.done(ngettext("%(n)d study", "%(n)d studies", n) % {"n": n})

A step whose URL name cannot be reversed (its app is not installed) shows as "coming", without
a link; a step with a URL but no progress function shows as "not started".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DONE, PARTIAL, TODO, COMING = "done", "partial", "todo", "coming"

STATE_LABELS = {
    DONE: _("done"),
    PARTIAL: _("under way"),
    TODO: _("not started"),
    COMING: _("coming"),
}


@dataclass(frozen=True)
class Progress:
    state: str
    summary: str = ""
    # A query string that replaces the step's own on its link, for a step whose remaining work is
    # best shown by another filter of its page.
    query: str | None = None

    @classmethod
    def done(cls, summary: str = "") -> Progress:
        return cls(DONE, summary)

    @classmethod
    def partial(cls, summary: str = "", *, query: str | None = None) -> Progress:
        return cls(PARTIAL, summary, query)

    @classmethod
    def todo(cls, summary: str = "") -> Progress:
        return cls(TODO, summary)


def counted_progress(done: int, started: int, *, done_text: Promise, started_text: Promise) -> Progress:
    """Done once ``done`` things are finished, under way while ``started`` things exist, else not
    started; the texts are ``ngettext_lazy`` plurals counting ``n`` (the finished things, or all)."""
    if done:
        return Progress.done(done_text % {"n": done})
    if started:
        return Progress.partial(started_text % {"n": started})
    return Progress.todo()


@dataclass
class Step:
    key: str
    label: str | Promise
    url_name: str
    progress: Callable[[Any], Progress] | None = None
    # Extra query string appended to the step's link (e.g. "?unclassified=true").
    query: str = ""


@dataclass
class StepView:
    """One step as the strip shows it to a user."""

    key: str
    number: int
    label: str
    url: str | None
    state: str
    summary: str
    is_next: bool = False

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


STEPS: list[Step] = [
    Step("inventory", _("Inventory"), "inventory:list"),
    Step("classify", _("Classify"), "inventory:list", query="?unclassified=true"),
    Step("chains", _("Chains"), "journeys:list"),
    Step("audit", _("Audit"), "audits:list"),
    Step("competitors", _("Competitors"), "priorities:benchmark"),
    Step("feedback", _("Feedback"), "feedback:list"),
    Step("impact", _("Impact"), "impact:page"),
    Step("top_ten", _("Top ten"), "priorities:top_ten"),
    Step("plan", _("Plan"), "actions:list"),
    Step("report", _("Report"), "reports:list"),
]


def get_step(key: str) -> Step:
    for step in STEPS:
        if step.key == key:
            return step
    raise KeyError(key)


def step_progress(
    key: str, *, url_name: str | None = None, query: str | None = None
) -> Callable[[Callable[[Any], Progress]], Callable[[Any], Progress]]:
    """Decorator: ``fn(workspace) -> Progress`` tells how far a workspace is along step ``key``;
    ``url_name`` (taking the workspace slug) replaces the page the step links to."""

    def register(fn: Callable[[Any], Progress]) -> Callable[[Any], Progress]:
        step = get_step(key)
        step.progress = fn
        if url_name is not None:
            step.url_name = url_name
        if query is not None:
            step.query = query
        return fn

    return register


def _url(step: Step, slug: str) -> str | None:
    try:
        return reverse(step.url_name, kwargs={"slug": slug}) + step.query
    except NoReverseMatch:
        return None


def strip(workspace: Any) -> list[StepView]:
    """The steps with their state for this workspace; the first step not done that can be worked
    on is marked as the next one."""
    views: list[StepView] = []
    for number, step in enumerate(STEPS, start=1):
        url = _url(step, workspace.slug)
        if url is None:
            progress = Progress(COMING)
        elif step.progress is None:
            progress = Progress.todo()
        else:
            progress = step.progress(workspace)
            if progress.query is not None:
                url = url.split("?", 1)[0] + progress.query
        views.append(StepView(step.key, number, str(step.label), url, progress.state, str(progress.summary)))
    for view in views:
        if view.state in (TODO, PARTIAL):
            view.is_next = True
            break
    return views


def next_step(views: list[StepView]) -> StepView | None:
    return next((v for v in views if v.is_next), None)
