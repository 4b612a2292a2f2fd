"""The customers' side of the report: what customers say of the own brand's touchpoints (the worst
first, beside the best rival's figure) and which touchpoints move their choice (each touchpoint's
impact with its interval). The charts are the workspace home's (the same widgets' data and specs),
drawn as SVG at the report's width."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from touchpoints.feedback.stats import Cell, total
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.charts import chart_svg
from touchpoints.lib.text import one_line

WORST = 10  # touchpoints listed as customers rate them, worst first
SAID = 5  # the latest negative comments about the own brand, quoted in the customers' words
QUOTE_CHARS = 300


def _percent(share: float | None) -> int | None:
    return None if share is None else round(100 * share)


def _mean(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def customers(*, workspace: Any) -> dict[str, Any]:
    """Every study's answers of the workspace: their number, the own brand's shares and mean
    likelihood to choose, and its touchpoints with enough answers to trust, worst mean positivity
    first, each beside the best-rated rival at the same touchpoint."""
    from touchpoints.dashboard.widgets.feedback import FeedbackTrend
    from touchpoints.feedback.results import workspace_sums

    cells: dict[tuple[int, int], Cell] = workspace_sums(workspace=workspace)
    brands = {b.pk: b for b in workspace.brands.all()}
    own = next((b for b in brands.values() if b.is_own), None)
    minimum = settings.FEEDBACK_MIN_ANSWERS
    own_cells: dict[int, Cell] = {}
    best_rival: dict[int, tuple[float, str]] = {}
    for (tp, brand), cell in cells.items():
        if own is not None and brand == own.pk:
            own_cells[tp] = cell
        elif brand in brands and cell.n >= minimum and cell.mean_pos is not None:
            if tp not in best_rival or cell.mean_pos > best_rival[tp][0]:
                best_rival[tp] = (cell.mean_pos, brands[brand].name)
    everyone, own_total = total(cells.values()), total(own_cells.values())
    trusted = {tp: cell for tp, cell in own_cells.items() if cell.n >= minimum}
    names = dict(Touchpoint.objects.filter(pk__in=list(trusted)).values_list("pk", "name"))
    worst = sorted(trusted, key=lambda tp: (trusted[tp].mean_pos or 0, names.get(tp, "")))[:WORST]
    rows = [
        {
            "name": names.get(tp, f"#{tp}"),
            "mean": _mean(trusted[tp].mean_pos, 2),
            "positive": _percent(trusted[tp].share_pos),
            "neutral": _percent(trusted[tp].share_neu),
            "negative": _percent(trusted[tp].share_neg),
            "likelihood": _mean(trusted[tp].mean_like, 1),
            "answers": trusted[tp].n,
            "rival": best_rival[tp][1] if tp in best_rival else "",
            "rival_mean": _mean(best_rival[tp][0], 2) if tp in best_rival else None,
        }
        for tp in worst
    ]
    trend = FeedbackTrend()
    data = trend.select(workspace) if everyone.n else {}
    return {
        "answers": everyone.n,
        "own_answers": own_total.n,
        "positive": _percent(own_total.share_pos),
        "negative": _percent(own_total.share_neg),
        "likelihood": _mean(own_total.mean_like, 1),
        "minimum": minimum,
        "too_few": len(own_cells) - len(trusted),
        "worst": rows,
        "said": said(workspace=workspace),
        "words": words(workspace=workspace),
        "trend_svg": chart_svg(trend.spec(data, workspace)) if data else "",
    }


def said(*, workspace: Any) -> list[dict[str, Any]]:
    """The latest negative comments about the own brand, newest first, in the customers' words: the
    touchpoint, the face chosen and the day with each."""
    from touchpoints.feedback import choices as fc
    from touchpoints.feedback.models import Response

    faces = fc.face_labels()
    latest = (
        Response.objects.filter(study__workspace=workspace, brand__is_own=True, positivity__lt=0)
        .exclude(comment="")
        .select_related("touchpoint")
        .order_by("-created_at", "-id")[:SAID]
    )
    return [
        {
            "comment": Truncator(one_line(a.comment)).chars(QUOTE_CHARS),
            "touchpoint": a.touchpoint.name,
            "face": faces[a.positivity],
            "date": date_format(timezone.localtime(a.created_at), "SHORT_DATE_FORMAT"),
        }
        for a in latest
    ]


def words(*, workspace: Any) -> dict[str, Any]:
    """What sets the negative comments about the own brand apart from the positive ones, every study
    together (the comments page's panel): each side's words with the comments holding them."""
    from touchpoints.feedback.models import Response
    from touchpoints.feedback.results import comment_words

    comments = (
        Response.objects.filter(study__workspace=workspace, brand__is_own=True)
        .exclude(comment="")
        .order_by("-created_at", "-id")
    )
    found = comment_words(comments)
    return {
        "negative_comments": found.negative_comments,
        "positive_comments": found.positive_comments,
        "negative": [{"word": w.word, "comments": w.negative} for w in found.negative],
        "positive": [{"word": w.word, "comments": w.positive} for w in found.positive],
    }


def impact(*, workspace: Any) -> dict[str, Any]:
    """The touchpoints with the largest impact on the choice, each with its interval and source (the
    source the team chose to count where there are several), as the home's impact widget shows them."""
    from touchpoints.dashboard.widgets.impact import ImpactSummary

    widget = ImpactSummary()
    data = widget.select(workspace)
    if not data:
        return {"rows": [], "unit": "", "total": 0, "other_units": 0, "chart_svg": ""}
    return {
        "rows": [{k: v for k, v in row.items() if k != "url"} for row in data["rows"]],
        "unit": data["unit"],
        "total": data["total"],
        "other_units": data["other_units"],
        "chart_svg": chart_svg(widget.spec(data, workspace)),
    }
