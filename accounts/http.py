"""A request whose user is signed in: what views behind `role_required` receive."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    # Only a type: login_required (inside role_required) has already turned anonymous
    # visitors away, so `request.user` is a User and needs no cast in the view.
    user: User
