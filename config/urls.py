from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from config.api import api, index
from trellis.org.csp_report import csp_report

# A missing URL under /api/ answers JSON like every other API refusal.
handler404 = "config.api.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", index, name="api_index"),
    path("api/v1/", api.urls),
    path("csp-report/", csp_report, name="csp_report"),
    path("", include("trellis.ops.urls")),
    path("accounts/", include("trellis.org.auth_urls")),
    path("", include("trellis.identity.urls")),
    path("scim/v2/", include("trellis.identity.scim.urls")),
    path("", include("trellis.home.urls")),
    path("", include("trellis.org.urls")),
    path("", include("trellis.org.import_urls")),
    path("", include("trellis.org.privacy_officer_urls")),
    path("", include("trellis.skills.urls")),
    path("", include("trellis.careers.urls")),
    path("", include("trellis.talks.urls")),
    path("", include("trellis.market.urls")),
    path("", include("trellis.market.mobility_urls")),
    path("", include("trellis.insights.urls")),
    path("", include("trellis.search.urls")),
]
