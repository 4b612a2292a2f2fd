"""Where customers answer: public links per study touchpoint × brand, QR codes (segno), printable
sheets of QR cards (PDF through WeasyPrint, SVG, PNG) and the embeddable iframe snippet."""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

import segno
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from touchpoints.feedback.models import Study, StudyTouchpoint


@dataclass(frozen=True)
class Card:
    brand_id: int
    brand: str
    touchpoint_id: int
    label: str
    url: str

    @property
    def key(self) -> str:
        return f"{self.touchpoint_id}-{self.brand_id}"


def study_url(request: HttpRequest, study: Study) -> str:
    return request.build_absolute_uri(reverse("feedback_public:answer", args=[study.token]))


def deep_url(request: HttpRequest, study: Study, brand_id: int, touchpoint_id: int, lang: str = "") -> str:
    url = request.build_absolute_uri(reverse("feedback_public:deep", args=[study.token, brand_id, touchpoint_id]))
    return f"{url}?lang={lang}" if lang else url


def diary_url(request: HttpRequest, study: Study, respondent_token: str) -> str:
    return request.build_absolute_uri(reverse("feedback_public:diary", args=[study.token, respondent_token]))


def cards(
    request: HttpRequest,
    study: Study,
    entries: list[StudyTouchpoint],
    brands: list,
    lang: str,
    keys: set[str] | None = None,
) -> list[Card]:
    """One card per touchpoint × brand (only the chosen ``keys`` "tp-brand" when given)."""
    out = []
    for entry in entries:
        for brand in brands:
            card = Card(
                brand.pk,
                brand.name,
                entry.touchpoint_id,
                entry.label(lang),
                deep_url(request, study, brand.pk, entry.touchpoint_id, lang),
            )
            if keys is None or card.key in keys:
                out.append(card)
    return out


def qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, scale: int = 8) -> bytes:
    buf = io.BytesIO()
    qr(url).save(buf, kind="svg", scale=scale, border=2, xmldecl=True, title=url)
    return buf.getvalue()


def qr_png(url: str, scale: int = 10) -> bytes:
    buf = io.BytesIO()
    qr(url).save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()


def qr_data_uri(url: str, scale: int = 4) -> str:
    return qr(url).svg_data_uri(scale=scale, border=2)


def embed_snippet(url: str, title: str) -> str:
    """The HTML a business pastes into its own site (a plain string: escaped again when shown)."""
    return (
        format_html(
            '<iframe src="{}" title="{}" width="100%" height="900" style="border:0;max-width:560px" loading="lazy">'
            "</iframe>",
            url,
            title,
        )
        + ""
    )  # SafeString + str is a plain str


# A printable sheet: A4 portrait, 2 × 3 cards, in SVG user units (mm).
PAGE_W, PAGE_H, COLS, ROWS = 210, 297, 2, 3


def sheet_svg(cards_: list[Card], *, heading: str, scan_text: str) -> str:
    """All cards on as many A4 pages as needed, stacked in one tall SVG (pages one below another)."""
    per_page = COLS * ROWS
    pages = max(1, -(-len(cards_) // per_page))
    cw, ch = PAGE_W / COLS, (PAGE_H - 20) / ROWS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_W}mm" height="{PAGE_H * pages}mm" '
        f'viewBox="0 0 {PAGE_W} {PAGE_H * pages}" font-family="DejaVu Sans, Arial, sans-serif">',
        f'<rect width="{PAGE_W}" height="{PAGE_H * pages}" fill="#fff"/>',
    ]
    for page in range(pages):
        top = page * PAGE_H
        parts.append(f'<text x="10" y="{top + 12}" font-size="5" fill="#333">{xml_escape(heading)}</text>')
        for i, card in enumerate(cards_[page * per_page : (page + 1) * per_page]):
            x = (i % COLS) * cw
            y = top + 18 + (i // COLS) * ch
            code = qr(card.url)
            modules = code.symbol_size(scale=1, border=2)[0]
            size = 58.0
            scale = size / modules
            parts.append(
                f'<rect x="{x + 4}" y="{y + 2}" width="{cw - 8}" height="{ch - 6}" rx="4" fill="none" '
                f'stroke="#999" stroke-width="0.3" stroke-dasharray="2 1"/>'
            )
            parts.append(
                f'<text x="{x + cw / 2}" y="{y + 12}" font-size="6" font-weight="bold" text-anchor="middle">'
                f"{xml_escape(card.brand)}</text>"
            )
            parts.append(
                f'<text x="{x + cw / 2}" y="{y + 19}" font-size="4.5" text-anchor="middle">'
                f"{xml_escape(card.label[:48])}</text>"
            )
            qx, qy = x + (cw - size) / 2, y + 23
            parts.append(f'<g transform="translate({qx:.2f},{qy:.2f}) scale({scale:.4f})">')
            for row_i, row in enumerate(code.matrix_iter(scale=1, border=2)):
                run_start = None
                for col_i, dark in enumerate(list(row) + [False]):
                    if dark and run_start is None:
                        run_start = col_i
                    elif not dark and run_start is not None:
                        parts.append(f'<rect x="{run_start}" y="{row_i}" width="{col_i - run_start}" height="1.02"/>')
                        run_start = None
            parts.append("</g>")
            parts.append(
                f'<text x="{x + cw / 2}" y="{qy + size + 6}" font-size="4.2" text-anchor="middle">'
                f"{xml_escape(scan_text)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def sheet_png(svg: str) -> bytes:
    import vl_convert as vlc

    return vlc.svg_to_png(svg, scale=2.0)
