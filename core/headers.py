"""Response headers Django has no setting for."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Waypoint uses no device feature; a page (or anything injected into one) may ask for none.
DEFAULT_PERMISSIONS_POLICY = {
    "accelerometer": (),
    "autoplay": (),
    "camera": (),
    "display-capture": (),
    "encrypted-media": (),
    "fullscreen": (),
    "geolocation": (),
    "gyroscope": (),
    "magnetometer": (),
    "microphone": (),
    "midi": (),
    "payment": (),
    "publickey-credentials-get": ("self",),  # passkeys, should sign-in offer them
    "screen-wake-lock": (),
    "usb": (),
    "xr-spatial-tracking": (),
}


def permissions_policy(features: dict[str, tuple[str, ...]]) -> str:
    """{"camera": (), "x": ("self",)} -> 'camera=(), x=(self)'."""
    return ", ".join(f"{name}=({' '.join(allow)})" for name, allow in features.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        features = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        self.header = permissions_policy(features)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
