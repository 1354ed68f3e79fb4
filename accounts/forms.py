from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from accounts import timezones
from accounts.access import consent_recipients
from accounts.models import Consent, Role, User
from core.validators import normalize_phone


def _helper(label: str | Promise) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class="btn-primary btn-lg"))
    return helper


class TimezoneField(forms.ChoiceField):
    """The one time-zone picker: common zones first, then every place, with a search box
    (static/js/zones.js; without script, the select alone works)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Your time zone"))
        kwargs.setdefault(
            "help_text", _("Reminders and your daily check-in follow this time zone.")
        )
        kwargs.setdefault(
            "widget",
            forms.Select(
                attrs={
                    "data-zone-search": _("Search time zones"),
                    "data-zone-hint": _("Type a city or region, for example Denver."),
                    "data-zone-none": _("No time zone matches. Try a nearby city."),
                    "data-zone-chosen": _("Chosen: {zone}"),
                }
            ),
        )
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("Choose a time zone from the list.")}
        )
        super().__init__(choices=timezones.choices(), **kwargs)

    def keep(self, current: str | None) -> None:
        """Keep a person's saved zone choosable even if the list no longer names it."""
        self.choices = timezones.choices(current)


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Type it again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def check_passwords(self, user: User) -> None:
        first = self.cleaned_data.get("password1")
        second = self.cleaned_data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
            return
        if first:
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class AcceptInvitationForm(PasswordPairMixin):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("A first name or nickname is fine. Others in the program see this."),
    )
    timezone = TimezoneField()

    field_order = ["display_name", "timezone", "password1", "password2"]

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invited_email = email
        self.helper = _helper(_("Create my account"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_passwords(
            User(email=self.invited_email, display_name=cleaned.get("display_name", ""))
        )
        return cleaned


class SignupForm(AcceptInvitationForm):
    email = forms.EmailField(label=_("Email address"))

    field_order = ["email", "display_name", "timezone", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, email="", **kwargs)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "There is already an account for this address. Try signing in or resetting "
                    "the password."
                )
            )
        self.invited_email = email
        return email


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    display_name = forms.CharField(label=_("Name (optional)"), max_length=80, required=False)
    role = forms.ChoiceField(label=_("Joins as"), choices=Role.choices, initial=Role.MEMBER)

    def __init__(self, *args: Any, inviter: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inviter = inviter
        if not inviter.is_staff:
            # Counselors and coordinators invite members; only program admins invite staff.
            role_field = cast(forms.ChoiceField, self.fields["role"])
            role_field.choices = [(Role.MEMBER.value, Role.MEMBER.label)]
        self.helper = _helper(_("Send invitation"))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("This person already has an account."))
        return email


def check_recovery_start(day: date | None, tz_name: str) -> date | None:
    """The one rule for a member's start date: a real past day (or today) where they live."""
    if day is None:
        return None
    today = timezone.localdate(timezone.now(), ZoneInfo(tz_name))
    if day > today:
        raise forms.ValidationError(
            _("The day your recovery began can't be in the future. Choose today or a day before.")
        )
    if day < today - timedelta(days=100 * 365):
        raise forms.ValidationError(_("That is more than 100 years ago. Please check the year."))
    return day


class RecoveryStartMixin(forms.ModelForm):
    """The start date field, checked against the member's own today (their time zone)."""

    instance: User

    def _start_widget(self) -> None:
        field = self.fields["recovery_began_on"]
        today = timezone.localdate(timezone.now(), ZoneInfo(self.instance.timezone))
        field.widget = forms.DateInput(attrs={"type": "date", "max": today.isoformat()})

    def clean_recovery_began_on(self) -> date | None:
        tz_name = self.cleaned_data.get("timezone") or self.instance.timezone
        return check_recovery_start(self.cleaned_data.get("recovery_began_on"), tz_name)


URGENT_FIELDS = ("urgent_phone", "urgent_from", "urgent_until")


