"""QR codes and printable QR sheets of a study."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import override

from touchpoints.feedback import links, selectors
from touchpoints.lib.converters import DOCUMENT
from touchpoints.lib.http import set_filename
from touchpoints.lib.i18n import PRODUCT_LANGUAGES, current_language
from touchpoints.lib.pdf import pdf_response, render_pdf
from touchpoints.workspaces.access import Access, workspace_view

MAX_CARDS = 600


@workspace_view()
def qr_code(request: HttpRequest, access: Access, pk: int, touchpoint: int, brand: int, fmt: str) -> HttpResponse:
    study = selectors.study_get(access=access, pk=pk)
    if (
        not study.brands.filter(pk=brand).exists()
        or not study.study_touchpoints.filter(touchpoint_id=touchpoint).exists()
    ):
        raise Http404
    lang = request.GET.get("lang", "")
    url = links.deep_url(request, study, brand, touchpoint, lang if lang in PRODUCT_LANGUAGES else "")
    if fmt == "svg":
        response = HttpResponse(links.qr_svg(url), content_type="image/svg+xml")
    else:
        response = HttpResponse(links.qr_png(url), content_type="image/png")
    if request.GET.get("download"):
        set_filename(response, f"qr-{study.pk}-{touchpoint}-{brand}.{fmt}")
    return response


@workspace_view()
def sheet(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """The choice of cards (GET without ``fmt``), or the sheet itself as PDF, SVG or PNG."""
    study = selectors.study_get(access=access, pk=pk)
    entries = selectors.study_entries(study=study)
    brands = list(study.brands.order_by("-is_own", "name"))
    lang = request.GET.get("lang") or current_language()
    if lang not in PRODUCT_LANGUAGES:
        lang = "en"
    fmt = request.GET.get("fmt", "")
    if fmt not in DOCUMENT:
        everything = links.cards(request, study, entries, brands, lang)
        return render(
            request,
            "feedback/sheet.html",
            {"study": study, "cards": everything, "lang": lang, "languages": PRODUCT_LANGUAGES},
        )
    keys = set(request.GET.getlist("card")) or None
    chosen = links.cards(request, study, entries, brands, lang, keys)[:MAX_CARDS]
    if not chosen:
        raise Http404
    with override(lang):
        scan_text = _("Scan to tell us how it went")
        heading = study.name
        if fmt == "pdf":
            cards = [(card, links.qr_data_uri(card.url)) for card in chosen]
            content = render_pdf(
                "feedback/sheet_pdf.html",
                {"study": study, "cards": cards, "scan_text": scan_text, "lang": lang},
                request,
            )
            return pdf_response(content, f"qr-sheet-{study.pk}.pdf")
    svg = links.sheet_svg(chosen, heading=heading, scan_text=scan_text)
    if fmt == "svg":
        response = HttpResponse(svg, content_type="image/svg+xml")
    else:
        response = HttpResponse(links.sheet_png(svg), content_type="image/png")
    set_filename(response, f"qr-sheet-{study.pk}.{fmt}")
    return response
