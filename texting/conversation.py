"""What one inbound text does: a keyword, the member's own word, or the next step of the
check-in by text. Runs in the worker (texting.tasks), inside the transaction that marks
the text handled; it records the replies (Deliveries, sent once that commits).

Order: STOP, START and HELP first, at any time, as carriers require; then the member's
words for "I'm struggling" and "I used", at any time, even mid-check-in; then the
conversation. A number that belongs to no member gets only the opt-out line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.language import speaking
from accounts.models import User
from alerts.struggling import say_struggling
from alerts.tasks import notify_alert
from checkins import events
from checkins.models import HIGH, CheckIn, Source
from checkins.progress import local_date
from checkins.reports import report_use_now
from core.enqueue import enqueue_on_commit
from messaging.models import Purpose, TextConsent, TextConsentAction, opted_out
from messaging.numbers import member_for
from texting import replies, words
from texting.models import InboundText, Step, TextConversation, TextSettings

log = logging.getLogger(__name__)

# A number that is no member's hears the opt-out line at most once in this long, so a
# stranger's texts (or another system's auto-replies) never start an exchange.
OPT_OUT_LINE_EVERY = timedelta(hours=24)


@dataclass(frozen=True)
class Reply:
    purpose: str
    text: str


def reply(text: str) -> Reply:
    return Reply(Purpose.TEXT_REPLY, text)


def respond(inbound: InboundText) -> list[Reply]:
    """Do what the text asks; the replies to record, written in the member's language."""
    member = member_for(inbound.phone)
    inbound.member = member
    with speaking(member):
        return _respond(inbound, member)


def _respond(inbound: InboundText, member: User | None) -> list[Reply]:
    if member is not None:
        # One member's texts are handled one at a time (two workers, two quick replies):
        # the second sees the conversation the first left.
        User.objects.select_for_update().filter(pk=member.pk).first()
    said = replies.keyword(inbound.text)
    if said == replies.Keyword.STOP or (said is not None and member is not None):
        return _keyword(said, inbound.phone, member)
    if member is None:
        if said == replies.Keyword.START:
            TextConsent.objects.create(phone=inbound.phone, action=TextConsentAction.START)
        return _stranger(inbound)
    stopped = opted_out(inbound.phone)
    chosen = _own_word(member, inbound.text)
    if chosen is not None:
        answer = chosen()
        # After STOP the member still may raise their hand; only no text goes back.
        return [] if stopped else [answer]
    if stopped:
        return []
    return _converse(member, inbound.text)


# --- Keywords and strangers --------------------------------------------------------------


def _keyword(said: replies.Keyword, phone: str, member: User | None) -> list[Reply]:
    if said == replies.Keyword.HELP:
        return [Reply(Purpose.TEXT_KEYWORD, words.help_reply())]
    was_stopped = opted_out(phone)
    action = TextConsentAction.STOP if said == replies.Keyword.STOP else TextConsentAction.START
    TextConsent.objects.create(phone=phone, member=member, action=action)
    log.info("text_consent action=%s member=%s", action, member.pk if member else None)
    if action == TextConsentAction.STOP:
        if member is not None:
            TextConversation.objects.filter(member=member).delete()
        # One confirmation, the one text that goes to a stopped number; a second STOP
        # gets nothing more.
        return [] if was_stopped else [Reply(Purpose.TEXT_KEYWORD, words.stopped())]
    return [Reply(Purpose.TEXT_KEYWORD, words.started())]


def _stranger(inbound: InboundText) -> list[Reply]:
    since = inbound.received_at - OPT_OUT_LINE_EVERY
    heard = (
        InboundText.objects.filter(
            phone=inbound.phone, member=None, received_at__gte=since, handled_at__isnull=False
        )
        .exclude(pk=inbound.pk)
        .exists()
    )
    return [] if heard else [reply(words.opt_out_line())]


# --- The member's own words ----------------------------------------------------------------


def _own_word(member: User, text: str) -> Callable[[], Reply] | None:
    """The flow the member's word starts (called to run it), or None."""
    chosen = TextSettings.objects.filter(member=member).first()
    if chosen is None:
        return None
    if chosen.used_word and replies.is_word(text, chosen.used_word):
        return lambda: _used(member)
    if chosen.struggling_word and replies.is_word(text, chosen.struggling_word):
        return lambda: _struggling(member)
    return None


def _used(member: User) -> Reply:
    # The "I used" tap's own path: recorded at once, the physical-stage rules run on commit.
    report_use_now(member)
    return reply(words.after_use())


def _struggling(member: User) -> Reply:
    # The "I'm struggling" button's own path, and its notify tasks as its view runs them.
    said = say_struggling(member)
    for alert in said.to_tell:
        enqueue_on_commit(notify_alert, alert.pk)
    return reply(words.after_struggling())


# --- The check-in conversation -------------------------------------------------------------


def _converse(member: User, text: str) -> list[Reply]:
    now = timezone.now()
    conversation = TextConversation.objects.select_for_update().filter(member=member).first()
    if conversation is not None and conversation.is_stale(now):
        conversation.delete()
        conversation = None
    if conversation is None:
        conversation = TextConversation.objects.create(member=member, started_at=now)
        # A reply to the reminder that is already a number answers the first question.
        if replies.parse_craving(text) is None:
            return [reply(words.question(Step.CRAVING))]
    step = conversation.step
    answer = _read(step, text)
    if answer is None:
        if conversation.asked_again:
            conversation.delete()
            return [reply(words.gave_up())]
        conversation.asked_again = True
        conversation.updated_at = now
        conversation.save(update_fields=["asked_again", "updated_at"])
        return [reply(words.asked_again(step))]
    conversation.answers[step] = answer
    following = _NEXT.get(step)
    if following is not None:
        conversation.step, conversation.asked_again, conversation.updated_at = following, False, now
        conversation.save(update_fields=["step", "answers", "asked_again", "updated_at"])
        return [reply(words.question(following))]
    conversation.delete()
    checkin = save_checkin(member, conversation.answers)
    if checkin.used_today:
        return [reply(words.saved()), reply(words.after_use())]
    return [reply(words.saved())]


_NEXT: dict[str, str] = {Step.CRAVING: Step.HALT, Step.HALT: Step.USED}


def _read(step: str, text: str) -> int | list[str] | bool | None:
    if step == Step.CRAVING:
        return replies.parse_craving(text)
    if step == Step.HALT:
        named = replies.parse_halt(text)
        return None if named is None else sorted(named)
    return replies.parse_yes_no(text)


def save_checkin(member: User, answers: dict[str, object]) -> CheckIn:
    """Today's check-in from the texted answers, saved as the web form saves one
    (CheckIn.mark_changed, then `events.recorded`), so the rules evaluate it alike.

    Today's check-in made on the web keeps what only the web asks; a named state is stored
    as "quite" (HIGH), the others as none.
    """
    today = local_date(member.timezone)
    named = set(answers[Step.HALT])  # type: ignore[call-overload]
    fields: dict[str, object] = {
        state: HIGH if state in named else 0 for state in replies.HALT_STATES
    }
    fields |= {"craving": answers[Step.CRAVING], "used_today": answers[Step.USED]}
    for _attempt in range(2):
        checkin = CheckIn.objects.on(member, today).first() or CheckIn(
            member=member, local_date=today, source=Source.TEXT
        )
        for name, value in fields.items():
            setattr(checkin, name, value)
        checkin.mark_changed()
        try:
            with transaction.atomic():
                checkin.save()
            break
        except IntegrityError:
            continue  # the web form saved today's a moment ago: update that one
    events.recorded.send(sender=CheckIn, member_id=member.pk)
    return checkin
