"""The member's reminder forms: one reminder time, and quiet hours with a pause."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import Any

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import DatePicker, SaneDateField
from core.validators import display_phone
from messaging.models import Channel
from messaging.transports import sms_enabled
from reminders.models import (
    EVERY_DAY,
    WEEKDAY_NAMES,
    ReminderSchedule,
    ReminderSettings,
)
from reminders.slots import in_quiet_hours

# Enough for morning, midday and evening with room to spare; more would read as nagging.
MAX_REMINDERS = 6
MAX_PAUSE = timedelta(days=90)

WEEKDAYS = 0b0011111
WEEKENDS = 0b1100000
CHANNEL_CHOICES = [
    (Channel.EMAIL.value, _("Email")),
    (Channel.SMS.value, _("Text message")),
    (Channel.APP.value, _("In Waypoint")),
    (Channel.PUSH.value, _("On this phone (notifications)")),
]


def clock(at: time) -> str:
    """A time as the member reads it elsewhere on the site ("7 p.m.", "7:30 a.m.")."""
    return formats.time_format(at)


def days_label(weekdays: int) -> str:
    if weekdays == EVERY_DAY:
        return str(_("Every day"))
    if weekdays == WEEKDAYS:
        return str(_("Weekdays"))
    if weekdays == WEEKENDS:
        return str(_("Weekends"))
    return ", ".join(str(name) for day, name in enumerate(WEEKDAY_NAMES) if weekdays & (1 << day))


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _helper(name: str, label: Any, *fields: Any) -> FormHelper:
    # The template writes the <form> tag: crispy copies a helper's form attributes onto
    # the wrapper of checkbox groups, which would give that <div> an action.
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    helper.add_input(Submit(name, label, css_class="btn-primary btn-lg"))
    return helper


class ReminderForm(forms.Form):
    """One reminder time. `others` are the member's other reminders (already loaded)."""

    local_time = forms.TimeField(
        label=_("Time"),
        widget=_time_input(),
        error_messages={
            "required": _("Choose a time for this reminder."),
            "invalid": _("Enter a time such as 7:30 PM."),
        },
    )
    days = forms.TypedMultipleChoiceField(
        label=_("Days"),
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one day for this reminder.")},
    )
    channels = forms.MultipleChoiceField(
        label=_("How to remind you"),
        choices=CHANNEL_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way to be reminded.")},
    )

    def __init__(
        self,
        *args: Any,
        member: User,
        prefs: ReminderSettings,
        others: Sequence[ReminderSchedule],
        editing: ReminderSchedule | None = None,
        push: bool = False,
        **kwargs: Any,
    ) -> None:
        """`push`: notifications are set up here and the member has subscribed a device."""
        if editing is not None:
            kwargs.setdefault(
                "initial",
                {
                    "local_time": editing.local_time,
                    "days": [day for day in range(7) if editing.on_weekday(day)],
                    "channels": editing.channels,
                },
            )
        else:
            kwargs.setdefault(
                "initial",
                {"days": list(range(7)), "channels": [Channel.EMAIL, Channel.APP]},
            )
        super().__init__(*args, **kwargs)
        self.member, self.prefs, self.others, self.editing = member, prefs, others, editing
        profile = reverse("profile")
        field: Any = self.fields["channels"]
        if not push:
            # No device to notify: offered once the member turns notifications on.
            field.choices = [c for c in field.choices if c[0] != Channel.PUSH]
        if not sms_enabled():
            # This program sends no text messages: don't offer what would only fail.
            field.choices = [c for c in field.choices if c[0] != Channel.SMS]
            field.help_text = ""
        elif member.phone:
            self.fields["channels"].help_text = format_html(
                gettext('Text messages go to {phone} (<a href="{url}">change it</a>).'),
                phone=display_phone(member.phone),
                url=profile,
            )
        else:
            self.fields["channels"].help_text = format_html(
                gettext(
                    'For text messages, first add your phone number on <a href="{url}">your profile</a>.'
                ),
                url=profile,
            )
        if editing is not None:
            self.action = reverse("checkin_reminder_edit", args=[editing.pk])
            label = _("Save changes")
        else:
            self.action, label = reverse("checkin_reminders"), _("Add reminder")
        self.helper = _helper(
            "save_reminder", label, "local_time", InlineCheckboxes("days"), "channels"
        )

    def clean_local_time(self) -> time:
        # Reminders go out by the minute; seconds would only make two "equal" times differ.
        at: time = self.cleaned_data["local_time"].replace(second=0, microsecond=0)
        if any(other.local_time == at for other in self.others):
            raise forms.ValidationError(
                _(
                    "You already have a reminder at %(time)s. Choose another time, or change that one."
                ),
                params={"time": clock(at)},
            )
        quiet_from, quiet_until = self.prefs.quiet_from, self.prefs.quiet_until
        if (
            quiet_from is not None
            and quiet_until is not None
            and in_quiet_hours(at, quiet_from, quiet_until)
        ):
            raise forms.ValidationError(
                _(
                    "That time is inside your quiet hours (%(start)s to %(end)s). Choose another "
                    "time, or change your quiet hours below."
                ),
                params={"start": clock(quiet_from), "end": clock(quiet_until)},
            )
        return at

    def clean_channels(self) -> list[str]:
        channels: list[str] = self.cleaned_data["channels"]
        if Channel.SMS in channels and not self.member.phone:
            raise forms.ValidationError(
                _(
                    "Text messages need a phone number. Add yours on your profile page, "
                    "then choose text message again."
                )
            )
        return channels

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.editing is None and len(self.others) >= MAX_REMINDERS:
            raise forms.ValidationError(
                _(
                    "You already have %(count)s reminders, the most Waypoint keeps. "
                    "Change or delete one to add another."
                ),
                params={"count": MAX_REMINDERS},
            )
        return cleaned

    def apply(self, schedule: ReminderSchedule) -> ReminderSchedule:
        channels = self.cleaned_data["channels"]
        schedule.local_time = self.cleaned_data["local_time"]
        schedule.weekdays = sum(1 << day for day in set(self.cleaned_data["days"]))
        schedule.by_email = Channel.EMAIL in channels
        schedule.by_sms = Channel.SMS in channels
        schedule.in_app = Channel.APP in channels
        schedule.by_push = Channel.PUSH in channels
        return schedule


