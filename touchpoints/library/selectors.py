from __future__ import annotations

from django.db.models import QuerySet

from touchpoints.lib.querysets import filter_given
from touchpoints.library.models import Pack, TouchpointTemplate


def template_list(*, q: str = "", pack: str = "", channel: str = "", stage: str = "") -> QuerySet[TouchpointTemplate]:
    qs = TouchpointTemplate.objects.select_related("pack", "parent", "kind")
    if q.strip():
        for word in q.strip().lower().split():
            qs = qs.filter(search_text__contains=word)
    qs = filter_given(qs, pack__code=pack, channel=channel)
    if stage:
        qs = qs.filter(stages__contains=f",{stage},")
    return qs


def pack_list() -> QuerySet[Pack]:
    return Pack.objects.all()
