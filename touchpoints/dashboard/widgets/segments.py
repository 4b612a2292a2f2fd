"""Coverage by customer segment: for each segment, the touchpoints relevant to it, how many of them
were audited from its perspective, and the gaps (relevant touchpoints never audited from its
perspective, or missing for your brand)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from touchpoints.audits import choices as ac
from touchpoints.audits.models import AuditItem
from touchpoints.dashboard import specs
from touchpoints.dashboard.selectors import inventory_url
from touchpoints.dashboard.widgets import Widget, register
from touchpoints.inventory import choices as c
from touchpoints.inventory.models import Presence, Touchpoint

Through = Touchpoint.segments.through


@register
class SegmentCoverage(Widget):
    name = "segments"
    title = gettext_lazy("Coverage by customer segment")
    order = 90
    template = "dashboard/widgets/segments.html"
    empty_text = gettext_lazy("No customer segments yet. Describe who your customers are (say, women 35–55, "
                              "six in ten of them): every segment needs touchpoints that work for it.")
    empty_link = ("workspaces:segments", gettext_lazy("Add segments"))

    def select(self, workspace: Any) -> list[dict[str, Any]]:
        segments = list(workspace.segments.values_list("pk", "name", "share"))
        if not segments:
            return []
        links = Through.objects.filter(segment__workspace=workspace)
        relevant = dict(links.values_list("segment_id").annotate(n=Count("touchpoint_id")))
        audited_from = AuditItem.objects.filter(touchpoint_id=OuterRef("touchpoint_id"),
                                                audit__segment_id=OuterRef("segment_id"),
                                                audit__status__in=ac.FINISHED)
        audited = dict(links.filter(Exists(audited_from)).values_list("segment_id").annotate(n=Count("touchpoint_id")))
        missing_q = Presence.objects.filter(touchpoint_id=OuterRef("touchpoint_id"), brand__is_own=True,
                                            status=c.PresenceStatus.MISSING)
        missing = dict(links.filter(Exists(missing_q)).values_list("segment_id").annotate(n=Count("touchpoint_id")))
        perspective_audits = dict(workspace.audits.filter(segment__isnull=False, status__in=ac.FINISHED)
                                  .values_list("segment_id").annotate(n=Count("pk")))
        rows = []
        for pk, name, share in segments:
            n = relevant.get(pk, 0)
            rows.append({
                "pk": pk, "name": name, "share": share, "relevant": n, "audited": audited.get(pk, 0),
                "not_audited": n - audited.get(pk, 0), "missing": missing.get(pk, 0),
                "audits": perspective_audits.get(pk, 0), "url": inventory_url(workspace, segment=pk),
            })
        return rows

    def spec(self, data: list[dict[str, Any]], workspace: Any) -> dict[str, Any] | None:
        if not any(r["relevant"] for r in data):
            return None
        measures = [("relevant", _("Relevant touchpoints")), ("audited", _("Audited from its perspective")),
                    ("missing", _("Missing for your brand"))]
        values = [{"segment": r["name"], "measure": str(label), "count": r[key], "url": r["url"]}
                  for r in data for key, label in measures]
        return specs.segment_bars(values, segment_title=_("Segment"), count_title=pgettext("number of", "Touchpoints"),
                                  measure_title=_("Measure"))
