""" "I'm struggling right now": say it, choose who hears, then the plan's own steps.

The alert id lives in the session between the screens, never in a URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, User
from alerts.models import Alert
from alerts.notify import CareTeamNews, Message, contact_message, heard_today, peer_message
from alerts.struggling import say_struggling, supporters_to_offer
from alerts.tasks import notify_alert, tell_chosen_supporters
from contacts.models import SupportContact
from core.enqueue import enqueue_on_commit
from core.stages import Stage
from core.validators import display_phone
from messaging.models import Channel
from plans.versions import plan_for

SESSION_KEY = "struggling_alert"
TOLD_KEY = "struggling_told"
PEER_VALUE = "1"


@dataclass(frozen=True)
class Offer:
    """One person the member may choose to message, with the exact words they would get."""

    field: str  # the checkbox name: "contact" or "peer"
    value: str
    name: str
    note: str
    how: str
    text: str
    heard_recently: bool


def _how(message: Message) -> str:
    if message.channel == Channel.SMS:
        return _("By text message to %(address)s") % {"address": display_phone(message.address)}
    return _("By email to %(address)s") % {"address": message.address}


def _offers(member: User, contacts: list[SupportContact], peer: User | None) -> list[Offer]:
    told_contacts, told_peers = heard_today(member)
    offers = []
    for contact in contacts:
        message = contact_message(member, contact)
        if message is None:
            continue
        offers.append(
            Offer(
                "contact",
                str(contact.pk),
                contact.name,
                contact.get_relationship_display(),
                _how(message),
                message.text,
                contact.pk in told_contacts,
            )
        )
    message = peer_message(member, peer) if peer is not None else None
    if peer is not None and message is not None:
        offers.append(
            Offer(
                "peer",
                PEER_VALUE,
                peer.display_name,
                _("Peer supporter"),
                _how(message),
                message.text,
                peer.pk in told_peers,
            )
        )
    return offers


def _told(news: CareTeamNews) -> dict[str, object]:
    at = news.told_at.isoformat() if news.told_at else None
    return {"now": news.recorded > 0, "at": at, "can_see": news.can_see}


def _at(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _session_alert(request: AuthenticatedHttpRequest) -> Alert | None:
    """The alert this visit raised, if the session still holds it and it is the member's."""
    member = request.user
    alert_id = request.session.get(SESSION_KEY)
    if not isinstance(alert_id, int):
        return None
    return Alert.objects.filter(pk=alert_id, member=member, stage=Stage.MENTAL).first()


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def struggling(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    if request.method == "POST":
        said = say_struggling(member)
        for each in said.to_tell:
            enqueue_on_commit(notify_alert, each.pk)
        request.session[SESSION_KEY] = said.alert.pk
        # What the page says about the counselor comes from what was recorded just now.
        request.session[TOLD_KEY] = _told(said.care_team)
        return redirect("struggling")
    if _session_alert(request) is None:
        return redirect("help_now")
    contacts, peer = supporters_to_offer(member)
    told = request.session.get(TOLD_KEY) or {}
    context = {
        "offers": _offers(member, contacts, peer),
        "counselor_told": told.get("now", False),
        "counselor_told_at": _at(told.get("at")),
        "counselor_sees": told.get("can_see", False),
    }
    return render(request, "alerts/struggling.html", context)


@role_required(Role.MEMBER)
@require_POST
def struggling_tell(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    alert = _session_alert(request)
    if alert is None:
        messages.info(
            request,
            _(
                "Nothing was sent: that page had been open for a while. You can say you're "
                "struggling again from Get help now."
            ),
        )
        return redirect("help_now")
    contacts, peer = supporters_to_offer(member)
    agreed = {str(c.pk): c for c in contacts}
    posted = request.POST.getlist("contact")
    chosen = sorted({agreed[value].pk for value in posted if value in agreed})
    refused = len({value for value in posted if value not in agreed})
    wants_peer = request.POST.get("peer") == PEER_VALUE
    if wants_peer and peer is None:
        refused += 1
        wants_peer = False
    if refused:
        messages.warning(
            request,
            ngettext(
                "One person you picked hasn't agreed to hear from Waypoint, so nothing was "
                "sent to them.",
                "%(count)d people you picked haven't agreed to hear from Waypoint, so nothing "
                "was sent to them.",
                refused,
            )
            % {"count": refused},
        )
    if not chosen and not wants_peer:
        messages.info(request, _("No messages were sent. You can still reach someone below."))
        return redirect("struggling_steps")
    told_contacts, told_peers = heard_today(member)
    told = [pk for pk in chosen if pk in told_contacts]
    if wants_peer and peer is not None and peer.pk in told_peers:
        told.append(peer.pk)
    # `chosen` holds only contacts who agreed (supporters_to_offer); notify checks the
    # 24-hour limit again at send time.
    enqueue_on_commit(tell_chosen_supporters, alert.pk, chosen, wants_peer)
    if len(told) < len(chosen) + wants_peer:
        messages.success(request, _("Your messages are on their way."))
        if told:
            messages.info(
                request,
                _(
                    "Some of them already heard from us in the last day, so we didn't message "
                    "them again. You can still call or text them yourself."
                ),
            )
    else:
        messages.info(
            request,
            _(
                "They already heard from us in the last day, so we didn't message them again. "
                "You can still call or text them yourself."
            ),
        )
    return redirect("struggling_steps")


@role_required(Role.MEMBER)
@require_GET
def struggling_steps(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    plan = plan_for(member)
    context = {
        "steps": plan.items("actions") if plan else [],
        "coping": plan.items("coping") if plan else [],
    }
    return render(request, "alerts/struggling_steps.html", context)
