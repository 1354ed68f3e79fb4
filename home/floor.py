"""The load test's two floors: pages that do almost nothing, so that a page's figure can be
read as a share of what the stack itself costs (bench/load.py, issue 14).

Routed only when settings.WAYPOINT_BENCH is on (recovery_site/urls.py). Both go through
every middleware like any page; neither shows anything about anyone.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from accounts.models import Program


def anonymous_floor(request: HttpRequest) -> HttpResponse:
    """No session, no user: one query, the smallest an app page can make."""
    found = Program.objects.exists()
    return HttpResponse("ok" if found else "empty", content_type="text/plain")


@login_required
def signed_in_floor(request: HttpRequest) -> HttpResponse:
    """A signed-in page with nothing on it: the session and the user are loaded (by the
    middleware, for login_required), and nothing else."""
    return HttpResponse("signed in", content_type="text/plain")