class ProfileForm(RecoveryStartMixin):
    timezone = TimezoneField()

    class Meta:
        model = User
        fields = [
            "display_name",
            "timezone",
            "phone",
            "program_messages",
            "volunteers_as_peer",
            "recovery_began_on",
            *URGENT_FIELDS,
        ]
        help_texts = {"phone": _("Optional. Used only for messages you turn on.")}
        widgets = {
            "urgent_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "urgent_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(TimezoneField, self.fields["timezone"]).keep(self.instance.timezone)
        if self.instance.is_member:
            self._start_widget()
        else:
            # A start date is a member's own; staff accounts don't carry one.
            del self.fields["recovery_began_on"]
        if not self.instance.is_counselor:
            for name in URGENT_FIELDS:  # urgent alerts go to counselors only
                del self.fields[name]
        self.helper = _helper(_("Save"))
        self.helper.layout = self._layout()

    def _layout(self) -> Layout:
        own = [name for name in self.fields if name not in URGENT_FIELDS]
        if not self.instance.is_counselor:
            return Layout(*own)
        return Layout(
            *own,
            Fieldset(
                _("Urgent alerts by text"),
                HTML(
                    "<p class='form-text'>{}</p>".format(
                        escape(
                            _(
                                "A return to use or thoughts of self-harm reach you by text as "
                                "well as email, when your program has text messages set up, at the "
                                "hours you choose (your time zone). "
                                "Leave the hours empty to get them at any time."
                            )
                        )
                    )
                ),
                *URGENT_FIELDS,
            ),
        )

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        return normalize_phone(raw) if raw else ""

    def clean_urgent_phone(self) -> str:
        raw = self.cleaned_data["urgent_phone"].strip()
        return normalize_phone(raw) if raw else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("urgent_from"), cleaned.get("urgent_until")
        if (start is None) != (end is None) and not self.has_error("urgent_from"):
            self.add_error(
                "urgent_until" if end is None else "urgent_from",
                _("Give both times, or leave both empty for any time."),
            )
        elif start is not None and start == end:
            self.add_error("urgent_until", _("Choose an end time that differs from the start."))
        if (
            start is not None
            and not cleaned.get("urgent_phone")
            and not self.has_error("urgent_phone")
        ):
            self.add_error("urgent_phone", _("Add the number to text, or leave the hours empty."))
        return cleaned


class RecoveryStartForm(RecoveryStartMixin):
    """The start date alone, as Today offers it while it is unset."""

    class Meta:
        model = User
        fields = ["recovery_began_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recovery_began_on"]
        field.required = True
        field.error_messages["required"] = _("Choose the day your recovery began.")
        self._start_widget()


class ConsentForm(forms.ModelForm):
    """A member shares parts of their record with one person, in writing."""

    expires_on = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to share until you stop it. You can stop sharing at any time."),
    )

    class Meta:
        model = Consent
        fields = [
            "recipient",
            "scope_plan",
            "scope_checkins",
            "scope_alerts",
            "purpose",
            "signature",
        ]
        labels = {"recipient": _("Share with")}
        help_texts = {
            "purpose": _("For example: so my counselor can help me keep my plan up to date."),
            "signature": _("Type your name to sign."),
        }

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.member = member
        # The member's care team and the program staff who may receive (the access gate's
        # definition), never an account that only runs the site.
        recipients = consent_recipients(member).order_by("display_name")
        recipient_field = cast(forms.ModelChoiceField, self.fields["recipient"])
        recipient_field.queryset = recipients
        recipient_field.empty_label = _("Choose a person")
        self.helper = _helper(_("Share"))

    def clean_expires_on(self) -> Any:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        if day > timezone.localdate() + timedelta(days=5 * 365):
            raise forms.ValidationError(
                _("Choose a day within five years, or leave it empty to share until you stop.")
            )
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"scope_{s}") for s in ("plan", "checkins", "alerts")):
            raise forms.ValidationError(_("Choose at least one thing to share."))
        return cleaned

    def save(self, commit: bool = True) -> Consent:
        day = self.cleaned_data.get("expires_on")
        if day:
            # Sharing ends at the end of the chosen day, in the member's own time zone.
            end = datetime.combine(day, time.max)
            self.instance.expires_at = timezone.make_aware(end)
        return super().save(commit=commit)


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That email and password don't match an account. Please try again."),
    }
