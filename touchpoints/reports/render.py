"""A report's data → its three documents: HTML (the page and the share link show it), PDF (the
same HTML printed by WeasyPrint) and an XLSX workbook (one sheet per section, through
``lib.exporting``, so cells are formula-neutralised). Pure of the database: everything comes from
the collected data."""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from touchpoints.lib.exporting import Table, to_xlsx


def _svg_src(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii") if svg else ""


def render_html(data: dict[str, Any], *, title: str, language: str) -> str:
    comp = data["competitors"]
    return render_to_string(
        "reports/document.html",
        {
            "d": data,
            "title": title,
            "language": language,
            "radar_src": _svg_src(comp.get("radar_svg", "")),
            "priority_src": _svg_src(data.get("priority_chart_svg", "")),
            "trend_src": _svg_src(data["customers"]["trend_svg"]),
            "impact_src": _svg_src(data["impact"]["chart_svg"]),
            "maps": [{**m, "src": _svg_src(m["svg"])} for m in data["journeys"]],
        },
    )


def render_pdf(html: str) -> tuple[bytes, int]:
    """The PDF and its page count."""
    from weasyprint import HTML

    document = HTML(string=html).render()
    return document.write_pdf(), len(document.pages)


def tables(data: dict[str, Any]) -> list[Table]:
    s = data["summary"]
    fail = data["failures"]
    summary_rows = [
        [_("Workspace"), data["workspace"]],
        [_("Date"), data["date"]],
        [pgettext("count", "Touchpoints"), s["touchpoints"]],
        [_("Overall score"), s["overall"]],
        [_("Failures"), s["failures"]],
        [_("Missing touchpoints"), s["missing"]],
        [_("Weak links"), s["weak_links"]],
        [_("Customers' answers"), s["answers"]],
        [_("Positive answers, %"), s["positive"]],
        [_("Actions"), s["actions"]],
        [_("Overdue"), s["overdue"]],
        [pgettext("actions", "Done"), s["done"]],
    ]
    summary_rows += [[_("Missing from the method"), gap] for gap in s["gaps"]]
    comp = data["competitors"]
    return [
        Table(_("Summary"), [_("Figure"), pgettext("figure", "Value")], summary_rows),
        Table(
            _("Failures"),
            [_("Touchpoint"), _("Score"), _("Impression"), _("Stages"), _("Channel"), _("Comments")],
            [
                [r["name"], r["score"], r["impression"], r["stages"], r["channel"], "\n".join(r["notes"])]
                for r in fail["rows"]
            ],
        ),
        Table(
            _("Missing touchpoints"),
            [_("Touchpoint"), _("Stages"), _("Our status"), _("Rivals who have it")],
            [[r["name"], r["stages"], r["own_status"], ", ".join(r["rivals"])] for r in data["missing"]],
        ),
        Table(
            _("Weak links"),
            [_("Journey"), _("Severity"), _("Problem"), _("Explanation")],
            [[r["journey"], r["severity_label"], r["title"], r["message"]] for r in data["weak_links"]],
        ),
        Table(
            _("Customers"),
            [
                _("Touchpoint"),
                _("Mean positivity (−2…+2)"),
                _("Positive, %"),
                _("Neutral, %"),
                _("Negative, %"),
                _("Likelihood to choose (0–10)"),
                _("Answers"),
                _("Best rival"),
                _("Rival's mean positivity"),
            ],
            [
                [
                    r["name"],
                    r["mean"],
                    r["positive"],
                    r["neutral"],
                    r["negative"],
                    r["likelihood"],
                    r["answers"],
                    r["rival"],
                    r["rival_mean"],
                ]
                for r in data["customers"]["worst"]
            ],
        ),
        Table(
            _("Coverage"),
            [_("Group"), pgettext("figure", "Value"), pgettext("count", "Touchpoints")],
            [
                [group, k, v]
                for group, key in (
                    (_("Purchase stage"), "by_stage"),
                    (_("Area"), "by_area"),
                    (_("Channel"), "by_channel"),
                    (_("Own brand"), "by_status"),
                )
                for k, v in data["coverage"][key]
            ],
        ),
        Table(
            _("Competitors"),
            [_("Touchpoint"), _("Our score"), _("Best rival"), _("Rival's score"), _("Gap")],
            [[g["name"], g["own"], g["best_brand"], g["best"], g["gap"]] for g in comp["gaps"]],
        ),
        Table(
            _("Impact"),
            [_("Touchpoint"), data["impact"]["unit"] or _("Impact"), _("Lower bound"), _("Upper bound"), _("Source")],
            [[r["label"], r["value"], r["low"], r["high"], r["source"]] for r in data["impact"]["rows"]],
        ),
        Table(
            _("Top ten"),
            [_("Place"), _("Touchpoint"), _("Reason"), _("Computed rank"), _("Our score")],
            [[t["position"], t["name"], t["reason"], t["rank"], t["own_score"]] for t in data["top_ten"]],
        ),
        Table(
            _("Plan"),
            [
                _("Action"),
                _("Target"),
                pgettext("action owner", "Owner"),
                _("Deadline"),
                _("Status"),
                _("Overdue"),
                _("KPI"),
                _("Before"),
                _("After"),
                pgettext("difference", "Change"),
            ],
            [
                [
                    r["title"],
                    r["target"],
                    r["owner"],
                    r["deadline"],
                    r["status_label"],
                    _("yes") if r["overdue"] else "",
                    r["kpi"],
                    r["before"],
                    r["after"],
                    r["change"],
                ]
                for r in data["plan"]
            ],
        ),
        Table(
            _("Inventory"),
            [
                _("Touchpoint"),
                _("Code"),
                _("Stages"),
                _("Area"),
                _("Channel"),
                _("Owner (unit)"),
                _("Our status"),
                _("Latest score"),
            ],
            [
                [r["name"], r["code"], r["stages"], r["area"], r["channel"], r["owner"], r["status"], r["score"]]
                for r in data["inventory"]
            ],
        ),
    ]


def render_xlsx(data: dict[str, Any]) -> bytes:
    return to_xlsx(tables(data))
