from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create

HEADER = "name,code,parent,area,stages,channel,senses,segments,brand:Our clinic,brand:Rival\n"


def upload(client: Any, slug: str, content: bytes, name: str = "tp.csv") -> Any:
    return client.post(f"/w/{slug}/touchpoints/import/", {"file": SimpleUploadedFile(name, content)})


def test_csv_import_creates_nested_classified_touchpoints(world: Any) -> None:
    body = HEADER + (
        'Website,site,,business,"search,compare",website,sight,Women 35-55,exists,exists\n'
        "FAQ,site-faq,site,sale,search,Website,sight,,planned,exists\n"  # a label is accepted
        "Reviews,,Website,business,compare,website,,,missing,exists\n"
    )
    response = upload(world.client("editor"), world.slug, body.encode())
    assert response.status_code == 302
    faq = Touchpoint.objects.get(workspace=world.workspace, code="site-faq")
    assert faq.parent is not None
    assert faq.parent.code == "site" and faq.channel == "website" and faq.stages == ["search"]
    site = Touchpoint.objects.get(code="site")
    assert site.stages == ["search", "compare"]
    assert [s.name for s in site.segments.all()] == ["Women 35-55"]
    reviews = Touchpoint.objects.get(name="Reviews")
    assert reviews.parent == site
    assert dict(reviews.presences.values_list("brand__name", "status")) == {"Our clinic": "missing", "Rival": "exists"}


def test_faults_are_reported_by_row_and_column_and_nothing_is_written(world: Any) -> None:
    body = HEADER + (
        "Website,site,,business,search,website,sight,,exists,exists\n"
        ",nameless,,business,search,website,,,exists,exists\n"
        "Phone,,,nowhere,search,phone,,,exists,exists\n"
        "Chat,,Ghost,sale,soon,website,smell,Nobody,maybe,exists\n"
    )
    response = upload(world.client("editor"), world.slug, body.encode())
    assert response.status_code == 400
    faults = {(f.row, f.column) for f in response.context["faults"]}
    assert (3, "name") in faults
    assert (4, "area") in faults
    assert (5, "parent") in faults
    assert (5, "stages") in faults
    assert (5, "segments") in faults
    assert (5, "brand:Our clinic") in faults
    assert "Row 4, column “area”" in response.content.decode() or "nowhere" in response.content.decode()
    assert not Touchpoint.objects.filter(workspace=world.workspace).exists()


def test_cycle_in_file_is_refused(world: Any) -> None:
    body = "name,code,parent\nA,a,b\nB,b,a\n"
    response = upload(world.client("editor"), world.slug, body.encode())
    assert response.status_code == 400
    assert any("cycle" in f.message for f in response.context["faults"])
    assert not Touchpoint.objects.exists()


@pytest.mark.parametrize(
    "content,name,message",
    [
        (b"", "empty.csv", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.csv", "not a CSV"),
        (b"PK\x03\x04garbage", "book.xlsx", "damaged"),
        ("name\nКлиника\n".encode("cp1251"), "win.csv", "UTF-8"),
        (b"colour,size\nred,1\n", "other.csv", "Unknown column"),
    ],
)
def test_malformed_files_get_a_clear_message(world: Any, content: bytes, name: str, message: str) -> None:
    response = upload(world.client("editor"), world.slug, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Touchpoint.objects.exists()


def test_oversized_file_is_refused(world: Any, settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 1000
    body = ("name\n" + "x\n" * 2000).encode()
    response = upload(world.client("editor"), world.slug, body)
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not Touchpoint.objects.exists()


def test_xlsx_import_and_content_not_name_decides(world: Any) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["name", "channel", "stages"])
    ws.append(["Shop window", "outdoor", "need"])
    buf = io.BytesIO()
    wb.save(buf)
    response = upload(world.client("editor"), world.slug, buf.getvalue(), name="named-like.csv")
    assert response.status_code == 302
    assert Touchpoint.objects.get(name="Shop window").channel == "outdoor"


def test_export_neutralises_formulas_and_follows_filters(world: Any) -> None:
    touchpoint_create(workspace=world.workspace, name='=HYPERLINK("http://evil")', channel="website")
    touchpoint_create(workspace=world.workspace, name="Phone", channel="phone", notes="@SUM(A1)")
    client = world.client("viewer")
    text = client.get(f"/w/{world.slug}/touchpoints/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    names = {r[0] for r in rows[1:]}
    assert '\'=HYPERLINK("http://evil")' in names
    assert any("'@SUM(A1)" in r for r in rows)
    xlsx = client.get(f"/w/{world.slug}/touchpoints/export.xlsx?channel=phone").content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "name" and [v[0] for v in values[1:]] == ["Phone"]
    (notes,) = [c for c in sheet[2] if c.value == "@SUM(A1)"]
    assert notes.data_type == "s" and notes.quotePrefix
    data = json.loads(client.get(f"/w/{world.slug}/touchpoints/export.json?channel=website").content)
    assert [d["name"] for d in data] == ['=HYPERLINK("http://evil")']  # JSON is data, not a spreadsheet


def test_round_trip_export_then_import_updates_by_code(world: Any) -> None:
    touchpoint_create(workspace=world.workspace, name="Website", code="site", channel="website", stages=["search"])
    client = world.client("editor")
    exported = client.get(f"/w/{world.slug}/touchpoints/export.csv").content.decode("utf-8-sig")
    changed = exported.replace(",search,", ',"search,compare",')
    response = upload(client, world.slug, changed.encode())
    assert response.status_code == 302
    site = Touchpoint.objects.get(workspace=world.workspace)
    assert site.stages == ["search", "compare"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_round_trip_keeps_text_that_looks_like_a_formula(world: Any, fmt: str) -> None:
    """An exported name such as "-30% on tests" came back from the import as "'-30% on tests": the
    apostrophe that keeps a spreadsheet from running it became part of the name."""
    touchpoint_create(workspace=world.workspace, name="-30% on tests", code="promo", notes="+7 495 123-45-67")
    client = world.client("editor")
    exported = client.get(f"/w/{world.slug}/touchpoints/export.{fmt}").content
    assert upload(client, world.slug, exported, name=f"back.{fmt}").status_code == 302
    promo = Touchpoint.objects.get(workspace=world.workspace)
    assert (promo.name, promo.notes) == ("-30% on tests", "+7 495 123-45-67")


def test_template_download_lists_columns_and_brands(world: Any) -> None:
    text = world.client("viewer").get(f"/w/{world.slug}/touchpoints/import/template.csv").content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:3] == ["name", "code", "parent"]
    assert "brand:Our clinic" in header and "brand:Rival" in header
    # The template itself imports cleanly.
    response = upload(world.client("editor"), world.slug, text.encode())
    assert response.status_code == 302
    assert Touchpoint.objects.filter(workspace=world.workspace).count() == 2
