"""The site's URLs plus one probe page that opens a scope of a member through the gate."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from accounts.access import require_access
from accounts.models import Scope
from recovery_site.urls import urlpatterns as site_urls


def probe(request: HttpRequest, scope: str, member_id: int) -> HttpResponse:
    member = require_access(request, member_id, Scope(scope), action="probe")
    return HttpResponse(f"{scope} of {member.display_name}")


urlpatterns = [path("gate-probe/<str:scope>/<int:member_id>/", probe), *site_urls]
