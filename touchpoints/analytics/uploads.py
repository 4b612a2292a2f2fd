"""Receiving an interaction log: the size limit, checked before the body is read, and the staging
area where an upload waits between "see its columns" and "run".

The limit (``settings.ANALYTICS_MAX_UPLOAD_BYTES``) is checked twice: on the request's
Content-Length before anything parses the body, and by :class:`LimitedUploadHandler` while the
body streams in (for uploads without a length), which stops and drops the connection at the
first byte over the limit. So a 2-GB file is refused without being read.

Staged and kept logs live under ``settings.ANALYTICS_DATA_DIR`` (default ``var/analytics``):
``staging/<token>.<ext>`` with a ``<token>.json`` note of who uploaded it for which workspace,
and ``logs/`` for the logs kept with finished runs.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from touchpoints.analytics.choices import LogFormat
from touchpoints.analytics.logfiles import SNIFF_BYTES, SUFFIXES, LogPreview, preview_log, sniff_log_format

STAGING_MAX_AGE_SECONDS = 24 * 3600
EVENTS_SUFFIX = ".events.parquet"
# Multipart framing and the form's other fields ride along with the file.
CONTENT_LENGTH_SLACK = 256 * 1024
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def max_upload_bytes() -> int:
    return int(getattr(settings, "ANALYTICS_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))


def data_dir() -> Path:
    return Path(getattr(settings, "ANALYTICS_DATA_DIR", None) or Path(settings.VAR_DIR) / "analytics")


def staging_dir() -> Path:
    path = data_dir() / "staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def human_size(n: int | float | None) -> str:
    """A size as the reader writes it: 6.2 KB, 6,2 КБ, 5 MB (the unit names are Django's own,
    translated in its catalogue)."""
    if n is None:
        return ""
    size = float(n)
    if size < 1024:
        return f"{size:.0f} B"
    units = (_("%s KB"), _("%s MB"), _("%s GB"))
    power = 1
    while size >= 1024**power * 1024 and power < len(units):
        power += 1
    shown = round(size / 1024**power, 1)
    return units[power - 1] % number_format(shown, 0 if shown.is_integer() else 1)


class UploadTooLarge(Exception):
    def __init__(self, size: int | None) -> None:
        super().__init__("upload too large")
        self.size = size


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Streams the upload to a temporary file and stops at the first byte over the limit, without
    reading the rest of the request (the connection is reset)."""

    def __init__(self, request: HttpRequest | None = None, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = limit if limit is not None else max_upload_bytes()
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=True)
        return super().receive_data_chunk(raw_data, start)


def declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) or None
    except ValueError:
        return None


def guard_request(request: HttpRequest) -> LimitedUploadHandler:
    """Call before anything reads the body: refuses a declared length over the limit at once, and
    installs the handler that enforces it while streaming. Raises :class:`UploadTooLarge`."""
    limit = max_upload_bytes()
    length = declared_length(request)
    if length is not None and length > limit + CONTENT_LENGTH_SLACK:
        raise UploadTooLarge(length)
    handler = LimitedUploadHandler(request, limit)
    request.upload_handlers = [handler]
    return handler


# ---- staging -------------------------------------------------------------------------------


@dataclass
class StagedLog:
    token: str
    path: Path
    name: str
    size: int
    format: str
    workspace_id: int
    user_id: int | None
    # The columns and first rows, read once when the log was staged and kept in its note, so the
    # mapping page and the run never read the file again before the analysis' full check.
    preview: LogPreview | None = None

    def as_note(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "size": self.size,
            "format": self.format,
            "workspace": self.workspace_id,
            "user": self.user_id,
            "created": time.time(),
            "preview": {"columns": self.preview.columns, "rows": self.preview.rows} if self.preview else None,
        }


def _clean_old(directory: Path) -> None:
    cutoff = time.time() - STAGING_MAX_AGE_SECONDS
    for entry in directory.iterdir():
        try:
            if entry.stat().st_mtime < cutoff:
                entry.unlink()
        except OSError:
            continue


def _original_name(name: str | None) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    return base[:200] or "log"


