"""The HR/admin people import page: upload, preview (a dry run), confirm.

The flow and the store of uploads waiting for confirmation are shared with every import
screen (:mod:`trellis.org.uploads`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from trellis.org import imports as people_imports
from trellis.org.access import hr_required
from trellis.org.imports import ImportFileError, ImportReport
from trellis.org.request_id import request_id
from trellis.org.uploads import (
    Files,
    ImportScreen,
    check_upload_size,
    import_confirm_or_cancel,
    import_preview,
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
    request: HttpRequest, files: Files, options: dict[str, Any], dry_run: bool
) -> list[ImportReport]:
    name, data = files["people"]
    report = people_imports.people_import(
        data=data,
        file_name=name,
        dry_run=dry_run,
        full_export=bool(options.get("full_export")),
        actor=None if dry_run else request.user,
        request_id="" if dry_run else request_id(request),
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
