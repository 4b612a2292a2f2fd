"""Two journeys compared side by side (chains and experience curves), and a journey built from a
library template (its steps matched to the inventory)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touchpoints.inventory.choices import Stage
from touchpoints.inventory.models import Touchpoint
from touchpoints.journeys import selectors, services
from touchpoints.journeys.charts import curve_spec
from touchpoints.journeys.choices import Verdict
from touchpoints.journeys.compare import compare_chains
from touchpoints.journeys.document import experience_text
from touchpoints.journeys.forms import FromTemplateForm
from touchpoints.journeys.views import board
from touchpoints.lib.charts import chart_html
from touchpoints.lib.http import int_param, int_params
from touchpoints.library.models import JourneyTemplate
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability


@workspace_view()
def journey_compare(request: HttpRequest, access: Access) -> HttpResponse:
    choices = list(selectors.journey_choices(workspace=access.workspace))
    by_id = {j.pk: j for j in choices}
    a_id, b_id = request.GET.get("a", ""), request.GET.get("b", "")
    first = by_id.get(int_param(a_id) or 0)
    second = by_id.get(int_param(b_id) or 0)
    if (a_id and first is None) or (b_id and second is None):
        raise Http404
    context: dict[str, Any] = {"choices": choices, "first": first, "second": second}
    if first is not None and second is not None:
        first_map = selectors.journey_map(journey=board.journey_of(access, first.pk))
        second_map = selectors.journey_map(journey=board.journey_of(access, second.pk))
        result = compare_chains(first_map.chain, second_map.chain)
        numbers_a = {s.id: n for n, s in enumerate(first_map.chain.steps, 1)}
        numbers_b = {s.id: n for n, s in enumerate(second_map.chain.steps, 1)}
        slug = access.workspace.slug
        rows = [
            {
                "row": r,
                "a_n": numbers_a.get(r.first.id) if r.first else None,
                "b_n": numbers_b.get(r.second.id) if r.second else None,
                "a_exp": experience_text(r.first.experience) if r.first else "",
                "b_exp": experience_text(r.second.experience) if r.second else "",
                "a_tone": board.experience_tone(r.first.experience) if r.first else "",
                "b_tone": board.experience_tone(r.second.experience) if r.second else "",
                "verdict_label": Verdict(r.verdict).label,
                "stage_label": Stage(r.stage).label,
                "url": board.touchpoint_url(slug, r.touchpoint_id),
            }
            for r in result.rows
        ]
        points = []
        names = [f"{j.name} · {j.brand.name}" for j in (first, second)]
        if names[0] == names[1]:
            names = [f"{name} (#{j.pk})" for name, j in zip(names, (first, second))]
        series = dict(zip(names, (first.brand.color, second.brand.color)))
        for i, r in enumerate(result.rows, 1):
            for name, step in zip(names, (r.first, r.second)):
                if step is not None:
                    points.append(
                        {
                            "label": f"{i}. {r.name[:40]}",
                            "value": step.experience,
                            "journey": name,
                            "source_label": step.source or "—",
                        }
                    )
        colors = series if len(set(series.values())) == 2 else None
        context.update(
            {
                "result": result,
                "rows": rows,
                "first_map": first_map,
                "second_map": second_map,
                "chart": chart_html(
                    curve_spec(points, color_field="journey", height=220, colors=colors), "compare-curve", height=240
                ),
                "first_mean": experience_text(result.first_mean) if result.first_mean is not None else "—",
                "second_mean": experience_text(result.second_mean) if result.second_mean is not None else "—",
            }
        )
    return render(request, "journeys/compare.html", context)


OTHER_CHOICES = 300


def _other_choices(access: Access, row: Any) -> list[tuple[int, str]]:
    """Any other touchpoint of the inventory a template step may be mapped to: all of them in a
    small inventory, else those at the step's stage (bounded)."""
    inventory = getattr(access.workspace, "_mapping_inventory", None)
    if inventory is None:
        inventory = list(
            Touchpoint.objects.filter(workspace=access.workspace).order_by("name").values_list("pk", "name", "stages")
        )
        access.workspace._mapping_inventory = inventory  # type: ignore[attr-defined]
    shown = {s.id for s in row.suggestions} | ({row.found.pk} if row.found else set())
    pool = inventory if len(inventory) <= OTHER_CHOICES else [t for t in inventory if row.step.stage in (t[2] or [])]
    return [(pk, name) for pk, name, _stages in pool if pk not in shown][:OTHER_CHOICES]


@workspace_view(Capability.EDIT)
def journey_from_template(request: HttpRequest, access: Access) -> HttpResponse:
    """Two steps: pick a template and a brand; then check how each template step lands in the
    inventory (an existing touchpoint, a suggested look-alike, or added from the library) and create."""
    initial = {"brand": getattr(access.workspace.brands.filter(is_own=True).first(), "pk", None)}
    template = int_param(request.GET.get("template"))
    if template is not None:
        initial["template"] = template
    form = FromTemplateForm(request.POST or None, workspace=access.workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rows = selectors.template_mapping(workspace=access.workspace, template=data["template"])
        errors: list[str] = []
        if request.POST.get("confirm"):
            picked = {row.index: request.POST.get(f"map_{row.index}", "") for row in rows}
            found = {str(t.pk): t for t in Touchpoint.objects.filter(pk__in=int_params(picked.values()))}
            chosen = {index: found[value] for index, value in picked.items() if value in found}
            if any(value and value not in found for value in picked.values()):
                errors.append(_("A chosen touchpoint no longer exists; check the mapping again."))
            else:
                try:
                    result = services.journey_create_from_template(
                        workspace=access.workspace,
                        template=data["template"],
                        brand=data["brand"],
                        name=data["name"],
                        segments=data["segments"],
                        created_by=request.user,
                        chosen=chosen,
                    )
                except ValidationError as exc:
                    errors.extend(exc.messages)
                else:
                    steps = result.journey.steps.count()
                    new = len(result.created_touchpoints)
                    messages.success(
                        request,
                        " ".join(
                            [
                                ngettext(
                                    "Created “%(name)s” with %(n)s step.", "Created “%(name)s” with %(n)s steps.", steps
                                )
                                % {"name": result.journey.name, "n": steps},
                                ngettext(
                                    "%(n)s touchpoint added to the inventory,",
                                    "%(n)s touchpoints added to the inventory,",
                                    new,
                                )
                                % {"n": new},
                                ngettext("%(n)s found there.", "%(n)s found there.", steps - new) % {"n": steps - new},
                            ]
                        ),
                    )
                    return redirect("journeys:detail", slug=access.workspace.slug, pk=result.journey.pk)
        stage_labels = dict(Stage.choices)
        return render(
            request,
            "journeys/from_template_preview.html",
            {
                "form": form,
                "template": data["template"],
                "errors": errors,
                "rows": [
                    {
                        "row": row,
                        "stage_label": stage_labels.get(row.step.stage, row.step.stage),
                        "expected": experience_text(max(-2, min(2, row.step.expected))),
                        "others": _other_choices(access, row),
                    }
                    for row in rows
                ],
            },
            status=400 if errors else 200,
        )
    templates = list(JourneyTemplate.objects.select_related("pack", "next").prefetch_related("steps__template"))
    return render(
        request,
        "journeys/from_template.html",
        {"form": form, "templates": templates},
        status=400 if form.errors else 200,
    )
