"""The gateway's webhook for inbound texts, and the member's page for their two words."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse, RawPostDataException
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, User
from core.enqueue import enqueue_on_commit
from core.validators import normalize_phone
from messaging.numbers import member_for, texts_come_in
from texting import signature
from texting.forms import TextWordsForm
from texting.models import InboundText, TextSettings
from texting.tasks import handle_inbound

log = logging.getLogger(__name__)

# A text is at most ten parts of 160 characters; anything larger is not a text.
MAX_BODY = 16 * 1024


def _refuse(status: int, why: str) -> JsonResponse:
    # The reason in the log, for whoever runs the gateway; nothing about the text.
    log.warning("inbound_refused status=%s why=%s", status, why)
    return JsonResponse({"ok": False}, status=status)


def _message(body: bytes) -> tuple[str, str, str] | None:
    """(gateway id, sender in E.164, text) from {"id", "from", "text"}; None when malformed."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    message_id, sender, text = data.get("id"), data.get("from"), data.get("text")
    if not all(isinstance(v, str) for v in (message_id, sender, text)):
        return None
    assert isinstance(message_id, str) and isinstance(sender, str) and isinstance(text, str)
    if not message_id.strip() or len(message_id) > 100 or len(text) > 1600:
        return None
    try:
        phone = normalize_phone(sender)
    except ValidationError:
        return None
    return message_id.strip(), phone, text


@csrf_exempt
@require_POST
def inbound(request: HttpRequest) -> HttpResponse:
    """One inbound text from the gateway: believed only when signed within the window;
    stored once per gateway id, handed to the worker, answered at once."""
    try:
        body = request.body
    except RawPostDataException:
        # A form post (a middleware read it as one) is no gateway's JSON: unsigned.
        body = b""
    if len(body) > MAX_BODY:
        return _refuse(413, "too_large")
    why = signature.problem(
        request.headers.get(signature.TIMESTAMP_HEADER, ""),
        request.headers.get(signature.SIGNATURE_HEADER, ""),
        body,
        timezone.now(),
    )
    if why is not None:
        return _refuse(403, why)
    message = _message(body)
    if message is None:
        return _refuse(400, "malformed")
    message_id, phone, text = message
    try:
        with transaction.atomic():
            row = InboundText.objects.create(message_id=message_id, phone=phone, text=text)
            enqueue_on_commit(handle_inbound, row.pk)
    except IntegrityError:
        # The gateway sent it again (it missed our answer): stored and handled once.
        log.info("inbound_duplicate")
        return JsonResponse({"ok": True, "duplicate": True})
    log.info("inbound_stored id=%s", row.pk)
    return JsonResponse({"ok": True})


def _reach(member: User) -> str:
    """Whether the member's texts would reach Waypoint as theirs, by messaging.numbers'
    rule: "yours", or why not ("not_set_up", "no_phone", "shared")."""
    # The program's reason first: with texts not set up, adding a number would not help.
    if not texts_come_in():
        return "not_set_up"
    if not member.phone:
        return "no_phone"
    if member_for(member.phone) != member:
        return "shared"
    return "yours"


@role_required(Role.MEMBER)
def text_words(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    reach = _reach(member)
    context: dict[str, object] = {"reach": reach}
    # The form only where a text would be theirs: a word saved where texts reach no one
    # reads as a promise that texting it raises a hand, and it would not. Words already
    # saved are kept, and work again once the number is theirs alone.
    if reach == "yours":
        current = TextSettings.objects.filter(member=member).first() or TextSettings(member=member)
        form = TextWordsForm(request.POST or None, instance=current)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Saved your words for texts."))
            return redirect("text_words")
        context["form"] = form
    return render(request, "texting/words.html", context)
