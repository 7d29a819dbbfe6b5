from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from config.api import api
from trellis.org.csp_report import csp_report

# A missing URL under /api/ answers JSON like every other API refusal.
handler404 = "config.api.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("csp-report/", csp_report, name="csp_report"),
    path("", include("trellis.ops.urls")),
    path("accounts/", include("trellis.org.auth_urls")),
    path("", include("trellis.org.urls")),
    path("", include("trellis.org.import_urls")),
    path("", include("trellis.skills.urls")),
    path("", include("trellis.careers.urls")),
    path("", include("trellis.talks.urls")),
    path("", include("trellis.market.urls")),
    path("", include("trellis.insights.urls")),
]
