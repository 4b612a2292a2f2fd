"""Customers' feedback: answers per week, positive / neutral / negative, and the shares overall; and
its sibling, the share of positive answers over time per brand. Both read the weekly roll-up
(touchpoints.dashboard.selectors.feedback_sums), never the answers one by one."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touchpoints.dashboard import specs
from touchpoints.dashboard.selectors import feedback_sums
from touchpoints.dashboard.widgets import Widget, register
from touchpoints.feedback.results import negative_comments_since
from touchpoints.feedback.stats import Cell
from touchpoints.lib import vega
from touchpoints.lib.charts import day_month
from touchpoints.lib.i18n import grouped

WEEKS = 26
TO_READ_DAYS = 7


def _recent(cells: dict[Any, Any]) -> dict[Any, Any]:
    since = timezone.localdate() - dt.timedelta(weeks=WEEKS)
    return {k: v for k, v in cells.items() if k[0] >= since}


def _results_url(workspace: Any, studies: list[Any]) -> str:
    """One study: its results page; several: the list of studies."""
    answered = [s for s in studies if s.status != "draft"]
    if len(answered) == 1:
        return reverse("feedback:results", kwargs={"slug": workspace.slug, "pk": answered[0].pk})
    return reverse("feedback:list", kwargs={"slug": workspace.slug})


def _to_read(workspace: Any) -> dict[str, Any] | None:
    """The negative comments about the own brand of the last week, and where to read them (the
    one study's comments so filtered, or the list of studies)."""
    since = timezone.localdate() - dt.timedelta(days=TO_READ_DAYS)
    studies = list(workspace.studies.values_list("pk", flat=True))
    counts = negative_comments_since(study_ids=studies, since=since)
    n = sum(counts.values())
    if not n:
        return None
    if len(counts) == 1:
        (study,) = counts
        url = reverse("feedback:comments", kwargs={"slug": workspace.slug, "pk": study})
        url += "?" + urlencode({"sentiment": "negative", "since": since.isoformat()})
    else:
        url = reverse("feedback:list", kwargs={"slug": workspace.slug})
    return {"n": n, "url": url, "days": TO_READ_DAYS}


class _FeedbackWidget(Widget):
    """Both read the customers' answers summed per (week, brand, segment) and link to the results."""

    def select(self, workspace: Any) -> dict[str, Any]:
        sums = feedback_sums(workspace)
        if not sums["cells"]:
            return {}
        return self.summarise(sums["cells"], workspace=workspace, url=_results_url(workspace, sums["studies"]))

    def summarise(self, cells: dict[Any, Cell], *, workspace: Any, url: str) -> dict[str, Any]:
        raise NotImplementedError


@register
class CustomerFeedback(_FeedbackWidget):
    name = "feedback"

    def summarise(self, cells: dict[Any, Cell], *, workspace: Any, url: str) -> dict[str, Any]:
        total = Cell()
        weeks: dict[dt.date, Cell] = {}
        for _key, cell in cells.items():
            total.add(cell)
        for (week, _brand, _segment), cell in _recent(cells).items():
            weeks.setdefault(week, Cell()).add(cell)
        if not total.n:
            return {}
        return {
            "to_read": _to_read(workspace),
            "total": total,
            "weeks": sorted(weeks.items()),
            "url": url,
            "pos": round(100 * (total.share_pos or 0)),
            "neu": round(100 * (total.share_neu or 0)),
            "neg": round(100 * (total.share_neg or 0)),
        }

    def spec(self, data: dict[str, Any], workspace: Any) -> dict[str, Any] | None:
        from touchpoints.feedback import choices as fc

        labels = [str(fc.Sentiment.POSITIVE.label), str(fc.Sentiment.NEUTRAL.label), str(fc.Sentiment.NEGATIVE.label)]
        rows = [
            {"week": day_month(week), "sentiment": labels[i], "order": i, "count": n, "url": data["url"]}
            for week, cell in data["weeks"]
            for i, n in enumerate((cell.n_pos, cell.n_neu, cell.n_neg))
            if n
        ]
        if not rows:
            return None  # answers, but none in the last half-year: the shares say enough
        return specs.sentiment_weeks(
            rows, labels, week_title=_("Week"), count_title=_("Answers"), sentiment_title=_("Answer")
        )


@register
class FeedbackTrend(_FeedbackWidget):
    name = "feedback-trend"

    def summarise(self, cells: dict[Any, Cell], *, workspace: Any, url: str) -> dict[str, Any]:
        by_week_brand: dict[tuple[dt.date, int], Cell] = {}
        for (week, brand, _segment), cell in _recent(cells).items():
            by_week_brand.setdefault((week, brand), Cell()).add(cell)
        if not by_week_brand:
            return {}
        brands = {
            pk: (name, color)
            for pk, name, color in workspace.brands.filter(pk__in={b for _w, b in by_week_brand}).values_list(
                "pk", "name", "color"
            )
        }
        colors: dict[str, str] = {}
        for pk in sorted(brands, key=lambda b: brands[b][0].lower()):
            name, color = brands[pk]
            colors[name] = vega.distinct_colour(color, colors.values())
        points = []
        for (week, brand), cell in sorted(by_week_brand.items()):
            if brand in brands and cell.n:
                points.append(
                    {
                        "date": week.isoformat(),
                        "score": round(100 * (cell.share_pos or 0), 1),
                        "brand": brands[brand][0],
                        "audit": ngettext("%(n)s answer", "%(n)s answers", cell.n) % {"n": grouped(cell.n)},
                        "url": url,
                    }
                )
        return {"points": points, "colors": colors} if points else {}

    def spec(self, data: dict[str, Any], workspace: Any) -> dict[str, Any]:
        return specs.trend(
            data["points"],
            data["colors"],
            score_title=_("Positive answers, %"),
            date_title=_("Week"),
            brand_title=_("Brand"),
            audit_title=_("Answers"),
        )
