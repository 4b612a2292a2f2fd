"""What the results page and the exports show, computed from a run's result (no ORM).

The result is the engine's JSON (docs/analytics.md); a segment's part has the same sections.
Everything here takes plain dicts and returns plain dicts and lists, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from touchpoints.analytics import dfg
from touchpoints.analytics.choices import MATCHED_BY_LABELS, TIME_BUCKET_LABELS, model_definition, model_label
from touchpoints.lib.exporting import Table
from touchpoints.lib.i18n import figure, grouped

PREFERRED_MODEL_ORDER = ("markov_1", "shapley", "linear")
VARIANTS_SHOWN = 20


def segment_names(result: Mapping[str, Any] | None) -> list[str]:
    return [str(s.get("segment")) for s in (result or {}).get("segments") or []]


def segment_part(result: Mapping[str, Any], segment: str | None) -> Mapping[str, Any] | None:
    """The whole result, or a segment's part of it (None when the segment is not in it)."""
    if not segment:
        return result
    for s in result.get("segments") or []:
        if str(s.get("segment")) == segment:
            return s.get("result") or {}
    return None


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = float(seconds)
    if s < 90:
        return _("%(n)s s") % {"n": number_format(round(s), 0)}
    if s < 90 * 60:
        return _("%(n)s min") % {"n": number_format(round(s / 60), 0)}
    if s < 36 * 3600:
        return _("%(n)s h") % {"n": number_format(round(s / 3600, 1), 1)}
    return _("%(n)s d") % {"n": number_format(round(s / 86400, 1), 1)}


