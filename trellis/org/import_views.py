"""The HR/admin people import page: upload, preview (a dry run), confirm; and the progress
page of every import run as a task.

The flow and the store of uploads waiting for confirmation are shared with every import
screen (:mod:`trellis.org.uploads`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from trellis.org import imports as people_imports
from trellis.org.access import hr_required, viewer_of
from trellis.org.imports import ImportFileError, ImportReport
from trellis.org.longwork import RunContext, work_for, work_reports, work_screen, work_stalled
from trellis.org.models import WorkState
from trellis.org.uploads import (
    Files,
    ImportScreen,
    check_upload_size,
    import_confirm_or_cancel,
    import_preview,
    import_report_page,
)


class PeopleUploadForm(forms.Form):
    file = forms.FileField(label="HRIS export (CSV)")
    full_export = forms.BooleanField(
        required=False,
        label="This file holds everyone: mark people absent from it inactive",
    )

    def clean_file(self) -> UploadedFile | None:
        return check_upload_size(self.cleaned_data.get("file"))


def _run(
    context: RunContext, files: Files, options: dict[str, Any], dry_run: bool
) -> list[ImportReport]:
    name, data = files["people"]
    report = people_imports.people_import(
        data=data,
        file_name=name,
        dry_run=dry_run,
        full_export=bool(options.get("full_export")),
        actor=None if dry_run else context.actor,
        request_id="" if dry_run else context.request_id,
        tick=context.tick,
    )
    return [report]


PEOPLE = ImportScreen(page="people", title="Import people", url_name="import_people", run=_run)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def people_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        done = import_confirm_or_cancel(request, screen=PEOPLE)
        if done is not None:
            return done
    form = (
        PeopleUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else PeopleUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        files = {"people": (upload.name, upload.read())}
        try:
            return import_preview(
                request,
                screen=PEOPLE,
                files=files,
                options={"full_export": form.cleaned_data["full_export"]},
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
    return render(
        request, "imports/upload.html", {"form": form, "title": PEOPLE.title, "page": "people"}
    )


@login_required
@require_GET
@never_cache
@hr_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """How far one's own import has got (htmx polls the bar), then its report."""
    work = work_for(viewer_of(request).user, pk)
    if work is None:
        raise Http404
    screen = work_screen(work)
    polled = bool(getattr(request, "htmx", False))
    if work.state == WorkState.DONE:
        if polled:  # the whole page, with the report, replaces the bar
            return HttpResponse(headers={"HX-Redirect": request.path})
        return import_report_page(
            request,
            screen=screen,
            options=work.options,
            reports=work_reports(work),
            preview=work.dry_run,
        )
    context = {
        "work": work,
        "stalled": work_stalled(work),
        "title": screen.heading(work.options),
        "action": screen.url_name,
        "page": screen.page,
    }
    template = "imports/progress_bar.html" if polled else "imports/progress.html"
    return render(request, template, context)
