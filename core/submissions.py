"""Every state-changing form is safe to submit twice.

Each render of a form carries a fresh key (`{% submission_key %}` in a template, or
`with_key(helper)` for a crispy form). The first POST with a key claims it: an INSERT
under a unique constraint, in the same transaction as whatever the view saves. A second
POST with the same key and the same answers (a double tap 60 ms later, the back button,
a retry after a lost response) cannot insert it: it waits for the first to commit, then
is sent to the first one's result with the same message, and the view does not run.

The database is the rule; static/js/forms.js only disables buttons while a form is in
flight. A POST without a key (a client that sent none) is handled as before.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.messages.storage.base import BaseStorage, Message
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe

from core.models import FormSubmission

if TYPE_CHECKING:
    # Annotations only; the user model is accounts', a layer above core, so claims take its id.
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

FIELD = "submission_key"
# Long enough for a back button after lunch; purged afterwards (core.tasks).
KEEP_FOR = timedelta(days=1)
REDIRECTS = (301, 302, 303)


def new_key() -> str:
    return secrets.token_urlsafe(18)


def key_input() -> SafeString:
    return mark_safe(f'<input type="hidden" name="{FIELD}" value="{new_key()}">')  # noqa: S308


def fingerprint(request: HttpRequest) -> str:
    """What was posted, and where: the same key with other answers is a new submission."""
    posted = sorted(
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", FIELD)
        for value in request.POST.getlist(name)
    )
    return hashlib.sha256(json.dumps([request.path, posted]).encode()).hexdigest()


def _message_storage(request: HttpRequest) -> list[Message]:
    storage = messages.get_messages(request)
    shown = list(storage)
    if isinstance(storage, BaseStorage):  # without the messages middleware: []
        storage.used = False  # looking is not showing: keep them for the next page
    return shown


def _replay(request: HttpRequest, earlier: FormSubmission) -> HttpResponse:
    pending = {str(m.message) for m in _message_storage(request)}
    for level, text, tags in earlier.messages:
        # The first response may never have been shown (the browser dropped it for the
        # second tap's), or it was, and its message is still waiting: say it once.
        if text not in pending:
            messages.add_message(request, level, text, extra_tags=tags)
    return HttpResponseRedirect(earlier.result_url)


def _claim(request: HttpRequest, user_id: int, key: str, posted: str) -> FormSubmission | None:
    """The new claim, or None when this render was already submitted."""
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(
                key=key, user_id=user_id, path=request.path[:300], fingerprint=posted
            )
    except IntegrityError:
        return None


class OncePerRenderMiddleware:
    """Runs a keyed POST inside one transaction with the claim of its key."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.POST.get(FIELD, "") if request.method == "POST" else ""
        user: AbstractBaseUser | AnonymousUser | None = getattr(request, "user", None)
        if not key or len(key) > 64 or not (user and user.is_authenticated):
            return self.get_response(request)
        return self._once(request, user.pk, key)

    def _once(self, request: HttpRequest, user_id: int, key: str) -> HttpResponse:
        posted = fingerprint(request)
        with transaction.atomic():
            claim = _claim(request, user_id, key, posted)
            if claim is None:
                earlier = FormSubmission.objects.filter(user_id=user_id, key=key).first()
                if earlier and earlier.fingerprint == posted and self._safe(request, earlier):
                    return _replay(request, earlier)
                # Other answers under an old key (back, then a change): a new submission.
                return self.get_response(request)
            before = len(_message_storage(request))
            response = self.get_response(request)
            if response.status_code >= 400:
                transaction.set_rollback(True)  # nothing half-saved, and the key is free
            elif response.status_code in REDIRECTS and response.get("Location"):
                claim.result_url = response["Location"][:500]
                claim.messages = [
                    [m.level, str(m.message), m.extra_tags or ""]
                    for m in _message_storage(request)[before:]
                ]
                claim.save(update_fields=["result_url", "messages"])
            else:
                # The form came back with something to change: the same render may try again.
                claim.delete()
            return response

    @staticmethod
    def _safe(request: HttpRequest, earlier: FormSubmission) -> bool:
        return bool(earlier.result_url) and url_has_allowed_host_and_scheme(
            earlier.result_url, allowed_hosts={request.get_host()}
        )


def purge(now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _by_model = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
