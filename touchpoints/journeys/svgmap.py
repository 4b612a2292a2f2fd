"""The journey map drawn by hand as SVG (stages × lanes, numbered cards joined in chain order,
weak links coloured, the experience curve underneath). The PNG is the same SVG rasterised by
vl-convert (already a dependency, for charts), and the PDF embeds it."""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from touchpoints.journeys.chain import NEGATIVE_AT, POSITIVE_AT, STAGES
from touchpoints.journeys.choices import SEVERITY_COLORS
from touchpoints.journeys.document import MapDocument, experience_text, stage_label
from touchpoints.journeys.layout import map_lanes

FONT = "DejaVu Sans, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
MARGIN = 24
LANE_W = 150
COL_W = 210
CARD_W = 186
CARD_H = 70
GAP = 12
HEAD_H = 36
TITLE_H = 64
CURVE_H = 150
STAGE_FILLS = ("#f3f7fd", "#fbfcfe")
EXPERIENCE_COLORS = {"bad": "#c62828", "neutral": "#98a2b3", "good": "#2e7d32", "none": "#d0d5dd"}


def _lines(text: str, width: int, count: int) -> list[str]:
    lines = textwrap.wrap(text, width=width) or [""]
    if len(lines) > count:
        lines = lines[:count]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return lines


def _experience_color(value: float | None) -> str:
    if value is None:
        return EXPERIENCE_COLORS["none"]
    if value <= NEGATIVE_AT:
        return EXPERIENCE_COLORS["bad"]
    return EXPERIENCE_COLORS["good"] if value >= POSITIVE_AT else EXPERIENCE_COLORS["neutral"]


def map_svg(doc: MapDocument, *, title: bool = True) -> str:
    lanes = map_lanes(doc.chain, doc.lane)
    heights = [max([len(cell) for cell in lane.cells] + [1]) * (CARD_H + GAP) + GAP for lane in lanes]
    grid_w = LANE_W + COL_W * len(STAGES)
    width = MARGIN * 2 + grid_w
    grid_top = MARGIN + (TITLE_H if title else 0)
    grid_h = HEAD_H + sum(heights)
    curve_top = grid_top + grid_h + 28
    height = curve_top + CURVE_H + MARGIN
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#667085"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if title:
        out.append(
            f'<text x="{MARGIN}" y="{MARGIN + 20}" font-size="20" font-weight="bold" fill="#1d2330">'
            f"{escape(doc.title)}</text>"
        )
        out.append(f'<text x="{MARGIN}" y="{MARGIN + 44}" font-size="13" fill="#667085">{escape(doc.subtitle)}</text>')
    # Stage columns and their headers.
    for i, stage in enumerate(STAGES):
        x: float = MARGIN + LANE_W + i * COL_W
        out.append(
            f'<rect x="{x}" y="{grid_top}" width="{COL_W}" height="{grid_h}" fill="{STAGE_FILLS[i % 2]}" '
            f'stroke="#e4e7ec"/>'
        )
        out.append(
            f'<text x="{x + COL_W / 2}" y="{grid_top + 23}" text-anchor="middle" font-weight="bold" '
            f'fill="#0d47a1">{escape(stage_label(stage))}</text>'
        )
    # Lanes.
    positions: dict[int, tuple[float, float]] = {}
    y = grid_top + HEAD_H
    for lane, lane_h in zip(lanes, heights):
        out.append(f'<line x1="{MARGIN}" y1="{y}" x2="{MARGIN + grid_w}" y2="{y}" stroke="#d0d5dd"/>')
        for k, line in enumerate(_lines(lane.label, 20, 3)):
            out.append(
                f'<text x="{MARGIN + 6}" y="{y + 22 + k * 15}" font-weight="bold" fill="#344054">{escape(line)}</text>'
            )
        for i, cell in enumerate(lane.cells):
            for k, (number, _step) in enumerate(cell):
                cx = MARGIN + LANE_W + i * COL_W + (COL_W - CARD_W) / 2
                cy = y + GAP + k * (CARD_H + GAP)
                positions[number] = (cx, cy)
        y += lane_h
    # Connectors in chain order, under the cards.
    for number in range(1, len(doc.chain.steps)):
        (x1, y1), (x2, y2) = positions[number], positions[number + 1]
        if abs(x1 - x2) < 1 and abs(y2 - y1) <= CARD_H + GAP + 1:  # next card down or up: a short arrow
            sx = ex = x1 + CARD_W / 2
            sy, ey = (y1 + CARD_H, y2) if y2 > y1 else (y1, y2 + CARD_H)
            path = f"M{sx},{sy} L{ex},{ey}"
        elif abs(x1 - x2) < 1:  # same column, other cards between: loop round the right-hand side
            sx = ex = x1 + CARD_W
            sy, ey = y1 + CARD_H / 2, y2 + CARD_H / 2
            out_x = sx + (COL_W - CARD_W) / 2 + 4
            path = f"M{sx},{sy} C{out_x},{sy} {out_x},{ey} {ex},{ey}"
        else:
            forward = x2 > x1
            sx = x1 + (CARD_W if forward else 0)
            ex = x2 + (0 if forward else CARD_W)
            sy, ey = y1 + CARD_H / 2, y2 + CARD_H / 2
            bend = 40 if forward else -40
            path = f"M{sx},{sy} C{sx + bend},{sy} {ex - bend},{ey} {ex},{ey}"
        out.append(f'<path d="{path}" fill="none" stroke="#667085" stroke-width="1.5" marker-end="url(#arrow)"/>')
    # Cards.
    for number, step in enumerate(doc.chain.steps, 1):
        x, y0 = positions[number]
        worst = doc.worst(step)
        stroke = SEVERITY_COLORS.get(worst, "#98a2b3") if worst else "#98a2b3"
        flags = doc.step_links(step)
        tooltip = "\n".join(f"{link.title}: {link.message}" for link in flags)
        out.append(f'<g id="step-{step.id}"><title>{escape(tooltip or step.name)}</title>')
        out.append(
            f'<rect x="{x}" y="{y0}" width="{CARD_W}" height="{CARD_H}" rx="7" fill="#ffffff" '
            f'stroke="{stroke}" stroke-width="{2.5 if worst else 1.2}"/>'
        )
        out.append(f'<circle cx="{x + 14}" cy="{y0 + 15}" r="10" fill="#0f2742"/>')
        out.append(
            f'<text x="{x + 14}" y="{y0 + 19}" text-anchor="middle" font-size="11" font-weight="bold" '
            f'fill="#ffffff">{number}</text>'
        )
        for k, line in enumerate(_lines(step.name, 20, 2)):
            out.append(
                f'<text x="{x + 30}" y="{y0 + 19 + k * 15}" font-weight="bold" fill="#1d2330">{escape(line)}</text>'
            )
        value = step.experience
        out.append(
            f'<rect x="{x + 8}" y="{y0 + CARD_H - 22}" width="34" height="16" rx="8" '
            f'fill="{_experience_color(value)}"/>'
        )
        out.append(
            f'<text x="{x + 25}" y="{y0 + CARD_H - 10}" text-anchor="middle" font-size="11" '
            f'font-weight="bold" fill="#ffffff">{escape(experience_text(value))}</text>'
        )
        meta = []
        if flags:
            meta.append("⚠ " + str(len(flags)))
        if step.final_chord:
            meta.append("♪ " + _("final chord"))
        if meta:
            out.append(
                f'<text x="{x + 50}" y="{y0 + CARD_H - 10}" font-size="11" fill="{stroke}">'
                f"{escape('  '.join(meta))}</text>"
            )
        out.append("</g>")
    out.extend(_curve(doc, curve_top, width))
    out.append("</svg>")
    return "\n".join(out)


