from __future__ import annotations

from django.urls import path

from trellis.identity import views

urlpatterns = [
    path("sso/login/", views.SsoStartView.as_view(), name="sso_login"),
    path("sso/callback/", views.SsoCallbackView.as_view(), name="oidc_authentication_callback"),
]
