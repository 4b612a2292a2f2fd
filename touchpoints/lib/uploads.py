"""Uploaded files are judged by their content, never by their name."""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"


def read_limited(fh: IO[bytes], limit: int | None = None) -> bytes:
    limit = limit or settings.MAX_UPLOAD_BYTES
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(mb).0f MB. Split it, or use the command line.") % {"mb": limit / 1024 / 1024}
        )
    return data


def sniff_table_format(data: bytes) -> str:
    """'xlsx' or 'csv' by content; anything else is refused."""
    if not data.strip():
        raise ValidationError(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        import io
        import zipfile

        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise ValidationError(_("The file looks like a damaged Excel workbook.")) from exc
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ValidationError(_("The file is a ZIP archive but not an Excel workbook (.xlsx)."))
    head = data[:4096]
    if b"\x00" in head:
        raise ValidationError(_("The file is not a CSV text file nor an Excel workbook (.xlsx)."))
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("The CSV file is not UTF-8 text (byte %(pos)s). Save it as “CSV UTF-8”.") % {"pos": exc.start}
        ) from exc
    return "csv"
