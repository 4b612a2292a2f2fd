"""Reads of criteria: the workspace's criteria by kind and the checklist each touchpoint is scored
on (attached criteria, else its kind's, else the general set)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db.models import QuerySet

from touchpoints.audits.library import kind_for
from touchpoints.audits.models import (
    CUSTOM_KIND,
    GENERAL_KIND,
    Criterion,
    CriterionAttachment,
)
from touchpoints.inventory.models import Touchpoint
from touchpoints.workspaces.models import Workspace


def criterion_queryset(*, workspace: Workspace) -> QuerySet[Criterion]:
    return Criterion.objects.filter(workspace=workspace).select_related("from_template")


def criteria_by_kind(*, workspace: Workspace, active_only: bool = True) -> dict[str, list[Criterion]]:
    qs = criterion_queryset(workspace=workspace)
    if active_only:
        qs = qs.filter(active=True)
    out: dict[str, list[Criterion]] = {}
    for crit in qs.order_by("kind", "position", "id"):
        out.setdefault(crit.kind, []).append(crit)
    return out


def kind_labels() -> dict[str, str]:
    """Kind code → name in the reader's language (library kinds, plus the general set)."""
    from django.utils.translation import gettext as _

    from touchpoints.library.models import CriterionKind

    labels = {k.code: k.name for k in CriterionKind.objects.all()}
    labels[GENERAL_KIND] = _("General")
    labels[CUSTOM_KIND] = _("Custom (only where attached)")
    return labels


def touchpoint_kinds(*, touchpoints: Iterable[tuple[int, str | None, str]]) -> dict[int, str | None]:
    """(id, template kind code, channel) → touchpoint id → criterion kind."""
    return {tp_id: kind_for(template_kind=kind, channel=channel) for tp_id, kind, channel in touchpoints}


def checklists(*, workspace: Workspace, touchpoint_ids: Collection[int]) -> dict[int, list[tuple[int, float]]]:
    """Touchpoint id → [(criterion id, weight)]: its attached criteria when it has any, else the
    active criteria of its kind, else the general set. Three queries whatever the number."""
    ids = list(touchpoint_ids)
    rows = Touchpoint.objects.filter(workspace=workspace, pk__in=ids).values_list(
        "pk", "template__kind__code", "channel"
    )
    kinds = touchpoint_kinds(touchpoints=rows)
    by_kind = criteria_by_kind(workspace=workspace)
    attached: dict[int, list[tuple[int, float]]] = {}
    for tp_id, crit_id, weight in (
        CriterionAttachment.objects.filter(
            touchpoint_id__in=ids, criterion__workspace=workspace, criterion__active=True
        )
        .order_by("position", "id")
        .values_list("touchpoint_id", "criterion_id", "criterion__weight")
    ):
        attached.setdefault(tp_id, []).append((crit_id, float(weight)))
    general = [(crit.pk, float(crit.weight)) for crit in by_kind.get(GENERAL_KIND, [])]
    out: dict[int, list[tuple[int, float]]] = {}
    for tp_id in ids:
        if tp_id in attached:
            out[tp_id] = attached[tp_id]
            continue
        kind = kinds.get(tp_id)
        own = (
            [(crit.pk, float(crit.weight)) for crit in by_kind.get(kind or "", [])]
            if kind not in (GENERAL_KIND, CUSTOM_KIND)
            else []
        )
        out[tp_id] = own or general
    return out


def touchpoint_checklist(*, touchpoint: Touchpoint) -> tuple[list[Criterion], bool, str | None]:
    """The criteria a touchpoint is scored on, whether they are attached explicitly, and its kind."""
    attached = list(
        Criterion.objects.filter(attachments__touchpoint=touchpoint)
        .select_related("from_template")
        .order_by("attachments__position", "attachments__id")
    )
    kind_of_template = touchpoint.template.kind if touchpoint.template_id and touchpoint.template else None
    template_kind = kind_of_template.code if kind_of_template is not None else None
    kind = kind_for(template_kind=template_kind, channel=touchpoint.channel)
    if attached:
        return attached, True, kind
    ids = [cid for cid, _w in checklists(workspace=touchpoint.workspace, touchpoint_ids=[touchpoint.pk])[touchpoint.pk]]
    crits = {c_.pk: c_ for c_ in criterion_queryset(workspace=touchpoint.workspace).filter(pk__in=ids)}
    return [crits[i] for i in ids if i in crits], False, kind
