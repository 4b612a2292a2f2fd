"""Coverage by customer segment: for each segment, the touchpoints relevant to it, how many of them
were audited from its perspective, the customers' answers given from it, and the gaps (relevant
touchpoints never audited from its perspective, or missing for your brand)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from touchpoints.audits import choices as ac
from touchpoints.audits.models import AuditItem
from touchpoints.dashboard import specs
from touchpoints.dashboard.selectors import feedback_sums, inventory_url
from touchpoints.dashboard.widgets import Widget, register
from touchpoints.inventory import choices as c
from touchpoints.inventory.models import Presence, Touchpoint

Through = Touchpoint.segments.through


@register
class SegmentCoverage(Widget):
    name = "segments"

    def select(self, workspace: Any) -> list[dict[str, Any]]:
        segments = list(workspace.segments.values_list("pk", "name", "share"))
        if not segments:
            return []
        ids = [pk for pk, _n, _s in segments]
        # (segment, touchpoint) pairs: relevant ones, audited from the segment's perspective, and
        # the own brand's missing touchpoints; counted in Python (a few flat queries).
        relevant_pairs = set(Through.objects.filter(segment_id__in=ids).values_list("segment_id", "touchpoint_id"))
        perspective = dict(
            workspace.audits.filter(segment_id__in=ids, status__in=ac.FINISHED).values_list("pk", "segment_id")
        )
        audited_pairs = (
            {
                (perspective[a], tp)
                for a, tp in AuditItem.objects.filter(audit_id__in=list(perspective)).values_list(
                    "audit_id", "touchpoint_id"
                )
            }
            if perspective
            else set()
        )
        own_missing = set(
            Presence.objects.filter(
                brand__workspace=workspace, brand__is_own=True, status=c.PresenceStatus.MISSING
            ).values_list("touchpoint_id", flat=True)
        )
        relevant: dict[int, int] = {}
        audited: dict[int, int] = {}
        missing: dict[int, int] = {}
        for pair in relevant_pairs:
            relevant[pair[0]] = relevant.get(pair[0], 0) + 1
            if pair in audited_pairs:
                audited[pair[0]] = audited.get(pair[0], 0) + 1
            if pair[1] in own_missing:
                missing[pair[0]] = missing.get(pair[0], 0) + 1
        perspective_audits: dict[int, int] = {}
        for seg in perspective.values():
            perspective_audits[seg] = perspective_audits.get(seg, 0) + 1
        answers = self._answers(workspace)
        rows = []
        for pk, name, share in segments:
            n = relevant.get(pk, 0)
            rows.append(
                {
                    "pk": pk,
                    "name": name,
                    "share": share,
                    "relevant": n,
                    "audited": audited.get(pk, 0),
                    "not_audited": n - audited.get(pk, 0),
                    "missing": missing.get(pk, 0),
                    "audits": perspective_audits.get(pk, 0),
                    "url": inventory_url(workspace, segment=pk),
                    "answers": answers[pk].n if pk in answers else 0,
                    "answers_positive": round(100 * (answers[pk].share_pos or 0)) if pk in answers else None,
                }
            )
        return rows

    @staticmethod
    def _answers(workspace: Any) -> dict[int, Any]:
        """Segment id → the customers' answers given from it (a ``Cell``: count and shares), from
        the feedback roll-up shared with the feedback widgets."""
        from touchpoints.feedback.stats import Cell

        out: dict[int, Any] = {}
        for (_week, _brand, segment), cell in feedback_sums(workspace)["cells"].items():
            if segment is not None:
                out.setdefault(segment, Cell()).add(cell)
        return out

    def spec(self, data: list[dict[str, Any]], workspace: Any) -> dict[str, Any] | None:
        if not any(r["relevant"] for r in data):
            return None
        measures = [
            ("relevant", _("Relevant touchpoints")),
            ("audited", _("Audited from its perspective")),
            ("missing", _("Missing for your brand")),
        ]
        values = [
            {"segment": r["name"], "measure": str(label), "count": r[key], "url": r["url"]}
            for r in data
            for key, label in measures
        ]
        return specs.segment_bars(
            values,
            segment_title=_("Segment"),
            count_title=pgettext("number of", "Touchpoints"),
            measure_title=_("Measure"),
        )
