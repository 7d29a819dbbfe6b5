"""HR pages next to the job architecture: the internal mobility policy and the imports of
public taxonomies (O*NET, ESCO) from an uploaded folder.

The import page follows the people and CSV imports: upload, preview (a dry run with counts
and every rejected line), then confirm or cancel. Between preview and confirmation the
upload waits in a file under ``var/imports/archives/`` whose random name lives only in the
uploader's session, so what was previewed is exactly what gets imported.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from trellis.org.access import hr_required, viewer_of
from trellis.org.imports import ImportFileError, ImportReport
from trellis.skills.archive import archive_extract
from trellis.skills.esco import esco_import
from trellis.skills.forms import MobilityPolicyForm, SourceImportForm
from trellis.skills.onet import onet_import
from trellis.skills.policies import mobility_policy_get, mobility_policy_update

_PENDING_SECONDS = 60 * 60
_SESSION_KEY = "trellis_import_taxonomy_source"
_TOKEN = re.compile(r"[0-9a-f]{32}")
SOURCES: dict[str, tuple[str, Callable[..., list[ImportReport]]]] = {
    "onet": ("O*NET", onet_import),
    "esco": ("ESCO", esco_import),
}


def _request_id(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64]


# ---------------------------------------------------------------------------------------------
# Mobility policy
# ---------------------------------------------------------------------------------------------


@login_required
def mobility_policy(request: HttpRequest) -> HttpResponse:
    """The policy as everyone sees it."""
    viewer = viewer_of(request)
    context = {"policy": mobility_policy_get(), "can_edit": viewer.is_hr_or_admin}
    return render(request, "skills/mobility_policy.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def mobility_policy_edit(request: HttpRequest) -> HttpResponse:
    policy = mobility_policy_get()
    today = timezone.localdate()
    initial = {
        "min_months_in_role": policy.min_months_in_role,
        "hours_per_month": policy.hours_per_month,
        "hours_from": today,
        "notify_manager": policy.notify_manager,
        "allow_confidential": policy.allow_confidential,
    }
    form = MobilityPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data["hours_from"] < today:
            form.add_error("hours_from", "Choose today or a later date: the past stays as it was.")
        if form.is_valid():
            mobility_policy_update(
                actor=request.user, request_id=_request_id(request), **form.cleaned_data
            )
            messages.success(request, "Mobility policy saved.")
            return redirect("mobility_policy")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "skills/mobility_policy_edit.html", {"form": form, "policy": policy}, status=status
    )


# ---------------------------------------------------------------------------------------------
# O*NET and ESCO imports from an uploaded folder
# ---------------------------------------------------------------------------------------------


def _archive_dir() -> Path:
    base = Path(getattr(settings, "TRELLIS_IMPORT_DIR", settings.BASE_DIR / "var" / "imports"))
    return base / "archives"


def _discard_stale() -> None:
    directory = _archive_dir()
    if directory.is_dir():
        cutoff = time.time() - _PENDING_SECONDS
        for path in directory.glob("*.zip"):
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)


def _pending_discard(request: HttpRequest) -> None:
    pending = request.session.pop(_SESSION_KEY, None)
    if pending and _TOKEN.fullmatch(str(pending.get("token", ""))):
        (_archive_dir() / f"{pending['token']}.zip").unlink(missing_ok=True)


def _pending_store(request: HttpRequest, *, source: str, name: str, data: bytes) -> None:
    _pending_discard(request)
    _discard_stale()
    directory = _archive_dir()
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    (directory / f"{token}.zip").write_bytes(data)
    request.session[_SESSION_KEY] = {
        "token": token,
        "source": source,
        "name": name,
        "at": time.time(),
    }


def _pending_take(request: HttpRequest) -> tuple[str, str, bytes] | None:
    """The previewed source, file name and bytes, removed from session and disk; or None."""
    pending = request.session.get(_SESSION_KEY)
    if not pending or not _TOKEN.fullmatch(str(pending.get("token", ""))):
        return None
    path = _archive_dir() / f"{pending['token']}.zip"
    fresh = time.time() - float(pending.get("at", 0)) < _PENDING_SECONDS
    source = str(pending.get("source", ""))
    if not fresh or source not in SOURCES or not path.is_file():
        _pending_discard(request)
        return None
    data = path.read_bytes()
    _pending_discard(request)
    return source, str(pending.get("name", "")), data


def _run(
    request: HttpRequest, *, source: str, data: bytes, dry_run: bool
) -> tuple[list[ImportReport], list[str]]:
    with tempfile.TemporaryDirectory(prefix="trellis-taxonomy-") as scratch:
        directory = Path(scratch)
        names = archive_extract(data, directory)
        reports = SOURCES[source][1](
            directory=directory,
            dry_run=dry_run,
            actor=None if dry_run else request.user,
            request_id=_request_id(request),
        )
    return reports, names


def _report_page(
    request: HttpRequest, *, source: str, reports: list[ImportReport], preview: bool
) -> HttpResponse:
    return render(
        request,
        "imports/report.html",
        {
            "page": "taxonomy_source",
            "title": f"Import {SOURCES[source][0]}",
            "reports": reports,
            "preview": preview,
            "rejected": sum(r.rejected for r in reports),
            "action": "taxonomy_source_import",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def taxonomy_source_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "cancel" in request.POST:
        _pending_discard(request)
        messages.info(request, "Import cancelled; nothing was changed.")
        return redirect("taxonomy_source_import")
    if request.method == "POST" and "confirm" in request.POST:
        taken = _pending_take(request)
        if taken is None:
            messages.error(request, "That preview has expired; upload the archive again.")
            return redirect("taxonomy_source_import")
        source, _name, data = taken
        try:
            reports, _ = _run(request, source=source, data=data, dry_run=False)
        except ImportFileError as exc:
            messages.error(request, str(exc))
            return redirect("taxonomy_source_import")
        return _report_page(request, source=source, reports=reports, preview=False)
    form = (
        SourceImportForm(request.POST, request.FILES)
        if request.method == "POST"
        else SourceImportForm()
    )
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        upload = form.cleaned_data["archive"]
        data = upload.read()
        try:
            reports, _ = _run(request, source=source, data=data, dry_run=True)
        except ImportFileError as exc:
            form.add_error("archive", str(exc))
        else:
            _pending_store(request, source=source, name=upload.name, data=data)
            return _report_page(request, source=source, reports=reports, preview=True)
    status = 400 if request.method == "POST" else 200
    return render(request, "skills/source_import.html", {"form": form}, status=status)