def stage_upload(upload: Any, *, workspace_id: int, user_id: int | None) -> StagedLog:
    """Copy an uploaded file to the staging area after judging its format by its content.
    Raises ValidationError (``file``) for an empty, oversized or unreadable file."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_upload_bytes():
        raise UploadTooLarge(size)
    if not size:
        raise ValidationError({"file": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    tail = b""
    if size > 8:
        upload.seek(max(0, size - 4))
        tail = upload.read(4)
    fmt = sniff_log_format(head, tail)
    directory = staging_dir()
    _clean_old(directory)
    token = secrets.token_hex(16)
    path = directory / f"{token}{SUFFIXES[LogFormat(fmt)]}"
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        # Streamed to disk already (LimitedUploadHandler): move it rather than copy it.
        upload.file.flush()
        shutil.move(temporary(), path)
        written = path.stat().st_size
    else:
        upload.seek(0)
        with open(path, "wb") as out:
            written = _copy(upload, out)
    staged = StagedLog(
        token=token,
        path=path,
        name=_original_name(getattr(upload, "name", "")),
        size=written,
        format=fmt,
        workspace_id=workspace_id,
        user_id=user_id,
    )
    _write_note(staged)
    return staged


def _write_note(staged: StagedLog) -> None:
    (staging_dir() / f"{staged.token}.json").write_text(json.dumps(staged.as_note()), encoding="utf-8")


def staged_preview(staged: StagedLog) -> LogPreview:
    """The staged log's columns and first rows: read from the file the first time, then kept in
    its note, so that the mapping page (shown again on every correction) never reads the file."""
    if staged.preview is None:
        staged.preview = preview_log(str(staged.path), staged.format)
        _write_note(staged)
    return staged.preview


def _copy(upload: Any, out: IO[bytes]) -> int:
    written = 0
    chunks = upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b"")
    for chunk in chunks:
        out.write(chunk)
        written += len(chunk)
    return written


def staged_get(token: str, *, workspace_id: int) -> StagedLog:
    """The staged log of this workspace; ValidationError when it is gone or not this workspace's."""
    gone = ValidationError({"file": _("The uploaded log is no longer here (uploads wait a day). Upload it again.")})
    if not _TOKEN.match(token or ""):
        raise gone
    note_path = staging_dir() / f"{token}.json"
    try:
        note = json.loads(note_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise gone from None
    if note.get("workspace") != workspace_id:
        raise gone
    path = staging_dir() / f"{token}{SUFFIXES.get(note.get('format'), '.csv')}"
    if not path.exists():
        raise gone
    return StagedLog(
        token=token,
        path=path,
        name=note.get("name") or "log",
        size=int(note.get("size") or 0),
        format=note["format"],
        workspace_id=workspace_id,
        user_id=note.get("user"),
        preview=_note_preview(note.get("preview")),
    )


def _note_preview(data: Any) -> LogPreview | None:
    if not isinstance(data, dict):
        return None
    return LogPreview(columns=[(str(n), str(t)) for n, t in data.get("columns") or []], rows=data.get("rows") or [])


def checked_events(log: Path) -> Path:
    """Where the events of a staged or kept log are kept once the check before its run has read
    them (next to the log), so that the run's analysis reads them instead of the log."""
    return log.with_name(log.name + EVENTS_SUFFIX)


def _unlink(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink()
        except OSError:
            pass


def staged_discard(staged: StagedLog) -> None:
    _unlink(staged.path, checked_events(staged.path), staging_dir() / f"{staged.token}.json")


def staged_keep(staged: StagedLog, *, run_id: int) -> str:
    """Move a staged log (and its checked events) to the kept logs of run ``run_id``; returns its
    name under logs/."""
    name = f"run-{run_id}-{staged.token}{staged.path.suffix}"
    shutil.move(str(staged.path), str(logs_dir() / name))
    if checked_events(staged.path).exists():
        shutil.move(str(checked_events(staged.path)), str(checked_events(logs_dir() / name)))
    _unlink(staging_dir() / f"{staged.token}.json")
    return name


def kept_path(name: str) -> Path | None:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = logs_dir() / name
    return path if path.exists() else None


def kept_link(source: Path, name: str) -> None:
    """Keep the log ``source`` (and its checked events) under logs/ as ``name`` too: a hard link
    where the file system allows, else a copy."""
    for path, target in ((source, logs_dir() / name), (checked_events(source), checked_events(logs_dir() / name))):
        if path.exists():
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)


def kept_delete(name: str) -> None:
    path = kept_path(name)
    if path is not None:
        _unlink(path, checked_events(path))