class ReminderSettingsForm(forms.Form):
    """Quiet hours and a pause: they apply to all of the member's reminders."""

    quiet_from = forms.TimeField(
        label=_("Quiet hours start"),
        required=False,
        widget=_time_input(),
        error_messages={"invalid": _("Enter a time such as 10:00 PM.")},
    )
    quiet_until = forms.TimeField(
        label=_("Quiet hours end"),
        required=False,
        widget=_time_input(),
        error_messages={"invalid": _("Enter a time such as 7:00 AM.")},
        help_text=_(
            "No reminders during these hours. They may run past midnight, for example "
            "10:00 PM to 7:00 AM. Leave both empty for none."
        ),
    )
    paused_until = SaneDateField(
        label=_("Pause reminders until"),
        required=False,
        widget=DatePicker(),
        error_messages={"invalid": _("Pick a day from the calendar.")},
        help_text=_("No reminders up to and including this day. Leave empty to keep them on."),
    )

    def __init__(
        self,
        *args: Any,
        prefs: ReminderSettings,
        schedules: Sequence[ReminderSchedule],
        today: date,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "quiet_from": prefs.quiet_from,
                "quiet_until": prefs.quiet_until,
                "paused_until": prefs.pause_as_of(today),
            },
        )
        super().__init__(*args, **kwargs)
        self.schedules, self.today = schedules, today
        self.fields["paused_until"].widget.attrs.update(
            {"min": today.isoformat(), "max": (today + MAX_PAUSE).isoformat()}
        )
        self.action = reverse("checkin_reminder_settings")
        self.helper = _helper(
            "save_settings", _("Save settings"), "quiet_from", "quiet_until", "paused_until"
        )

    def clean_paused_until(self) -> date | None:
        until: date | None = self.cleaned_data["paused_until"]
        if until is None:
            return None
        if until < self.today:
            raise forms.ValidationError(_("Choose today or a later day."))
        if until > self.today + MAX_PAUSE:
            raise forms.ValidationError(
                _("You can pause reminders for up to %(days)s days at a time, until %(last)s."),
                params={
                    "days": MAX_PAUSE.days,
                    "last": formats.date_format(self.today + MAX_PAUSE),
                },
            )
        return until

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "quiet_from" in self.errors or "quiet_until" in self.errors:
            return cleaned
        start, end = cleaned.get("quiet_from"), cleaned.get("quiet_until")
        if (start is None) != (end is None):
            missing = "quiet_until" if end is None else "quiet_from"
            self.add_error(
                missing, _("Quiet hours need both a start and an end. Or leave both empty.")
            )
            return cleaned
        if start is None or end is None:
            return cleaned
        start, end = start.replace(second=0, microsecond=0), end.replace(second=0, microsecond=0)
        cleaned.update(quiet_from=start, quiet_until=end)
        if start == end:
            self.add_error("quiet_until", _("Quiet hours need to end at a different time."))
            return cleaned
        inside = [s.local_time for s in self.schedules if in_quiet_hours(s.local_time, start, end)]
        if inside:
            times = get_text_list([clock(at) for at in inside], gettext("and"))
            # On the field, so it is announced with it (aria-describedby), not only at the top.
            self.add_error(
                "quiet_from",
                ngettext(
                    "Your reminder at %(times)s is inside these quiet hours. Move or delete it "
                    "first, or choose different quiet hours.",
                    "Your reminders at %(times)s are inside these quiet hours. Move or delete "
                    "them first, or choose different quiet hours.",
                    len(inside),
                )
                % {"times": times},
            )
        return cleaned

    def apply(self, prefs: ReminderSettings) -> ReminderSettings:
        prefs.quiet_from = self.cleaned_data["quiet_from"]
        prefs.quiet_until = self.cleaned_data["quiet_until"]
        prefs.paused_until = self.cleaned_data["paused_until"]
        return prefs
