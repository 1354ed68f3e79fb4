from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any, cast
from zoneinfo import ZoneInfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from accounts.access import consent_recipients
from accounts.consent import Terms, consent_text, digest
from accounts.identity import confirm_identity, has_second_factor, locked_out
from accounts.models import CONSENT_SCOPES, Consent, ExpiryEvent, Invitation, Role, User
from core.forms import DatePicker, NameField, SaneDateField, StatedLimits, with_key
from core.validators import normalize_phone, validate_single_line
from core.zones import choices as zone_choices


def _helper(label: str | Promise) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class="btn-primary btn-lg"))
    return with_key(helper)


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
        # The function, not its result: the fields are made once, at import, and the
        # names must be in the language of each request that draws or checks the select.
        super().__init__(choices=zone_choices, **kwargs)

    def keep(self, current: str | None) -> None:
        """Keep a person's saved zone choosable even if the list no longer names it."""
        self.choices = partial(zone_choices, current)


class PasswordPairMixin(StatedLimits, forms.Form):
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
    display_name = NameField(
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
    email = forms.EmailField(label=_("Email address"), max_length=254)

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


class InvitationForm(StatedLimits, forms.Form):
    # 254: the longest address SMTP carries, and the column's length.
    email = forms.EmailField(label=_("Email address"), max_length=254)
    display_name = NameField(label=_("Name (optional)"), max_length=80, required=False)
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
        # A new invitation ends the older link (Invitation.create), so another staff
        # member's open one, and the care-team link it carries, must not be replaced.
        theirs = (
            Invitation.objects.usable()
            .filter(email__iexact=email)
            .exclude(invited_by=self.inviter)
            .order_by("-expires_at")
            .first()
        )
        if theirs is not None:
            raise forms.ValidationError(
                _(
                    "Someone else in the program has already invited this person, and that "
                    "invitation is open until %(day)s. Nothing was sent. Ask them, or your "
                    "program admin, if it should change."
                )
                % {"day": date_format(timezone.localtime(theirs.expires_at), "DATE_FORMAT")}
            )
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


class RecoveryStartMixin(StatedLimits, forms.ModelForm):
    """The start date field, checked against the member's own today (their time zone)."""

    instance: User

    def _start_widget(self) -> None:
        field = self.fields["recovery_began_on"]
        today = timezone.localdate(timezone.now(), ZoneInfo(self.instance.timezone))
        field.widget = DatePicker(attrs={"max": today.isoformat()})

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
            "language",
            "timezone",
            "phone",
            "program_messages",
            "volunteers_as_peer",
            "recovery_began_on",
            *URGENT_FIELDS,
        ]
        field_classes = {"display_name": NameField, "recovery_began_on": SaneDateField}
        help_texts = {
            "phone": _("Optional. Used only for messages you turn on."),
            "language": _("Pages, emails and text messages come to you in this language."),
        }
        widgets = {
            "urgent_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "urgent_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(TimezoneField, self.fields["timezone"]).keep(self.instance.timezone)
        language = cast(forms.ChoiceField, self.fields["language"])
        language.choices = [("", _("The language my browser asks for")), *settings.LANGUAGES]
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
        cleaned = super().clean() or {}
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
        field_classes = {"recovery_began_on": SaneDateField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recovery_began_on"]
        field.required = True
        field.error_messages["required"] = _("Choose the day your recovery began.")
        self._start_widget()


END_ON_DATE = "date"
MAX_CONSENT_YEARS = 5


class ConsentForm(StatedLimits, forms.Form):
    """A member's choices for one consent; signing (with `signature`) is the second step.

    Step one (review) checks the choices and shows the consent's words; step two (sign)
    checks them again, that the words are still the ones shown (`shown`), and the
    signature. Every consent ends: on a date, or when the person stops working with them.
    """

    recipient = forms.ModelChoiceField(label=_("Share with"), queryset=User.objects.none())
    scope_plan = forms.BooleanField(label=_("My plan"), required=False)
    scope_checkins = forms.BooleanField(label=_("My check-ins and reports of use"), required=False)
    scope_alerts = forms.BooleanField(label=_("Warning-stage alerts about me"), required=False)
    purpose = forms.CharField(
        label=_("Why you are sharing"),
        max_length=200,
        validators=[validate_single_line],
        help_text=_("For example: so my counselor can help me keep my plan up to date."),
    )
    ends = forms.ChoiceField(
        label=_("When sharing ends"),
        widget=forms.RadioSelect,
        choices=[
            (END_ON_DATE, _("On a day I choose")),
            (ExpiryEvent.WORKS_WITH_ME.value, _("When this person no longer works with me")),
        ],
        error_messages={"required": _("Choose when sharing ends.")},
    )
    expires_on = SaneDateField(
        label=_("The last day of sharing"),
        required=False,
        widget=DatePicker(),
        help_text=_("Within five years. You can stop sharing sooner at any time."),
    )
    signature = NameField(
        label=_("Type your name to sign"),
        max_length=120,
        required=False,
        validators=[validate_single_line],
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)
    renews = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, member: User, signing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        self.signing = signing
        # The member's care team and the program staff who may receive (the access gate's
        # definition), never an account that only runs the site.
        recipient_field = cast(forms.ModelChoiceField, self.fields["recipient"])
        recipient_field.queryset = consent_recipients(member).order_by("display_name")
        recipient_field.empty_label = _("Choose a person")

    def clean_expires_on(self) -> date | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if day > today + timedelta(days=MAX_CONSENT_YEARS * 365):
            raise forms.ValidationError(_("Choose a day within five years."))
        return day

    def clean_renews(self) -> Consent | None:
        pk = self.cleaned_data.get("renews")
        if pk is None:
            return None
        # Only the member's own earlier consent; anything else is quietly not linked.
        return Consent.objects.filter(pk=pk, member=self.member).first()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"scope_{s}") for s in CONSENT_SCOPES):
            raise forms.ValidationError(_("Choose at least one thing to share."))
        on_date = cleaned.get("ends") == END_ON_DATE
        if on_date and not cleaned.get("expires_on") and "expires_on" not in self.errors:
            self.add_error("expires_on", _("Choose the last day of sharing."))
        if self.signing and not self.errors:
            if not cleaned.get("signature", "").strip():
                self.add_error("signature", _("Type your name to sign."))
            elif cleaned.get("shown") != digest(consent_text(self.terms(), "")):
                raise forms.ValidationError(
                    _(
                        "Something in this consent changed while you were reading it. Please "
                        "read it again before you sign."
                    )
                )
        return cleaned

    def terms(self) -> Terms:
        """The choices as the consent's terms (only after is_valid)."""
        data = self.cleaned_data
        on_date = data["ends"] == END_ON_DATE
        return Terms(
            member=self.member,
            recipient=data["recipient"],
            scopes=tuple(s for s in CONSENT_SCOPES if data.get(f"scope_{s}")),
            purpose=data["purpose"],
            expires_on=data["expires_on"] if on_date else None,
            expiry_event="" if on_date else data["ends"],
            signed_on=timezone.localdate(),
        )

    @classmethod
    def initial_from(cls, terms: Terms, renews: Consent) -> dict[str, Any]:
        """Step one filled in from an earlier consent ("share again")."""
        initial: dict[str, Any] = {
            "recipient": terms.recipient.pk,
            "purpose": terms.purpose,
            "renews": renews.pk,
            **{f"scope_{s}": s in terms.scopes for s in CONSENT_SCOPES},
        }
        if terms.expiry_event:
            initial["ends"] = terms.expiry_event
        elif terms.expires_on:
            initial.update(ends=END_ON_DATE, expires_on=terms.expires_on)
        return initial


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    # Members only (staff sessions always end when idle): see accounts.signin.SignInView.
    remember = forms.BooleanField(
        label=_("Keep me signed in on this device"),
        help_text=_("Untick this on a shared or borrowed phone or computer."),
        required=False,
        initial=True,
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That email and password don't match an account. Please try again."),
    }


class ConfirmIdentityForm(forms.Form):
    """The password again (and the second factor where the person has one)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = forms.CharField(
        label=_("The code from your second factor"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        user = cast(User, request.user)
        if not has_second_factor(user):
            del self.fields["token"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        user = cast(User, self.request.user)
        if locked_out(user):
            raise forms.ValidationError(
                _("Too many tries. For your safety, please wait 15 minutes and try again.")
            )
        password = cleaned.get("password")
        if password and not confirm_identity(self.request, password, cleaned.get("token", "")):
            raise forms.ValidationError(
                _("That didn't match. Please check your password and try again.")
            )
        return cleaned


class CloseAccountForm(ConfirmIdentityForm):
    understand = forms.BooleanField(
        label=_(
            "I understand that my plan, check-ins, reports, contacts and reminders will be "
            "erased and cannot be brought back."
        ),
        error_messages={"required": _("Tick the box to say you understand.")},
    )

    field_order = ["understand", "password", "token"]
