"""Writes of criteria: the workspace's copy of the library's criteria, its own criteria, and the
criteria attached to a touchpoint."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from touchpoints.audits.library import general_criteria
from touchpoints.audits.models import (
    GENERAL_KIND,
    Criterion,
    CriterionAttachment,
)
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.validation import check_fields
from touchpoints.workspaces.models import Workspace


@transaction.atomic
def criteria_sync(*, workspace: Workspace) -> int:
    """Gives the workspace its own copy of every library criterion and of the general set that it
    does not have yet; never touches the ones it has (edited or switched off). Returns how many
    were added."""
    from touchpoints.library.models import CriterionTemplate

    have_templates = set(
        Criterion.objects.filter(workspace=workspace, from_template__isnull=False).values_list(
            "from_template_id", flat=True
        )
    )
    have_general = set(Criterion.objects.filter(workspace=workspace, kind=GENERAL_KIND).values_list("code", flat=True))
    new = [
        Criterion(workspace=workspace, kind=t.kind.code, code=t.code, from_template=t, position=t.position)
        for t in CriterionTemplate.objects.select_related("kind").exclude(pk__in=have_templates)
    ]
    new += [
        Criterion(workspace=workspace, kind=GENERAL_KIND, code=code, position=row["position"])
        for code, row in general_criteria().items()
        if code not in have_general
    ]
    # A workspace's custom criterion may already use a library code in the same kind.
    taken = set(Criterion.objects.filter(workspace=workspace).exclude(code="").values_list("kind", "code"))
    for crit in new:
        if crit.from_template_id and (crit.kind, crit.code) in taken:
            crit.code = ""
    Criterion.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _weight(value: Any) -> Decimal:
    try:
        weight = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"weight": _("The weight must be a number, e.g. 1 or 2.5.")}) from None
    if not weight.is_finite() or weight <= 0 or weight > 1000:
        raise ValidationError({"weight": _("The weight must be above 0 and at most 1000.")})
    return weight.quantize(Decimal("0.01"))


CRITERION_FIELDS = ("kind", "name", "description", "weight", "active")


@transaction.atomic
def criterion_create(
    *, workspace: Workspace, kind: str, name: str, description: str = "", weight: Any = 1, active: bool = True
) -> Criterion:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the criterion a name.")})
    position = (Criterion.objects.filter(workspace=workspace, kind=kind).aggregate(m=Max("position"))["m"] or 0) + 1
    crit = Criterion(
        workspace=workspace,
        kind=(kind or GENERAL_KIND).strip(),
        name=name,
        description=(description or "").strip(),
        weight=_weight(weight),
        active=active,
        position=position,
    )
    crit.full_clean(exclude=["workspace", "from_template"])
    crit.save()
    return crit


@transaction.atomic
def criterion_update(*, criterion: Criterion, **fields: Any) -> Criterion:
    check_fields(fields, CRITERION_FIELDS)
    if "weight" in fields:
        fields["weight"] = _weight(fields["weight"])
    for key in ("name", "description", "kind"):
        if key in fields:
            fields[key] = (fields[key] or "").strip()
    if "kind" in fields and not fields["kind"]:
        fields["kind"] = GENERAL_KIND
    for key, value in fields.items():
        setattr(criterion, key, value)
    if not criterion.name and not criterion.from_template_id and criterion.kind != GENERAL_KIND:
        raise ValidationError({"name": _("Give the criterion a name.")})
    criterion.full_clean(exclude=["workspace", "from_template"])
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion) -> None:
    if criterion.from_template_id or (criterion.kind == GENERAL_KIND and criterion.code in general_criteria()):
        raise ValidationError(_("Built-in criteria can be switched off, not deleted."))
    if criterion.scores.exists():
        raise ValidationError(
            _("“%(name)s” has scores in audits: switch it off instead, so those audits keep their answers.")
            % {"name": criterion.label}
        )
    criterion.delete()


def _own_criteria(workspace: Workspace, criteria: Iterable[Criterion | int]) -> list[Criterion]:
    ids = [cr.pk if isinstance(cr, Criterion) else int(cr) for cr in criteria]
    found = {cr.pk: cr for cr in Criterion.objects.filter(pk__in=ids)}
    for cid in ids:
        crit = found.get(cid)
        # Another workspace's criterion gets the very message of a missing one: its existence is
        # not ours to reveal.
        if crit is None or crit.workspace_id != workspace.pk:
            raise ValidationError({"criteria": _("There is no criterion %(id)s.") % {"id": cid}})
    return [found[cid] for cid in dict.fromkeys(ids)]


@transaction.atomic
def touchpoint_criteria_set(*, touchpoint: Touchpoint, criteria: Sequence[Criterion | int]) -> list[Criterion]:
    """Attaches exactly these criteria to the touchpoint, in this order; an empty list returns it
    to the criteria of its kind."""
    chosen = _own_criteria(touchpoint.workspace, criteria)
    CriterionAttachment.objects.filter(touchpoint=touchpoint).delete()
    CriterionAttachment.objects.bulk_create(
        [CriterionAttachment(touchpoint=touchpoint, criterion=crit, position=pos) for pos, crit in enumerate(chosen)]
    )
    return chosen
