"""The results of a study for the team: the touchpoint × brand table, shares per brand and segment,
the weekly trend, comments, exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from touchpoints.actions.links import follow_up_url
from touchpoints.feedback import choices as c
from touchpoints.feedback import results as r
from touchpoints.feedback import selectors
from touchpoints.feedback.forms import CommentFilterForm
from touchpoints.feedback.models import Response
from touchpoints.feedback.stats import Cell
from touchpoints.lib import vega
from touchpoints.lib.charts import chart_html
from touchpoints.lib.exporting import Table, download
from touchpoints.lib.exporting import render as render_table
from touchpoints.lib.paging import render_page
from touchpoints.lib.word_panel import WordPanel, word_panel
from touchpoints.workspaces.access import Access, workspace_view

COMMENTS_PAGE = 50
MAX_EXPORT_COMMENTS = 50_000


def _filter_form(request: HttpRequest, study) -> CommentFilterForm:
    entries = selectors.study_entries(study=study)
    form = CommentFilterForm(
        request.GET or None,
        brands=list(study.brands.order_by("-is_own", "name").values_list("pk", "name")),
        touchpoints=[(e.touchpoint_id, e.touchpoint.name) for e in entries],
        segments=list(study.workspace.segments.order_by("name").values_list("pk", "name")),
    )
    form.is_valid()
    return form


def _filters(form: CommentFilterForm, request: HttpRequest) -> r.Filters:
    data: dict[str, Any] = getattr(form, "cleaned_data", {}) or {}
    ctype = request.GET.get("customer_type", "")
    return r.Filters(
        segment_id=data.get("segment"),
        since=data.get("since"),
        until=data.get("until"),
        customer_type=ctype if ctype in c.CustomerType.values else "",
    )


def _pct(x: float | None) -> str:
    return "" if x is None else f"{100 * x:.0f}%"


def _num(x: float | None, digits: int = 2) -> str:
    return "" if x is None else f"{x:+.{digits}f}" if digits == 2 else f"{x:.1f}"


def _trend_spec(res: r.Results) -> dict[str, Any] | None:
    names = {b.pk: b.name for b in res.brands}
    values = [
        {
            "week": w.isoformat(),
            "brand": names.get(b, str(b)),
            "mean": round(cell.mean_pos or 0, 3),
            "positive": round(100 * (cell.share_pos or 0), 1),
            "n": cell.n,
        }
        for (w, b), cell in sorted(res.trend.items())
        if cell.n
    ]
    if not values:
        return None
    return {
        "data": {"values": values},
        **vega.sized(220),
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "week", "type": "temporal", "title": _("Week")},
            "y": {
                "field": "mean",
                "type": "quantitative",
                "title": _("Mean positivity (−2…+2)"),
                "scale": {"domain": [-2, 2]},
            },
            "color": {"field": "brand", "type": "nominal", "title": _("Brand")},
            "tooltip": vega.tooltip(
                ("brand", _("Brand")),
                vega.tip("week", _("Week"), type="temporal"),
                ("mean", _("Mean positivity")),
                ("positive", _("Positive, %")),
                ("n", _("Answers")),
            ),
        },
    }


@workspace_view()
def results(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    study = selectors.study_get(access=access, pk=pk)
    form = _filter_form(request, study)
    res = r.study_results(study=study, filters=_filters(form, request))
    segments = dict(study.workspace.segments.values_list("pk", "name"))
    rows = [
        (
            entry,
            [(b, res.matrix.get((entry.touchpoint_id, b.pk), Cell())) for b in res.brands],
            res.by_touchpoint.get(entry.touchpoint_id, Cell()),
        )
        for entry in res.entries
    ]
    seg_rows = []
    for seg_id in sorted(
        {s for s, _b in res.by_segment}, key=lambda s: (s is None, segments.get(s, "") if s is not None else "")
    ):
        seg_rows.append(
            (
                segments.get(seg_id, _("No answer")) if seg_id else _("No answer"),
                [(b, res.by_segment.get((seg_id, b.pk), Cell())) for b in res.brands],
            )
        )
    ctype_labels = {"": _("No answer"), **dict(c.CustomerType.choices)}
    ctype_rows = [
        (ctype_labels.get(ct, ct), [(b, res.by_customer_type.get((ct, b.pk), Cell())) for b in res.brands])
        for ct in sorted({ct for ct, _b in res.by_customer_type}, key=lambda v: (v == "", v))
    ]
    spec = _trend_spec(res)
    return render(
        request,
        "feedback/results.html",
        {
            "study": study,
            "res": res,
            "rows": rows,
            "seg_rows": seg_rows,
            "ctype_rows": ctype_rows,
            "form": form,
            "customer_types": c.CustomerType.choices,
            "customer_type": res.filters.customer_type,
            "chart": chart_html(spec, "fb-trend", height=240) if spec else None,
            "query": request.GET.urlencode(),
        },
    )


def summary_table(res: r.Results) -> Table:
    cols = [
        _("Touchpoint"),
        _("Brand"),
        _("Answers"),
        _("Positive, %"),
        _("Neutral, %"),
        _("Negative, %"),
        _("Mean positivity"),
        _("Mean likelihood"),
        _("Enough answers"),
    ]
    keys = [
        "touchpoint",
        "brand",
        "answers",
        "positive_pct",
        "neutral_pct",
        "negative_pct",
        "mean_positivity",
        "mean_likelihood",
        "enough_answers",
    ]

    def pct(x: float | None) -> float | None:
        return None if x is None else round(100 * x, 1)

    def rnd(x: float | None) -> float | None:
        return None if x is None else round(x, 3)

    rows = []
    for entry in res.entries:
        for b in res.brands:
            cell = res.matrix.get((entry.touchpoint_id, b.pk), Cell())
            rows.append(
                [
                    entry.touchpoint.name,
                    b.name,
                    cell.n,
                    pct(cell.share_pos),
                    pct(cell.share_neu),
                    pct(cell.share_neg),
                    rnd(cell.mean_pos),
                    rnd(cell.mean_like),
                    cell.n >= res.minimum,
                ]
            )
    return Table(name=_("Results"), columns=cols, rows=rows, keys=keys)


@workspace_view()
def results_export(request: HttpRequest, access: Access, pk: int, fmt: str) -> HttpResponse:
    study = selectors.study_get(access=access, pk=pk)
    form = _filter_form(request, study)
    res = r.study_results(study=study, filters=_filters(form, request))
    return download(render_table(summary_table(res), fmt), f"feedback-{study.pk}-results.{fmt}", fmt)


def _comment_query(request: HttpRequest, study):
    """The filter form and the comments it selects."""
    form = _filter_form(request, study)
    return form, _comments(request, form, study)


def _comments(request: HttpRequest, form: CommentFilterForm, study, *, sentiment: bool = True):
    """The comments ``form`` selects (with ``sentiment=False``, of every sentiment)."""
    data: dict[str, Any] = getattr(form, "cleaned_data", {}) or {}
    return r.comments(
        study=study,
        filters=_filters(form, request),
        brand_id=data.get("brand"),
        touchpoint_id=data.get("touchpoint"),
        sentiment=(data.get("sentiment") or "") if sentiment else "",
        q=data.get("q") or "",
    )


def _words(request: HttpRequest, form: CommentFilterForm, study) -> WordPanel:
    """The words that set negative comments apart from positive ones, among those the filters keep
    (whatever sentiment is shown)."""
    return word_panel(
        request,
        r.comment_words(_comments(request, form, study, sentiment=False)),
        negative={"sentiment": c.Sentiment.NEGATIVE},
        positive={"sentiment": c.Sentiment.POSITIVE},
    )


@dataclass(frozen=True)
class CommentRow:
    answer: Response
    face: str  # the words under the face the customer chose
    sentiment: str
    plan_url: str  # the action form, filled in from the comment ("" for those who cannot plan)


def _comment_rows(answers: list[Response], *, access: Access) -> list[CommentRow]:
    faces = c.face_labels()
    rows = []
    for a in answers:
        plan = ""
        if access.can_edit:
            about = _(
                "A customer's comment on %(touchpoint)s (%(brand)s, %(date)s; %(face)s, likelihood to choose "
                "%(likelihood)s of 10)"
            ) % {
                "touchpoint": a.touchpoint.name,
                "brand": a.brand.name,
                "date": date_format(timezone.localtime(a.created_at), "SHORT_DATE_FORMAT"),
                "face": faces[a.positivity],
                "likelihood": a.likelihood,
            }
            plan = follow_up_url(access.workspace.slug, said=a.comment, about=about, touchpoint=a.touchpoint_id)
        rows.append(CommentRow(a, faces[a.positivity], c.sentiment_of(a.positivity), plan))
    return rows


@workspace_view()
def comment_list(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    study = selectors.study_get(access=access, pk=pk)
    form, qs = _comment_query(request, study)
    return render_page(
        request,
        "feedback/comments.html",
        qs,
        COMMENTS_PAGE,
        {"study": study, "form": form, "words": _words(request, form, study)},
        rows=lambda answers: _comment_rows(answers, access=access),
    )


@workspace_view()
def comments_export(request: HttpRequest, access: Access, pk: int, fmt: str) -> HttpResponse:
    study = selectors.study_get(access=access, pk=pk)
    _form, qs = _comment_query(request, study)
    rows = (
        [
            a.created_at.isoformat(timespec="seconds"),
            a.brand.name,
            a.touchpoint.name,
            a.positivity,
            a.likelihood,
            a.segment.name if a.segment else "",
            a.customer_type,
            a.language,
            a.comment,
        ]
        for a in qs[:MAX_EXPORT_COMMENTS].iterator(chunk_size=2000)
    )
    table = Table(
        name=_("Comments"),
        columns=[
            _("Answered at"),
            _("Brand"),
            _("Touchpoint"),
            _("Positivity"),
            _("Likelihood"),
            _("Segment"),
            _("New or returning"),
            _("Language"),
            _("Comment"),
        ],
        rows=rows,
        keys=[
            "answered_at",
            "brand",
            "touchpoint",
            "positivity",
            "likelihood",
            "segment",
            "customer_type",
            "language",
            "comment",
        ],
    )
    return download(render_table(table, fmt), f"feedback-{study.pk}-comments.{fmt}", fmt)