def percent(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "—"
    return number_format(round(100.0 * float(x), digits), digits) + "%"


def num(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "—"
    if float(x).is_integer() and digits:
        return grouped(int(x))
    return figure(x, digits)


# ---- attribution ---------------------------------------------------------------------------


def model_keys(part: Mapping[str, Any]) -> list[str]:
    keys = [m["key"] for m in part.get("models", [])]
    seen = {row["model"] for row in part.get("attribution", [])}
    return [k for k in keys if k in seen] + sorted(seen - set(keys))


def models_info(part: Mapping[str, Any]) -> list[dict[str, str]]:
    info = {m["key"]: m for m in part.get("models", [])}
    return [
        {
            "key": k,
            "label": model_label(k),
            "definition": model_definition(k) or info.get(k, {}).get("definition", ""),
            "reference": info.get(k, {}).get("reference", ""),
        }
        for k in model_keys(part)
    ]


def primary_model(keys: Sequence[str]) -> str | None:
    for key in PREFERRED_MODEL_ORDER:
        if key in keys:
            return key
    return keys[0] if keys else None


@dataclass
class AttributionCell:
    model: str
    conversions: float
    share: float
    value: float
    low: float | None
    high: float | None


def attribution_matrix(part: Mapping[str, Any], touchpoints: Mapping[str, int | None] | None = None) -> dict[str, Any]:
    """Channels × models, channels sorted by the primary model's credit (largest first)."""
    keys = model_keys(part)
    cells: dict[str, dict[str, AttributionCell]] = {}
    for row in part.get("attribution", []):
        cells.setdefault(row["channel"], {})[row["model"]] = AttributionCell(
            row["model"],
            float(row.get("conversions") or 0),
            float(row.get("share") or 0),
            float(row.get("value") or 0),
            row.get("conversions_low"),
            row.get("conversions_high"),
        )
    primary = primary_model(keys)

    def primary_conversions(channel: str) -> float:
        cell = cells[channel].get(primary) if primary else None
        return cell.conversions if cell is not None else 0.0

    channels = sorted(cells, key=lambda c: (-primary_conversions(c), c))
    touchpoints = touchpoints or {}
    has_ci = any(cell.low is not None for row in cells.values() for cell in row.values())
    has_value = any(cell.value for row in cells.values() for cell in row.values())
    return {
        "models": [{"key": k, "label": model_label(k)} for k in keys],
        "primary": primary,
        "has_ci": has_ci,
        "has_value": has_value,
        "rows": [
            {"channel": c, "touchpoint_id": touchpoints.get(c), "cells": [cells[c].get(k) for k in keys]}
            for c in channels
        ],
    }


# ---- chains --------------------------------------------------------------------------------


def variant_rows(part: Mapping[str, Any], limit: int = VARIANTS_SHOWN) -> list[dict[str, Any]]:
    total = float((part.get("summary") or {}).get("journeys") or 0)
    return [{**v, "share": (v["journeys"] / total) if total else 0.0} for v in part.get("variants", [])[:limit]]


def drop_off_rows(part: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = [c for c in part.get("channels", []) if c.get("events")]
    rows.sort(key=lambda c: (-float(c.get("drop_off_rate") or 0), -int(c.get("drop_offs") or 0), c["channel"]))
    return rows


def endpoint_rows(rows: Iterable[Mapping[str, Any]], total: float) -> list[dict[str, Any]]:
    rows = list(rows)
    top = max([r["journeys"] for r in rows] + [1])
    return [{**r, "share": (r["journeys"] / total) if total else 0.0, "bar": r["journeys"] / top} for r in rows]


def time_to_conversion(part: Mapping[str, Any]) -> dict[str, Any]:
    ttc = part.get("time_to_conversion") or {}
    quantiles = ttc.get("quantiles_seconds") or {}
    return {
        "conversions": ttc.get("conversions") or 0,
        "mean": duration(ttc.get("mean_seconds")) if ttc.get("mean_seconds") is not None else "—",
        "median": duration(quantiles.get("p50")) if quantiles.get("p50") is not None else "—",
        "quantiles": [(key.upper(), duration(v)) for key, v in quantiles.items() if v is not None],
        "histogram": [
            {"bucket": str(TIME_BUCKET_LABELS.get(b["bucket"], b["bucket"])), "conversions": b["conversions"]}
            for b in ttc.get("histogram") or []
        ],
    }


def matching_rows(result: Mapping[str, Any], names: Mapping[int, str]) -> dict[str, Any]:
    matching = result.get("matching") or {}
    stats = {c["channel"]: c for c in result.get("channels", [])}
    matched = []
    for m in matching.get("matched", []):
        tid = m.get("touchpoint_id")
        matched.append(
            {
                "channel": m["channel"],
                "touchpoint_id": tid,
                "touchpoint": names.get(tid, ""),
                "by": str(MATCHED_BY_LABELS.get(m.get("by"), m.get("by") or "")),
                "events": stats.get(m["channel"], {}).get("events", 0),
            }
        )
    candidates = [
        {"channel": c, "events": stats.get(c, {}).get("events", 0), "journeys": stats.get(c, {}).get("journeys", 0)}
        for c in matching.get("candidates", [])
    ]
    candidates.sort(key=lambda c: (-c["events"], c["channel"]))
    matched.sort(key=lambda c: (-c["events"], c["channel"]))
    return {"matched": matched, "candidates": candidates, "unmatched_set": set(matching.get("candidates", []))}


def channel_labels(result: Mapping[str, Any], names: Mapping[int, str]) -> dict[str, str]:
    """Channel → the name of the touchpoint it was matched to (channels not matched are absent)."""
    matched = ((result.get("matching") or {}).get("matched")) or []
    return {m["channel"]: names[m["touchpoint_id"]] for m in matched if names.get(m.get("touchpoint_id"))}


def transition_rows(part: Mapping[str, Any], graph: dfg.Graph, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Every transition for the table under the graph, with the touchpoints' names and whether the
    graph draws it (the ones it leaves out first, strongest first)."""
    hidden = set(graph.hidden_flows)
    rows = [
        {
            **t,
            "source_label": labels.get(t["source"], t["source"]),
            "target_label": labels.get(t["target"], t["target"]),
            "drawn": (t["source"], t["target"]) not in hidden,
        }
        for t in part.get("transitions", [])
    ]
    rows.sort(key=lambda r: (r["drawn"], -int(r["count"]), r["source"], r["target"]))
    return rows


def dfg_svg(
    part: Mapping[str, Any], matched: Iterable[str], names: Mapping[str, str] | None = None
) -> tuple[str, dfg.Graph]:
    """``names``: channel → matched touchpoint's name (see :func:`channel_labels`)."""
    graph = dfg.build_graph(
        part,
        labels={"start": _("Start"), "conversion": _("Conversion"), "drop_off": _("Drop-off")},
        matched=matched,
        names=names,
    )

    def tooltip(edge: dfg.Edge, a: dfg.Node, b: dfg.Node) -> str:
        if edge.kind == "start":
            return ngettext("%(n)s journey starts at %(b)s", "%(n)s journeys start at %(b)s", edge.count) % {
                "n": edge.count,
                "b": b.label,
            }
        if edge.kind == "conversion":
            return ngettext("%(n)s journey converts at %(a)s", "%(n)s journeys convert at %(a)s", edge.count) % {
                "n": edge.count,
                "a": a.label,
            }
        if edge.kind == "drop_off":
            return ngettext(
                "%(n)s journey ends at %(a)s without converting",
                "%(n)s journeys end at %(a)s without converting",
                edge.count,
            ) % {"n": edge.count, "a": a.label}
        return ngettext(
            "%(a)s → %(b)s: once, time between %(t)s",
            "%(a)s → %(b)s: %(n)s times, median time between %(t)s",
            edge.count,
        ) % {"a": a.label, "b": b.label, "n": edge.count, "t": duration(edge.median_seconds)}

    def caption(node: dfg.Node) -> str:
        if node.kind == "channel":
            return ngettext("%(n)s touch · %(d)s drop-off", "%(n)s touches · %(d)s drop-off", node.events) % {
                "n": num(node.events, 0),
                "d": percent(node.drop_off_rate, 0),
            }
        return ngettext("%(n)s journey", "%(n)s journeys", node.events) % {"n": num(node.events, 0)}

    svg = dfg.render_svg(
        graph,
        duration=duration,
        tooltip=tooltip,
        node_caption=caption,
        title=_("Directly-follows graph"),
        legend={
            "matched": _("in the inventory"),
            "candidate": _("not in the inventory"),
            "drop_off": _("drop-off after the touch"),
            "edges": _("width: number of transitions; label: count · median time between"),
        },
    )
    return svg, graph


# ---- exports -------------------------------------------------------------------------------


def attribution_table(rows: Iterable[Any], *, touchpoint_names: Mapping[int, str] | None = None) -> Table:
    """Attribution rows (models' ``Attribution`` or dicts) as one long table."""
    names = touchpoint_names or {}
    columns = [
        _("Segment"),
        _("Channel"),
        _("Touchpoint id"),
        _("Touchpoint"),
        _("Model key"),
        _("Model"),
        _("Conversions"),
        _("Share of conversions"),
        _("Value"),
        _("Conversions, lower bound"),
        _("Conversions, upper bound"),
        _("Value, lower bound"),
        _("Value, upper bound"),
    ]
    keys = [
        "segment",
        "channel",
        "touchpoint_id",
        "touchpoint",
        "model",
        "model_label",
        "conversions",
        "share",
        "value",
        "conversions_low",
        "conversions_high",
        "value_low",
        "value_high",
    ]

    def get(row: Any, attr: str) -> Any:
        return row.get(attr) if isinstance(row, Mapping) else getattr(row, attr)

    body = []
    for r in rows:
        tid = get(r, "touchpoint_id")
        body.append(
            [
                get(r, "segment") or "",
                get(r, "channel"),
                tid,
                names.get(tid, "") if tid else "",
                get(r, "model"),
                model_label(get(r, "model")),
                round(get(r, "conversions"), 6),
                round(get(r, "share"), 6),
                round(get(r, "value"), 6),
                get(r, "ci_low"),
                get(r, "ci_high"),
                get(r, "value_low"),
                get(r, "value_high"),
            ]
        )
    return Table(name=_("Attribution"), columns=columns, rows=body, keys=keys)


def attribution_wide_table(part: Mapping[str, Any]) -> Table:
    matrix = attribution_matrix(part)
    columns = [_("Channel")] + [m["label"] for m in matrix["models"]]
    body = [[row["channel"]] + [round(c.conversions, 4) if c else None for c in row["cells"]] for row in matrix["rows"]]
    return Table(
        name=_("Side by side"), columns=columns, rows=body, keys=["channel"] + [m["key"] for m in matrix["models"]]
    )


def variants_table(part: Mapping[str, Any]) -> Table:
    columns = [_("Path"), _("Touches"), _("Journeys"), _("Conversions"), _("Conversion rate"), _("Value")]
    keys = ["path", "length", "journeys", "conversions", "conversion_rate", "value"]
    rows = [
        [
            " → ".join(v["path"]),
            len(v["path"]),
            v["journeys"],
            v["conversions"],
            round(v["conversion_rate"], 6),
            v.get("value", 0),
        ]
        for v in part.get("variants", [])
    ]
    return Table(name=_("Variants"), columns=columns, rows=rows, keys=keys)


def transitions_table(part: Mapping[str, Any]) -> Table:
    columns = [pgettext("graph edge", "From"), pgettext("graph edge", "To"), _("Count"), _("Median time between, s")]
    rows = [[t["source"], t["target"], t["count"], t["median_seconds"]] for t in part.get("transitions", [])]
    return Table(name=_("Transitions"), columns=columns, rows=rows, keys=["from", "to", "count", "median_seconds"])


def channels_table(part: Mapping[str, Any]) -> Table:
    columns = [
        _("Channel"),
        _("Touchpoint id"),
        _("Touches"),
        _("Journeys"),
        _("Starts"),
        _("Ends"),
        _("Conversions"),
        _("Drop-offs"),
        _("Drop-off rate"),
    ]
    keys = [
        "channel",
        "touchpoint_id",
        "events",
        "journeys",
        "starts",
        "ends",
        "conversions",
        "drop_offs",
        "drop_off_rate",
    ]
    rows = [[c.get(k) for k in keys] for c in part.get("channels", [])]
    return Table(name=_("Channels"), columns=columns, rows=rows, keys=keys)
