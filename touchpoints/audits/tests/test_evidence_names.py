"""Evidence downloads keep any file name in a valid Content-Disposition (RFC 6266, through one
helper for every download of the product); no header is built by hand anywhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from touchpoints.audits import services

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
ROOT = Path(__file__).resolve().parents[2]


def header_filename(header: str) -> str:
    star = re.search(r"filename\*=utf-8''([^;]+)", header)
    if star:
        return unquote(star.group(1))
    plain = re.search(r'filename="((?:[^"\\]|\\.)*)"', header)
    assert plain, header
    return re.sub(r"\\(.)", r"\1", plain.group(1))


@pytest.mark.parametrize(
    "name, shown",
    [
        ("Фото входа «клиника».png", "Фото входа «клиника».png"),
        ("señal ñandú.png", "señal ñandú.png"),
        ('quote" and \\ back.png', 'quote" and _ back.png'),
        ("line\r\nSet-Cookie: x=1.png", "lineSet-Cookie: x=1.png"),
    ],
)
def test_evidence_with_any_name_downloads_with_a_valid_header(
    setup: Any, settings: Any, tmp_path: Path, name: str, shown: str
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    tp = setup.touchpoints[0]
    ev = services.evidence_add(
        audit=setup.audit,
        auditor=setup.world.users["auditor"],
        touchpoint_id=tp.pk,
        upload=SimpleUploadedFile(name, PNG, content_type="image/png"),
    )
    response = setup.world.client("viewer").get(
        reverse("audits:evidence_file", kwargs={"slug": setup.world.slug, "pk": setup.audit.pk, "evidence_id": ev.pk})
    )
    assert response.status_code == 200
    header = response["Content-Disposition"]
    header.encode("latin-1")  # a valid header value: no raw non-Latin-1 text
    assert "\n" not in header and "\r" not in header
    assert header.startswith("inline")
    assert header_filename(header) == shown


def test_no_download_builds_its_own_content_disposition() -> None:
    hand_built = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or path.name == "http.py":
            continue
        if re.search(r"""\[["']Content-Disposition["']\]\s*=""", path.read_text(encoding="utf-8")):
            hand_built.append(str(path.relative_to(ROOT)))
    assert not hand_built, hand_built
