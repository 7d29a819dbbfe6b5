"""Upload, preview, confirm: the one flow every import screen follows.

The first POST carries the files: the screen runs its import as a dry run and shows the
report; the uploaded bytes wait in a file under ``TRELLIS_IMPORT_DIR`` (``var/imports/``)
whose random name lives only in the uploader's session. Confirming runs the import on exactly
those bytes (nothing is uploaded twice, and nobody can point a confirmation at another file);
cancelling, expiry after an hour, or a new preview deletes them.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trellis.org.imports import ImportFileError, ImportReport

PENDING_SECONDS = 60 * 60
_TOKEN = re.compile(r"[0-9a-f]{32}")
_PART = re.compile(r"[a-z_]{1,40}")
_STORED = re.compile(r"[0-9a-f]{32}-[a-z_]{1,40}\.(csv|zip)")

# The uploaded files of one screen: part name (e.g. "people", "skills") -> (file name, bytes).
Files = dict[str, tuple[str, bytes]]


def upload_dir() -> Path:
    return Path(getattr(settings, "TRELLIS_IMPORT_DIR", settings.BASE_DIR / "var" / "imports"))


def check_upload_size(upload: UploadedFile | None) -> UploadedFile | None:
    """The upload, or a form error when it passes ``TRELLIS_MAX_IMPORT_BYTES``."""
    limit = settings.TRELLIS_MAX_IMPORT_BYTES
    if upload is not None and (upload.size or 0) > limit:
        raise forms.ValidationError(f"The file is larger than the limit of {limit:,} bytes.")
    return upload


@dataclass(frozen=True)
class ImportScreen:
    """One import page: where it lives and what confirming does.

    ``run(request, files, options, dry_run)`` imports the files (a preview when ``dry_run``)
    and returns one report per file; it raises :class:`ImportFileError` for a file it cannot
    read at all. ``suffix`` is how the kept files are named on disk ("csv" or "zip").
    """

    page: str
    title: str  # may name an option, e.g. "Import {source_name}"
    url_name: str
    run: Callable[[HttpRequest, Files, dict[str, Any], bool], list[ImportReport]]
    suffix: str = "csv"
    upload_again: str = "upload the file again"

    def heading(self, options: dict[str, Any]) -> str:
        return self.title.format(**options)


# ---------------------------------------------------------------------------------------------
# The pending store: between a preview and its confirmation
# ---------------------------------------------------------------------------------------------


def _session_key(page: str) -> str:
    return f"trellis_import_{page}"


def _path(token: str, part: str, suffix: str) -> Path:
    return upload_dir() / f"{token}-{part}.{suffix}"


def _discard_stale() -> None:
    directory = upload_dir()
    if not directory.is_dir():
        return
    cutoff = time.time() - PENDING_SECONDS
    for path in directory.iterdir():
        if _STORED.fullmatch(path.name) and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def pending_discard(request: HttpRequest, *, screen: ImportScreen) -> None:
    pending = request.session.pop(_session_key(screen.page), None)
    if pending and _TOKEN.fullmatch(str(pending.get("token", ""))):
        for part in pending.get("names", {}):
            if _PART.fullmatch(str(part)):
                _path(pending["token"], part, screen.suffix).unlink(missing_ok=True)


def pending_store(
    request: HttpRequest, *, screen: ImportScreen, files: Files, options: dict[str, Any]
) -> None:
    """Keep the previewed files for this session (replacing an earlier preview)."""
    pending_discard(request, screen=screen)
    _discard_stale()
    upload_dir().mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    for part, (_, data) in files.items():
        assert _PART.fullmatch(part), part  # part names come from the code, never the request
        _path(token, part, screen.suffix).write_bytes(data)
    request.session[_session_key(screen.page)] = {
        "token": token,
        "names": {part: name for part, (name, _) in files.items()},
        "options": options,
        "at": time.time(),
    }


def pending_take(
    request: HttpRequest, *, screen: ImportScreen
) -> tuple[Files, dict[str, Any]] | None:
    """The previewed files and options, removed from the session and the disk; or None when
    there are none, they expired, or a file is gone."""
    pending = request.session.get(_session_key(screen.page))
    if not pending or not _TOKEN.fullmatch(str(pending.get("token", ""))):
        return None
    files: Files = {}
    fresh = time.time() - float(pending.get("at", 0)) < PENDING_SECONDS
    for part, name in pending.get("names", {}).items():
        path = _path(pending["token"], str(part), screen.suffix)
        if not fresh or not _PART.fullmatch(str(part)) or not path.is_file():
            pending_discard(request, screen=screen)
            return None
        files[str(part)] = (str(name), path.read_bytes())
    options = dict(pending.get("options", {}))
    pending_discard(request, screen=screen)
    return files, options


# ---------------------------------------------------------------------------------------------
# The flow
# ---------------------------------------------------------------------------------------------


def import_report_page(
    request: HttpRequest,
    *,
    screen: ImportScreen,
    options: dict[str, Any],
    reports: list[ImportReport],
    preview: bool,
) -> HttpResponse:
    return render(
        request,
        "imports/report.html",
        {
            "page": screen.page,
            "title": screen.heading(options),
            "reports": reports,
            "preview": preview,
            "rejected": sum(report.rejected for report in reports),
            "action": screen.url_name,
        },
    )


def import_confirm_or_cancel(request: HttpRequest, *, screen: ImportScreen) -> HttpResponse | None:
    """Answer a POST that confirms or cancels a preview; None for any other POST (an upload)."""
    if "cancel" in request.POST:
        pending_discard(request, screen=screen)
        messages.info(request, "Import cancelled; nothing was changed.")
        return redirect(screen.url_name)
    if "confirm" not in request.POST:
        return None
    taken = pending_take(request, screen=screen)
    if taken is None:
        messages.error(request, f"That preview has expired; {screen.upload_again}.")
        return redirect(screen.url_name)
    files, options = taken
    try:
        reports = screen.run(request, files, options, False)
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect(screen.url_name)
    return import_report_page(
        request, screen=screen, options=options, reports=reports, preview=False
    )


def import_preview(
    request: HttpRequest, *, screen: ImportScreen, files: Files, options: dict[str, Any]
) -> HttpResponse:
    """Run the import as a dry run, keep the files and show the report; raises
    :class:`ImportFileError` (nothing kept) when a file cannot be read at all."""
    reports = screen.run(request, files, options, True)
    pending_store(request, screen=screen, files=files, options=options)
    return import_report_page(
        request, screen=screen, options=options, reports=reports, preview=True
    )
