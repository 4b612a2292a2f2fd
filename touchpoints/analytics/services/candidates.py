"""Channels of a log that the inventory lacks: added as touchpoints of the own brand, or linked
to a touchpoint that meanwhile matches them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touchpoints.analytics.choices import RunStatus
from touchpoints.analytics.engine.matching import match_channels
from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.services.matching import apply_matching, workspace_refs
from touchpoints.inventory import choices as inventory_choices
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.lib.i18n import grouped


@transaction.atomic
def candidates_add(*, run: AnalysisRun, channels: Iterable[str], created_by: Any = None) -> list[Touchpoint]:
    """Add channels the log has and the inventory lacks as touchpoints (the own brand has them:
    customers use them), and link this run's attribution to them. A channel that meanwhile
    matches a touchpoint (by code or name) is linked to it instead of being added twice."""
    run = AnalysisRun.objects.select_for_update().select_related("workspace").get(pk=run.pk)
    if run.status != RunStatus.DONE or not run.result:
        raise ValidationError(_("The analysis has not finished."))
    wanted = list(dict.fromkeys(str(c) for c in channels))
    if not wanted:
        raise ValidationError({"channels": _("Choose at least one channel to add.")})
    data = run.result
    matching = data.get("matching") or {"matched": [], "candidates": []}
    candidates = list(matching.get("candidates") or [])
    unknown = [c for c in wanted if c not in candidates]
    if unknown:
        raise ValidationError(
            {"channels": _("“%(channel)s” is not an unmatched channel of this analysis.") % {"channel": unknown[0]}}
        )
    workspace = run.workspace
    refs = workspace_refs(workspace.pk)
    existing = match_channels(wanted, refs)
    own = workspace.brands.filter(is_own=True).order_by("pk").first()
    used_codes = {code for _, _, code in refs if code}
    stats = {c["channel"]: c for c in data.get("channels", [])}
    added: list[Touchpoint] = []
    linked: dict[str, int] = {}
    for channel in wanted:
        if channel in existing.matched:
            linked[channel] = int(str(existing.matched[channel]))
            continue
        code = slugify(channel)[:80].strip("-")
        if not code or code in used_codes:
            code = ""
        used_codes.add(code)
        row = stats.get(channel, {})
        events, journeys = row.get("events", 0), row.get("journeys", 0)
        note = _(
            "Found in the interaction log “%(source)s” (analysis “%(run)s”, %(date)s): %(touches)s in %(journeys)s."
        ) % {
            "source": run.source_name,
            "run": run.name,
            "date": (run.finished_at or timezone.now()).date().isoformat(),
            "touches": ngettext("%(n)s touch", "%(n)s touches", events) % {"n": grouped(events)},
            "journeys": ngettext("%(n)s journey", "%(n)s journeys", journeys) % {"n": grouped(journeys)},
        }
        touchpoint = touchpoint_create(
            workspace=workspace,
            name=channel.strip()[:200],
            code=code,
            notes=note,
            created_by=created_by,
            presence={own.pk: inventory_choices.PresenceStatus.EXISTS} if own else None,
        )
        added.append(touchpoint)
        linked[channel] = touchpoint.pk
    matched = [m for m in matching.get("matched", []) if m["channel"] not in linked]
    matched += [{"channel": c, "touchpoint_id": t, "by": "added"} for c, t in linked.items()]
    data["matching"] = {"matched": matched, "candidates": [c for c in candidates if c not in linked]}
    mapping = {m["channel"]: int(m["touchpoint_id"]) for m in matched}
    apply_matching(data, mapping)
    run.result = data
    run.save(update_fields=["result"])
    return added
