from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Waypoint administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("home.urls")),
    path("", include("accounts.urls")),
    path("", include("plans.urls")),
    path("", include("stepping_up.urls")),
    path("", include("checkins.urls")),
    path("", include("reminders.urls")),
    path("", include("alerts.urls")),
    path("", include("contacts.urls")),
    path("", include("alumni.urls")),
]
