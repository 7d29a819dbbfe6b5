"""Upload, preview, confirm: the one flow every import screen follows.

The first POST carries the files: they wait in a file under ``TRELLIS_IMPORT_DIR``
(``var/imports/``, shared by the web server and the worker) whose random name lives only in
the uploader's session, and the screen's import runs on them as a dry run; its report is the
preview. Confirming runs the import on exactly those bytes (nothing is uploaded twice, and
nobody can point a confirmation at another file); cancelling, expiry after an hour, or a new
preview deletes them.

Both runs are long work (:mod:`trellis.org.longwork`): a task with its progress in the
database. When it has finished by the time the request ends (tasks run inline, in
development and tests) the report is the answer, as before; otherwise the answer is a
redirect to the progress page, which polls until the report can be shown.
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
from trellis.org.longwork import RunContext, work_reports, work_start
from trellis.org.models import LongWork, WorkState
from trellis.org.request_id import request_id

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


_SCREENS: dict[str, ImportScreen] = {}


def screen_by_page(page: str) -> ImportScreen:
    return _SCREENS[page]


@dataclass(frozen=True)
class ImportScreen:
    """One import page: where it lives and what confirming does.

    ``run(context, files, options, dry_run)`` imports the files (a preview when ``dry_run``)
    and returns one report per file; it raises :class:`ImportFileError` for a file it cannot
    read at all. ``context`` names the actor and request and takes the progress
    (:class:`~trellis.org.longwork.RunContext`); ``run`` must be defined in the module that
    defines the screen (the worker imports that module to find it). ``suffix`` is how the
    kept files are named on disk ("csv" or "zip").
    """

    page: str
    title: str  # may name an option, e.g. "Import {source_name}"
    url_name: str
    run: Callable[[RunContext, Files, dict[str, Any], bool], list[ImportReport]]
    suffix: str = "csv"
    upload_again: str = "upload the file again"

    def __post_init__(self) -> None:
        _SCREENS[self.page] = self

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


def pending_files_discard(token: str, names: dict[str, str], *, suffix: str) -> None:
    if _TOKEN.fullmatch(token):
        for part in names:
            if _PART.fullmatch(str(part)):
                _path(token, part, suffix).unlink(missing_ok=True)


def pending_files(token: str, names: dict[str, str], *, suffix: str) -> Files | None:
    """The kept files of one upload, or None when one is gone or the names are not ours."""
    if not _TOKEN.fullmatch(token):
        return None
    files: Files = {}
    for part, name in names.items():
        path = _path(token, str(part), suffix)
        if not _PART.fullmatch(str(part)) or not path.is_file():
            return None
        files[str(part)] = (str(name), path.read_bytes())
    return files


def pending_discard(request: HttpRequest, *, screen: ImportScreen) -> None:
    pending = request.session.pop(_session_key(screen.page), None)
    if pending:
        names = pending.get("names", {})
        pending_files_discard(str(pending.get("token", "")), names, suffix=screen.suffix)


def pending_store(
    request: HttpRequest, *, screen: ImportScreen, files: Files, options: dict[str, Any]
) -> str:
    """Keep the uploaded files for this session (replacing an earlier preview); returns
    their token."""
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
    return token


def pending_claim(
    request: HttpRequest, *, screen: ImportScreen
) -> tuple[str, dict[str, str], dict[str, Any]] | None:
    """The previewed upload (token, file names, options), removed from the session but left
    on disk for the import that confirms it; None when there is none, it expired, or a file
    is gone (and then nothing is kept)."""
    pending = request.session.get(_session_key(screen.page))
    if not pending:
        return None
    token, names = str(pending.get("token", "")), dict(pending.get("names", {}))
    fresh = time.time() - float(pending.get("at", 0)) < PENDING_SECONDS
    if not fresh or pending_files(token, names, suffix=screen.suffix) is None:
        pending_discard(request, screen=screen)
        return None
    request.session.pop(_session_key(screen.page), None)
    return token, names, dict(pending.get("options", {}))


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


def work_answer(request: HttpRequest, *, screen: ImportScreen, work: LongWork) -> HttpResponse:
    """The page for an import run: its report once done, else its progress page.

    A preview whose file cannot be read raises :class:`ImportFileError` when it failed within
    the request (the upload form shows the message, as for any bad upload).
    """
    if work.state == WorkState.DONE:
        return import_report_page(
            request,
            screen=screen,
            options=work.options,
            reports=work_reports(work),
            preview=work.dry_run,
        )
    if work.state == WorkState.FAILED and work.dry_run:
        pending_discard(request, screen=screen)
        raise ImportFileError(work.error)
    if work.state == WorkState.FAILED:
        messages.error(request, work.error)
        return redirect(screen.url_name)
    return redirect("import_progress", pk=work.pk)


def import_confirm_or_cancel(request: HttpRequest, *, screen: ImportScreen) -> HttpResponse | None:
    """Answer a POST that confirms or cancels a preview; None for any other POST (an upload)."""
    if "cancel" in request.POST:
        pending_discard(request, screen=screen)
        messages.info(request, "Import cancelled; nothing was changed.")
        return redirect(screen.url_name)
    if "confirm" not in request.POST:
        return None
    claimed = pending_claim(request, screen=screen)
    if claimed is None:
        messages.error(request, f"That preview has expired; {screen.upload_again}.")
        return redirect(screen.url_name)
    token, names, options = claimed
    work = work_start(
        owner_id=request.user.pk,
        screen=screen,
        files_token=token,
        names=names,
        options=options,
        dry_run=False,
        request_id=request_id(request),
    )
    return work_answer(request, screen=screen, work=work)


def import_preview(
    request: HttpRequest, *, screen: ImportScreen, files: Files, options: dict[str, Any]
) -> HttpResponse:
    """Keep the files and run the import on them as a dry run: its report, or its progress
    page. Raises :class:`ImportFileError` (nothing kept) when a file cannot be read at all
    and the dry run already ended."""
    token = pending_store(request, screen=screen, files=files, options=options)
    work = work_start(
        owner_id=request.user.pk,
        screen=screen,
        files_token=token,
        names={part: name for part, (name, _) in files.items()},
        options=options,
        dry_run=True,
    )
    return work_answer(request, screen=screen, work=work)
