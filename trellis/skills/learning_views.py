"""The learning catalog's pages: the list for everyone signed in; adding, editing and
importing for HR (anyone else gets the 404 of a missing page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from trellis.org.access import hr_required, viewer_of
from trellis.org.imports import ImportFileError, ImportReport
from trellis.org.longwork import RunContext
from trellis.org.request_id import request_id
from trellis.org.uploads import Files, ImportScreen, import_confirm_or_cancel, import_preview
from trellis.skills import learning
from trellis.skills.learning_forms import LearningFilterForm, LearningItemForm, LearningUploadForm
from trellis.skills.learning_import import learning_import

PAGE_SIZE = 50


@login_required
def learning_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    form = LearningFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "q": form.cleaned_data["q"] or "",
            "kind": form.cleaned_data["kind"] or "",
            "skill_id": form.cleaned_data["skill"],
        }
    items = learning.learning_list(viewer=viewer, **filters)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "skills/learning_list.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def learning_add(request: HttpRequest) -> HttpResponse:
    form = LearningItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        learning.learning_create(
            viewer=viewer_of(request), data=form.data_out(), request_id=request_id(request)
        )
        messages.success(request, "Added to the learning catalog.")
        return redirect("learning_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "skills/learning_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def learning_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    item = learning.learning_get(viewer=viewer, pk=pk)
    form = LearningItemForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        learning.learning_update(
            viewer=viewer, item=item, data=form.data_out(), request_id=request_id(request)
        )
        messages.success(request, "Learning item saved.")
        return redirect("learning_list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "item": item}
    return render(request, "skills/learning_form.html", context, status=status)


def _run(
    context: RunContext, files: Files, options: dict[str, Any], dry_run: bool
) -> list[ImportReport]:
    name, data = files["learning"]
    if dry_run:
        return [learning_import(data=data, file_name=name, dry_run=True)]
    report = learning_import(
        data=data, file_name=name, actor=context.actor, request_id=context.request_id
    )
    return [report]


LEARNING = ImportScreen(
    page="learning", title="Import the learning catalog", url_name="learning_import", run=_run
)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def learning_import_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        done = import_confirm_or_cancel(request, screen=LEARNING)
        if done is not None:
            return done
    form = LearningUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["learning"]
        try:
            files = {"learning": (upload.name, upload.read())}
            return import_preview(request, screen=LEARNING, files=files, options={})
        except ImportFileError as exc:
            form.add_error(None, str(exc))
    context = {"form": form, "title": LEARNING.title, "page": "learning"}
    return render(request, "imports/upload.html", context)
