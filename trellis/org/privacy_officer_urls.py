from __future__ import annotations

from django.urls import path

from trellis.org import privacy_officer

urlpatterns = [
    path("privacy/audit/", privacy_officer.audit_trail, name="audit_trail"),
    path("privacy/erase/<int:pk>/", privacy_officer.erasure, name="erasure"),
]
