"""The HR/admin import pages: upload, preview (a dry run), confirm.

The uploaded bytes are kept between the preview and the confirmation in a file under
``var/imports/`` whose random name lives only in the uploader's session, so nobody can
point the confirmation at another file, and the file is never re-uploaded (what was
previewed is what gets imported).
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from trellis.org import imports as people_imports
from trellis.org.access import hr_required
from trellis.org.imports import ImportFileError, ImportReport
from trellis.skills import imports as taxonomy_imports
from trellis.skills.imports import KINDS

_PENDING_SECONDS = 60 * 60
_TOKEN = re.compile(r"[0-9a-f]{32}")


def _upload_dir() -> Path:
    return Path(getattr(settings, "TRELLIS_IMPORT_DIR", settings.BASE_DIR / "var" / "imports"))


def _check_upload(upload: UploadedFile | None) -> UploadedFile | None:
    limit = settings.TRELLIS_MAX_IMPORT_BYTES
    if upload is not None and (upload.size or 0) > limit:
        raise forms.ValidationError(f"The file is larger than the limit of {limit:,} bytes.")
    return upload


class PeopleUploadForm(forms.Form):
    file = forms.FileField(label="HRIS export (CSV)")
    full_export = forms.BooleanField(
        required=False,
        label="This file holds everyone: mark people absent from it inactive",
    )

    def clean_file(self) -> UploadedFile | None:
        return _check_upload(self.cleaned_data.get("file"))


class TaxonomyUploadForm(forms.Form):
    skills = forms.FileField(required=False, label="Skills (CSV)")
    roles = forms.FileField(required=False, label="Roles (CSV)")
    requirements = forms.FileField(required=False, label="Role requirements (CSV)")
    transitions = forms.FileField(required=False, label="Role transitions (CSV)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind in KINDS:
            try:
                _check_upload(data.get(kind))
            except forms.ValidationError as exc:
                self.add_error(kind, exc)
        if not any(data.get(kind) for kind in KINDS):
            raise forms.ValidationError("Choose at least one file.")
        return data


# ---------------------------------------------------------------------------------------------
# Pending uploads between preview and confirmation
# ---------------------------------------------------------------------------------------------


def _session_key(page: str) -> str:
    return f"trellis_import_{page}"


def _discard_stale() -> None:
    directory = _upload_dir()
    if not directory.is_dir():
        return
    cutoff = time.time() - _PENDING_SECONDS
    for path in directory.glob("*.csv"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _pending_store(
    request: HttpRequest, *, page: str, files: dict[str, tuple[str, bytes]], options: dict[str, Any]
) -> None:
    _pending_discard(request, page=page)
    _discard_stale()
    directory = _upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    for kind, (_, data) in files.items():
        (directory / f"{token}-{kind}.csv").write_bytes(data)
    request.session[_session_key(page)] = {
        "token": token,
        "names": {kind: name for kind, (name, _) in files.items()},
        "options": options,
        "at": time.time(),
    }


def _pending_discard(request: HttpRequest, *, page: str) -> None:
    pending = request.session.pop(_session_key(page), None)
    if pending and _TOKEN.fullmatch(str(pending.get("token", ""))):
        for kind in pending.get("names", {}):
            if kind in KINDS or kind == "people":
                (_upload_dir() / f"{pending['token']}-{kind}.csv").unlink(missing_ok=True)


def _pending_take(
    request: HttpRequest, *, page: str
) -> tuple[dict[str, tuple[str, bytes]], dict[str, Any]] | None:
    """The previewed files and options, removed from the session and the disk; or None."""
    pending = request.session.get(_session_key(page))
    if not pending or not _TOKEN.fullmatch(str(pending.get("token", ""))):
        return None
    files: dict[str, tuple[str, bytes]] = {}
    fresh = time.time() - float(pending.get("at", 0)) < _PENDING_SECONDS
    for kind, name in pending.get("names", {}).items():
        path = _upload_dir() / f"{pending['token']}-{kind}.csv"
        if not fresh or (kind not in KINDS and kind != "people") or not path.is_file():
            _pending_discard(request, page=page)
            return None
        files[kind] = (str(name), path.read_bytes())
    options = dict(pending.get("options", {}))
    _pending_discard(request, page=page)
    return files, options


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------


def _request_id(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64]


def _report_page(
    request: HttpRequest, *, page: str, title: str, reports: list[ImportReport], preview: bool
) -> HttpResponse:
    return render(
        request,
        "imports/report.html",
        {
            "page": page,
            "title": title,
            "reports": reports,
            "preview": preview,
            "rejected": sum(report.rejected for report in reports),
            "action": "import_people" if page == "people" else "import_taxonomy",
        },
    )


def _confirm_or_cancel(request: HttpRequest, *, page: str, title: str) -> HttpResponse | None:
    if "cancel" in request.POST:
        _pending_discard(request, page=page)
        messages.info(request, "Import cancelled; nothing was changed.")
        return redirect("import_people" if page == "people" else "import_taxonomy")
    if "confirm" not in request.POST:
        return None
    taken = _pending_take(request, page=page)
    if taken is None:
        messages.error(request, "That preview has expired; upload the file again.")
        return redirect("import_people" if page == "people" else "import_taxonomy")
    files, options = taken
    try:
        if page == "people":
            name, data = files["people"]
            reports = [
                people_imports.people_import(
                    data=data,
                    file_name=name,
                    full_export=bool(options.get("full_export")),
                    actor=request.user,
                    request_id=_request_id(request),
                )
            ]
        else:
            reports = taxonomy_imports.taxonomy_import(
                files=files, actor=request.user, request_id=_request_id(request)
            )
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("import_people" if page == "people" else "import_taxonomy")
    return _report_page(request, page=page, title=title, reports=reports, preview=False)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def people_import(request: HttpRequest) -> HttpResponse:
    title = "Import people"
    if request.method == "POST":
        done = _confirm_or_cancel(request, page="people", title=title)
        if done is not None:
            return done
    form = (
        PeopleUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else PeopleUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        full_export = form.cleaned_data["full_export"]
        try:
            report = people_imports.people_import(
                data=data, file_name=upload.name, dry_run=True, full_export=full_export
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            _pending_store(
                request,
                page="people",
                files={"people": (upload.name, data)},
                options={"full_export": full_export},
            )
            return _report_page(request, page="people", title=title, reports=[report], preview=True)
    return render(request, "imports/upload.html", {"form": form, "title": title, "page": "people"})


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def taxonomy_import(request: HttpRequest) -> HttpResponse:
    title = "Import skills and roles"
    if request.method == "POST":
        done = _confirm_or_cancel(request, page="taxonomy", title=title)
        if done is not None:
            return done
    form = (
        TaxonomyUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else TaxonomyUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        files = {
            kind: (form.cleaned_data[kind].name, form.cleaned_data[kind].read())
            for kind in KINDS
            if form.cleaned_data.get(kind)
        }
        try:
            reports = taxonomy_imports.taxonomy_import(files=files, dry_run=True)
        except ImportFileError as exc:
            form.add_error(None, str(exc))
        else:
            _pending_store(request, page="taxonomy", files=files, options={})
            return _report_page(
                request, page="taxonomy", title=title, reports=reports, preview=True
            )
    return render(
        request, "imports/upload.html", {"form": form, "title": title, "page": "taxonomy"}
    )
