"""The member's reminder page: when Waypoint nudges them to check in, and how."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, User
from checkins.progress import local_date
from core import undo
from messaging.models import Channel, PushSubscription, opted_out
from messaging.transports import push_enabled
from reminders.forms import MAX_REMINDERS, ReminderForm, ReminderSettingsForm, clock, days_label
from reminders.models import ReminderSchedule, ReminderSettings
from reminders.status import recent_problems

KEPT_FIELDS = [
    "local_time",
    "weekdays",
    "by_email",
    "by_sms",
    "in_app",
    "by_push",
    "created_at",
]


@dataclass(frozen=True)
class Row:
    schedule: ReminderSchedule
    time: str
    days: str
    channels: str
    needs_phone: bool  # text message chosen, but the phone number has since been removed
    needs_device: bool  # notifications chosen, but no phone gets them any more


def _load(member: User, lock: bool = False) -> tuple[ReminderSettings, list[ReminderSchedule]]:
    """The member's settings and reminders.

    With `lock`, the settings row is locked until the transaction ends, so that two
    submissions at once (a double tap) cannot both add the same time, or set quiet hours
    over a reminder that is being added.
    """
    if lock:
        prefs, _created = ReminderSettings.objects.select_for_update().get_or_create(member=member)
    else:
        prefs = ReminderSettings.objects.filter(member=member).first() or ReminderSettings(
            member=member
        )
    return prefs, list(member.reminder_schedules.all())


def _push(member: User) -> bool:
    """Whether reminders can come as notifications: set up here, and a device subscribed."""
    return push_enabled() and PushSubscription.objects.filter(member=member).exists()


def _rows(member: User, schedules: list[ReminderSchedule], push: bool) -> list[Row]:
    return [
        Row(
            schedule=schedule,
            time=clock(schedule.local_time),
            days=days_label(schedule.weekdays),
            channels=", ".join(str(Channel(channel).label) for channel in schedule.channels),
            needs_phone=schedule.by_sms and not member.phone,
            needs_device=schedule.by_push and not push,
        )
        for schedule in schedules
    ]


def _page(
    request: HttpRequest,
    member: User,
    prefs: ReminderSettings,
    schedules: list[ReminderSchedule],
    *,
    form: ReminderForm | None = None,
    settings_form: ReminderSettingsForm | None = None,
    editing: ReminderSchedule | None = None,
) -> HttpResponse:
    today = local_date(member.timezone)
    push = _push(member)
    if form is None:
        others = [s for s in schedules if s is not editing]
        form = ReminderForm(member=member, prefs=prefs, others=others, editing=editing, push=push)
    if settings_form is None:
        settings_form = ReminderSettingsForm(prefs=prefs, schedules=schedules, today=today)
    context = {
        "rows": _rows(member, schedules, push),
        "form": form,
        "settings_form": settings_form,
        "editing": editing,
        "editing_time": clock(editing.local_time) if editing else "",
        "can_add": len(schedules) < MAX_REMINDERS,
        "max_reminders": MAX_REMINDERS,
        "paused_until": prefs.pause_as_of(today),
        "problems": recent_problems(member),
        # After STOP the failed texts are the member's choice, not a wrong number: say so.
        "texts_stopped": bool(member.phone) and opted_out(member.phone),
        # For static/js/push.js: the key a device subscribes with (public, by design).
        "push_key": settings.WAYPOINT_VAPID_PUBLIC_KEY if push_enabled() else "",
    }
    return render(request, "reminders/reminders.html", context)


def _own(schedules: list[ReminderSchedule], schedule_id: int) -> ReminderSchedule:
    # Someone else's reminder answers 404, exactly like one that does not exist.
    for schedule in schedules:
        if schedule.pk == schedule_id:
            return schedule
    raise Http404("No such reminder")


def _save(request: HttpRequest, member: User, schedule_id: int | None) -> HttpResponse:
    with transaction.atomic():
        prefs, schedules = _load(member, lock=True)
        editing = _own(schedules, schedule_id) if schedule_id is not None else None
        form = ReminderForm(
            request.POST,
            member=member,
            prefs=prefs,
            others=[s for s in schedules if s is not editing],
            editing=editing,
            push=_push(member),
        )
        if form.is_valid():
            schedule = form.apply(editing or ReminderSchedule(member=member))
            schedule.save()
            messages.success(
                request,
                _("Saved. Your %(time)s reminder is set.") % {"time": clock(schedule.local_time)},
            )
            return redirect("checkin_reminders")
    return _page(request, member, prefs, schedules, form=form, editing=editing)


@role_required(Role.MEMBER)
def reminders(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    if request.method == "POST":
        return _save(request, member, None)
    return _page(request, member, *_load(member))


@role_required(Role.MEMBER)
def reminder_edit(request: AuthenticatedHttpRequest, schedule_id: int) -> HttpResponse:
    member = request.user
    if request.method == "POST":
        return _save(request, member, schedule_id)
    prefs, schedules = _load(member)
    return _page(request, member, prefs, schedules, editing=_own(schedules, schedule_id))


@require_POST
@role_required(Role.MEMBER)
def reminder_delete(request: AuthenticatedHttpRequest, schedule_id: int) -> HttpResponse:
    member = request.user
    schedule = get_object_or_404(ReminderSchedule, pk=schedule_id, member=member)
    kept = {"pk": schedule.pk, **model_to_dict(schedule, fields=KEPT_FIELDS)}
    kept["local_time"] = schedule.local_time.isoformat()
    kept["created_at"] = schedule.created_at.isoformat()
    schedule.delete()
    undo.offer(
        request,
        _("Deleted your %(time)s reminder.") % {"time": clock(schedule.local_time)},
        kind="reminder",
        data=kept,
        url=reverse("checkin_reminder_undo"),
    )
    return redirect("checkin_reminders")


@require_POST
@role_required(Role.MEMBER)
def reminder_undo(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    kept = undo.take(request, "reminder", request.POST.get("token", ""))
    if kept is None:
        messages.info(request, _("That can no longer be undone."))
        return redirect("checkin_reminders")
    when = time.fromisoformat(kept["local_time"])
    with transaction.atomic():
        _prefs, schedules = _load(member, lock=True)
        # Put back only what still fits: the same rules as adding one by hand.
        if len(schedules) >= MAX_REMINDERS or any(s.local_time == when for s in schedules):
            messages.info(
                request,
                _("Your %(time)s reminder could not come back: you have set up others since.")
                % {"time": clock(when)},
            )
            return redirect("checkin_reminders")
        # Dispatch picks up only times still ahead in a tick, so a time already past today
        # is not sent again; the same id keeps the reminder's own history readable.
        created = datetime.fromisoformat(kept["created_at"])
        ReminderSchedule.objects.create(
            **{**kept, "local_time": when, "created_at": created, "member": member}
        )
    messages.success(request, _("Your %(time)s reminder is back.") % {"time": clock(when)})
    return redirect("checkin_reminders")


@require_POST
@role_required(Role.MEMBER)
def reminder_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    with transaction.atomic():
        prefs, schedules = _load(member, lock=True)
        form = ReminderSettingsForm(
            request.POST, prefs=prefs, schedules=schedules, today=local_date(member.timezone)
        )
        if form.is_valid():
            form.apply(prefs).save()
            messages.success(request, _("Saved your reminder settings."))
            return redirect("checkin_reminders")
    return _page(request, member, prefs, schedules, settings_form=form)


@require_POST
@role_required(Role.MEMBER)
def reminders_resume(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    ReminderSettings.objects.filter(member=member).update(paused_until=None)
    messages.success(request, _("Reminders are back on."))
    return redirect("checkin_reminders")
