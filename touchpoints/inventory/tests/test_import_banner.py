"""A failed import says so at the top of the page, in the user's language, with the first faults
and a link to all of them; a bad header does not hide the rows' faults."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from touchpoints.inventory.models import Touchpoint


def _upload(client: Any, slug: str, body: bytes) -> Any:
    return client.post(f"/w/{slug}/touchpoints/import/", {"file": SimpleUploadedFile("t.csv", body, "text/csv")})


def test_bad_header_and_bad_rows_are_reported_together(world: Any) -> None:
    body = b"name,colour,area\nWebsite,red,nowhere\n,blue,sale\n"
    response = _upload(world.client("editor"), world.slug, body)
    assert response.status_code == 400
    faults = {(f.row, f.column) for f in response.context["faults"]}
    assert (1, "colour") in faults  # the unknown column
    assert (2, "area") in faults and (3, "name") in faults  # and the rows' own faults
    assert not Touchpoint.objects.exists()


def test_failure_banner_comes_first_with_a_link_to_all_faults(world: Any) -> None:
    rows = "".join(f"Row {i},,nowhere\n" for i in range(8))
    response = _upload(world.client("editor"), world.slug, ("name,code,area\n" + rows).encode())
    html = response.content.decode()
    banner = html.index('id="import-failed"')
    assert banner < html.index('enctype="multipart/form-data"')  # above the form
    assert "The import failed: 8 faults to fix" in html
    assert html[banner:].count("<li>") >= 5
    assert 'href="#faults"' in html and 'id="faults"' in html


def test_banner_and_column_reference_in_russian(world: Any) -> None:
    client = world.client("editor")
    client.cookies["django_language"] = "ru"
    response = _upload(client, world.slug, b"name,area\nA,nowhere\n")
    html = response.content.decode()
    assert "Импорт не выполнен" in html
    assert "Через запятую" in client.get(f"/w/{world.slug}/touchpoints/import/").content.decode()
