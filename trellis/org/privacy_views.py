"""The person's own data, downloaded after confirming their password."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from trellis.org.access import viewer_of
from trellis.org.privacy import personal_data_export


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
    form = ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Through authenticate, so repeated wrong passwords count toward the login throttle.
        user = authenticate(
            request, username=request.user.get_username(), password=form.cleaned_data["password"]
        )
        if user is None or user.pk != request.user.pk:
            form.add_error("password", "That password is not right.")
        else:
            export = personal_data_export(
                actor=request.user,
                person=viewer.person,
                request_id=str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64],
            )
            response = HttpResponse(export.content, content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
            return response
    return render(request, "org/my_data.html", {"form": form, "person": viewer.person})
