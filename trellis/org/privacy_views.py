"""The person's own data, downloaded after confirming it is them.

Someone with a password types it again. Someone who signs in only through single sign-on has
none to type: for them the confirmation is a fresh login, a sign-in less than
``RECENT_LOGIN`` ago (``User.last_login``, set by every login, SSO's included); an older one
is sent to sign in again through the identity provider, and comes back here.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from trellis.org.access import viewer_of
from trellis.org.models import Person
from trellis.org.privacy import personal_data_export
from trellis.org.request_id import request_id

RECENT_LOGIN = dt.timedelta(minutes=10)


def login_is_recent(user: object, *, now: dt.datetime | None = None) -> bool:
    last = getattr(user, "last_login", None)
    return last is not None and (now or timezone.now()) - last <= RECENT_LOGIN


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autofocus": True})
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything Trellis holds about me, as a ZIP; asking for the password again first."""
    viewer = viewer_of(request)
    if viewer.person is None:
        raise Http404
    if viewer.actor is not None and not viewer.actor.has_usable_password():
        return _sso_only(request, viewer.person)
    form = ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Through authenticate, so repeated wrong passwords count toward the login throttle.
        user = authenticate(
            request, username=request.user.get_username(), password=form.cleaned_data["password"]
        )
        if user is None or user.pk != request.user.pk:
            form.add_error("password", "That password is not right.")
        else:
            return _download(request, viewer.person)
    return render(request, "org/my_data.html", {"form": form, "person": viewer.person})


def _download(request: HttpRequest, person: Person) -> HttpResponse:
    export = personal_data_export(actor=request.user, person=person, request_id=request_id(request))
    response = HttpResponse(export.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def _sso_only(request: HttpRequest, person: Person) -> HttpResponse:
    """No password to confirm: a login less than ``RECENT_LOGIN`` old is the confirmation."""
    recent = login_is_recent(request.user)
    if request.method == "POST" and recent:
        return _download(request, person)
    context = {"form": None, "person": person, "recent": recent}
    return render(
        request, "org/my_data.html", context, status=403 if request.method == "POST" else 200
    )
