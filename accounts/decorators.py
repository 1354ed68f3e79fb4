from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http.response import HttpResponseBase

from accounts.http import AuthenticatedHttpRequest

View = Callable[..., HttpResponseBase]  # streaming responses (a CSV) included


def role_required(*roles: str, allow_staff: bool = False) -> Callable[[View], View]:
    """Signed-in people with one of `roles` (or program admins when allowed); others get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(
            request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            user = request.user
            if user.role not in roles and not (allow_staff and user.is_staff):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
