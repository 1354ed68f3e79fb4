from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("Waypoint administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("", include("home.urls")),
    path("", include("accounts.urls")),
    path("", include("plans.urls")),
    path("", include("checkins.urls")),
    path("", include("reminders.urls")),
    path("", include("alerts.urls")),
    path("", include("contacts.urls")),
    path("", include("alumni.urls")),
]
