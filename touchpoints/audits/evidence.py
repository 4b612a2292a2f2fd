"""Evidence files (photos, recordings, documents) are judged by their content, never by their name.

A file is accepted when its first bytes say it is one of the allowed types and its name, if it has
an extension, says the same type. "photo.jpg" that holds a PDF is refused, as is anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class FileType:
    code: str
    label: object  # lazy translated text
    content_type: str
    extensions: tuple[str, ...]


TYPES: dict[str, FileType] = {
    t.code: t
    for t in [
        FileType("jpeg", gettext_lazy("JPEG image"), "image/jpeg", (".jpg", ".jpeg", ".jfif")),
        FileType("png", gettext_lazy("PNG image"), "image/png", (".png",)),
        FileType("gif", gettext_lazy("GIF image"), "image/gif", (".gif",)),
        FileType("webp", gettext_lazy("WebP image"), "image/webp", (".webp",)),
        FileType("heic", gettext_lazy("HEIC photo"), "image/heic", (".heic", ".heif")),
        FileType("pdf", gettext_lazy("PDF document"), "application/pdf", (".pdf",)),
        FileType("mp3", gettext_lazy("MP3 recording"), "audio/mpeg", (".mp3",)),
        FileType("mp4", gettext_lazy("MP4 / M4A recording"), "video/mp4", (".mp4", ".m4a", ".mov")),
        FileType("wav", gettext_lazy("WAV recording"), "audio/wav", (".wav",)),
        FileType("ogg", gettext_lazy("Ogg recording"), "audio/ogg", (".ogg", ".oga", ".opus")),
    ]
}

HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis"}


def detect(head: bytes) -> str | None:
    """The type code the first bytes show, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head[4:8] == b"ftyp":
        return "heic" if head[8:12] in HEIC_BRANDS else "mp4"
    return None


def allowed_description() -> str:
    return ", ".join(str(t.label) for t in TYPES.values())


def check(name: str, head: bytes) -> FileType:
    """The file's type, or a ValidationError that says what is wrong with it."""
    if not head:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    code = detect(head)
    if code is None:
        raise ValidationError(
            _("“%(name)s” is not a photo, recording or document this app accepts (%(allowed)s).")
            % {"name": name, "allowed": allowed_description()}
        )
    kind = TYPES[code]
    suffix = PurePosixPath(name).suffix.lower()
    if suffix and suffix not in kind.extensions:
        claimed = next((t for t in TYPES.values() if suffix in t.extensions), None)
        raise ValidationError(
            _("“%(name)s” is named as %(claimed)s but its content is %(actual)s. Rename it or pick the right file.")
            % {"name": name, "claimed": claimed.label if claimed else suffix, "actual": kind.label}
        )
    return kind
