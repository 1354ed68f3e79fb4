from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from home import floor


class FaviconView(RedirectView):
    """Browsers and feed readers ask for /favicon.ico whatever the page says. The hashed
    static name is looked up per request: at import the manifest may not exist yet."""

    permanent = True

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("img/favicon.svg")


admin.site.site_header = _("Waypoint administration")
# The error pages carry the crisis lines (Django's defaults render without them).
handler400 = "core.error_page.bad_request"
handler500 = "core.error_page.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", FaviconView.as_view()),
    path("", include("home.urls")),
    path("", include("accounts.urls")),
    path("", include("plans.urls")),
    path("", include("stepping_up.urls")),
    path("", include("checkins.urls")),
    path("", include("measures.urls")),
    path("", include("reminders.urls")),
    path("", include("alerts.urls")),
    path("", include("texting.urls")),
    path("", include("contacts.urls")),
    path("", include("alumni.urls")),
    path("", include("fhir_export.urls")),
    path("", include("outcomes.urls")),
]

# The load test's floors (home/floor.py): absent unless the bench setting is on.
if settings.WAYPOINT_BENCH:
    urlpatterns += [
        path("bench/floor/", floor.anonymous_floor, name="bench_floor"),
        path("bench/floor/signed-in/", floor.signed_in_floor, name="bench_floor_signed_in"),
    ]
