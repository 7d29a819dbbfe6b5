"""Orientation pages: everyone reads HR's pages; new joiners tick their checklist; the
manager chain and HR read a person's checklist; HR writes the pages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trellis.org.access import hr_required, viewer_of
from trellis.org.validation import DOCUMENT_TEXT
from trellis.talks import orientation
from trellis.talks.markdown import render_markdown
from trellis.talks.models import OrientationPage


class OrientationPageForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=DOCUMENT_TEXT,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=(
            "Markdown: # headings, blank lines between paragraphs, - lists, **bold**, "
            "*italic* and [links](https://...)."
        ),
    )
    for_new_joiners = forms.BooleanField(
        required=False, initial=True, label="Show to new joiners on their home page"
    )
    position = forms.IntegerField(min_value=0, max_value=1000, initial=0, label="Order")


@login_required
@require_GET
def orientation_index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    today = timezone.localdate()
    checklist = (
        orientation.checklists([viewer.person], today=today).get(viewer.person.pk)
        if viewer.person
        else None
    )
    context = {
        "pages": orientation.pages(),
        "checklist": checklist,
        "can_edit": viewer.is_hr_or_admin,
    }
    return render(request, "talks/orientation.html", context)


@login_required
@require_GET
def orientation_page(request: HttpRequest, pk: int) -> HttpResponse:
    page = orientation.page_get(pk=pk)
    context = {
        "page": page,
        "html": render_markdown(page.body),
        "can_edit": viewer_of(request).is_hr_or_admin,
    }
    return render(request, "talks/orientation_page.html", context)


@login_required
@require_POST
def orientation_step(request: HttpRequest, step: str) -> HttpResponse:
    try:
        orientation.orientation_tick(
            viewer=viewer_of(request), step=step, today=timezone.localdate()
        )
    except orientation.OrientationError as exc:
        raise Http404 from exc
    messages.success(request, "Marked as done.")
    return redirect("talks:orientation")


@login_required
@require_GET
def orientation_person(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    person = orientation.person_for_checklist(viewer=viewer, pk=pk)
    checklist = orientation.checklist_for(viewer=viewer, person=person, today=timezone.localdate())
    context = {"person": person, "checklist": checklist}
    return render(request, "talks/orientation_person.html", context)


def _edit(request: HttpRequest, page: OrientationPage | None) -> HttpResponse:
    initial = (
        {
            "title": page.title,
            "body": page.body,
            "for_new_joiners": page.for_new_joiners,
            "position": page.position,
        }
        if page
        else None
    )
    form = OrientationPageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = orientation.page_save(viewer=viewer_of(request), page=page, **form.cleaned_data)
        except orientation.OrientationError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, "Page saved.")
            return redirect("talks:orientation_page", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "page": page}
    return render(request, "talks/orientation_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def orientation_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def orientation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, orientation.page_for_edit(viewer=viewer_of(request), pk=pk))
