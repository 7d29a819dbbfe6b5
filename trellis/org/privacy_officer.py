"""The privacy officer's pages: the audit trail (filtered, CSV) and a person's erasure.

Open to members of the "Privacy officers" group and to admins; anyone else gets the 404 of
a missing page. Reading the trail in CSV and erasing are audited themselves.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from trellis.org.access import PRIVACY_GROUP
from trellis.org.models import AuditEvent, Person
from trellis.org.privacy import PrivacyError, erasure_check, erasure_preview, personal_data_erase
from trellis.org.services import audit_record

PAGE_SIZE = 100


def is_privacy_officer(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=PRIVACY_GROUP).exists()


def _require_officer(request: HttpRequest) -> None:
    if not is_privacy_officer(request.user):
        raise Http404


def person_for_officer(*, user: User | AnonymousUser, pk: int) -> Person:
    """Anyone (active or not, erased or not) for a privacy officer; a 404 for anyone else."""
    if not is_privacy_officer(user):
        raise Http404
    return get_object_or_404(Person, pk=pk)


def _request_id(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64]


def csv_cell(value: object) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ tab or CR gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label="Person (employee id)", required=False, max_length=50, strip=True
    )
    actor = forms.CharField(label="Actor (username)", required=False, max_length=150)
    kind = forms.CharField(
        label="Kind", required=False, max_length=100, help_text="e.g. org.personal_data"
    )
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="Until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_person(self) -> Person | None:
        employee_id = self.cleaned_data["person"]
        if not employee_id:
            return None
        person = Person.objects.filter(employee_id=employee_id).first()
        if person is None:
            raise forms.ValidationError("No person has this employee id.")
        return person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end is before the start.")
        return data


def audit_events(filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Events matching the filters, newest first, with their actor."""
    events = AuditEvent.objects.select_related("actor")
    person = filters.get("person")
    if person is not None:
        events = events.filter(target_type="org.person", target_id=str(person.pk))
    if filters.get("actor"):
        events = events.filter(actor__username=filters["actor"])
    if filters.get("kind"):
        events = events.filter(action__startswith=filters["kind"])
    tz = timezone.get_current_timezone()
    if filters.get("since"):
        start = dt.datetime.combine(filters["since"], dt.time.min, tzinfo=tz)
        events = events.filter(at__gte=start)
    if filters.get("until"):
        end = dt.datetime.combine(filters["until"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        events = events.filter(at__lt=end)
    return events.order_by("-at", "-id")


def _csv(
    request: HttpRequest, events: QuerySet[AuditEvent], filters: dict[str, Any]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["at (UTC)", "actor", "kind", "target type", "target id", "detail", "request id"]
    )
    count = 0
    for event in events.iterator(chunk_size=2000):
        count += 1
        writer.writerow(
            [
                csv_cell(event.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")),
                csv_cell(event.actor.get_username() if event.actor else ""),
                csv_cell(event.action),
                csv_cell(event.target_type),
                csv_cell(event.target_id),
                csv_cell(event.detail),
                csv_cell(event.request_id),
            ]
        )
    audit_record(
        actor=request.user,
        action="org.audit.export",
        detail={
            "rows": count,
            "filters": {
                k: str(v.pk if isinstance(v, Person) else v) for k, v in filters.items() if v
            },
        },
        request_id=_request_id(request),
    )
    return response


@login_required
@require_http_methods(["GET"])
def audit_trail(request: HttpRequest) -> HttpResponse:
    """Who read or changed what, when: filtered by person, actor, kind and date; CSV too."""
    _require_officer(request)
    form = AuditFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        return render(request, "org/audit.html", {"form": form, "page": None}, status=400)
    events = audit_events(filters)
    if request.GET.get("format") == "csv":
        return _csv(request, events, filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "person": filters.get("person"),
    }
    return render(request, "org/audit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def erasure(request: HttpRequest, pk: int) -> HttpResponse:
    """What erasing a person deletes; erased only after typing their employee id."""
    person = person_for_officer(user=request.user, pk=pk)
    counts = {label: n for label, n in erasure_preview(person=person).items() if n}
    refusal = ""
    try:
        erasure_check(person)
    except PrivacyError as error:
        refusal = str(error)
    problem = ""
    if request.method == "POST" and not refusal:
        if request.POST.get("confirm", "").strip() != person.employee_id:
            problem = "Type the person's employee id exactly to confirm."
        else:
            try:
                done = personal_data_erase(
                    actor=request.user, person=person, request_id=_request_id(request)
                )
            except PrivacyError as error:
                refusal = str(error)
            else:
                messages.success(
                    request,
                    f"Erased {sum(done.values())} records of employee {person.employee_id}.",
                )
                return redirect(f"/privacy/audit/?person={person.employee_id}")
    status = 400 if problem else (409 if refusal and request.method == "POST" else 200)
    context = {"person": person, "counts": counts, "refusal": refusal, "problem": problem}
    return render(request, "org/erasure.html", context, status=status)
