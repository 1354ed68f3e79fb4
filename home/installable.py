"""Waypoint as an installed app: the manifest, the service worker, the offline page and the
member's crisis card kept on their phone.

What works without a connection is only what is safe to keep on a phone: the app's own
files, the offline page and the public pages that carry the crisis lines (Get help now and
the "I used" safety page, as anyone signed out sees them), fetched by the service worker
without cookies. The one private page kept is the member's own crisis card, and only when
they ask for it on that phone; signing out there removes it (static/js/offline.js and the
worker both see the sign-out).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role

# Bump when the worker's own logic changes (its files and the crisis lines bump it anyway).
WORKER_LOGIC = 2
THEME = "#1f4e5f"


def public_pages() -> list[str]:
    """Kept for offline use, as a signed-out visitor sees them (no one's data in them)."""
    return [reverse("offline"), reverse("help_now"), reverse("use_safety")]


def shell_files() -> list[str]:
    """The app's own files, under their hashed names (ManifestStaticFilesStorage)."""
    names = [
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "css/waypoint.css",
        "js/page.js",
        "js/forms.js",
        "js/zones.js",
        "js/offline.js",
        "img/favicon.svg",
        "img/icon-192.png",
    ]
    return [static(name) for name in names]


def _version(pages: list[str], files: list[str]) -> str:
    # A new file, page or crisis line changes the worker's bytes, so the browser installs
    # it and keeps fresh copies: an offline page must never show an old number.
    material = json.dumps(
        [WORKER_LOGIC, pages, files, settings.WAYPOINT_CRISIS_LINES], sort_keys=True, default=str
    )
    return hashlib.sha256(material.encode()).hexdigest()[:12]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    pages, files = public_pages(), shell_files()
    script = render_to_string(
        "home/sw.js",
        {
            "config": json.dumps(
                {
                    "version": _version(pages, files),
                    "pages": pages,
                    "files": files,
                    "offline": reverse("offline"),
                    "card": reverse("my_card"),
                    "signOut": reverse("logout"),
                    "static": settings.STATIC_URL,
                    "icon": static("img/icon-192.png"),
                }
            )
        },
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on every visit; never a stale one from a cache.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    data: dict[str, Any] = {
        "name": _("Waypoint"),
        "short_name": _("Waypoint"),
        "description": _("Your recovery plan, daily check-in and help in one tap."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [{"name": _("Get help now"), "url": reverse("help_now")}],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the worker shows for any page it cannot fetch (kept as a signed-out visitor
    sees it: the same for everyone)."""
    return render(request, "home/offline.html")


@role_required(Role.MEMBER)
@require_GET
def my_card(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's crisis card: their people and the crisis lines, the page they may keep
    on their phone."""
    return render(request, "home/my_card.html")