def _curve(doc: MapDocument, top: float, width: float) -> list[str]:
    steps = doc.chain.steps
    left, right = MARGIN + LANE_W, width - MARGIN
    plot_top, plot_h = top + 22, CURVE_H - 44

    def ypos(v: float) -> float:
        return plot_top + (2 - v) / 4 * plot_h

    out = [
        f'<text x="{MARGIN}" y="{top + 12}" font-size="14" font-weight="bold" fill="#1d2330">'
        f"{escape(_('Experience curve'))}</text>"
    ]
    for v in (-2, -1, 0, 1, 2):
        yy = ypos(v)
        out.append(
            f'<line x1="{left}" y1="{yy}" x2="{right}" y2="{yy}" stroke="{"#98a2b3" if v == 0 else "#eef1f5"}"/>'
        )
        out.append(
            f'<text x="{left - 8}" y="{yy + 4}" text-anchor="end" font-size="11" fill="#667085">'
            f"{experience_text(v)}</text>"
        )
    if not steps:
        return out
    step_w = (right - left) / len(steps)
    points = []
    for i, step in enumerate(steps):
        xx = left + step_w * (i + 0.5)
        out.append(
            f'<text x="{xx}" y="{plot_top + plot_h + 16}" text-anchor="middle" font-size="11" '
            f'fill="#667085">{i + 1}</text>'
        )
        if step.experience is not None:
            points.append((xx, ypos(step.experience), step))
        else:
            out.append(
                f'<text x="{xx}" y="{ypos(0) + 5}" text-anchor="middle" font-size="14" font-weight="bold" '
                f'fill="#98a2b3">?<title>{escape(step.name)}: {escape(_("not judged"))}</title></text>'
            )
    if len(points) > 1:
        out.append(
            '<polyline fill="none" stroke="#1565c0" stroke-width="2" points="'
            + " ".join(f"{px:.1f},{py:.1f}" for px, py, _s in points)
            + '"/>'
        )
    for px, py, step in points:
        fill = "#1565c0" if step.source == "audit" else "#ffffff"
        out.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" fill="{fill}" stroke="#1565c0" stroke-width="2">'
            f"<title>{escape(step.name)}: {experience_text(step.experience)}</title></circle>"
        )
    legend_x = right - 260
    out.append(
        f'<circle cx="{legend_x}" cy="{top + 8}" r="4.5" fill="#1565c0"/>'
        f'<text x="{legend_x + 10}" y="{top + 12}" font-size="11" fill="#667085">{escape(_("audit score"))}'
        f"</text>"
    )
    out.append(
        f'<circle cx="{legend_x + 120}" cy="{top + 8}" r="4.5" fill="#ffffff" stroke="#1565c0" '
        f'stroke-width="2"/><text x="{legend_x + 130}" y="{top + 12}" font-size="11" fill="#667085">'
        f"{escape(_('expected'))}</text>"
    )
    return out


def map_png(svg: str, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return vlc.svg_to_png(svg, scale=scale)
