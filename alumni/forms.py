"""Forms of the alumni coordinator's pages: groups, events, attendance, peers, outreach."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Program, User, program_today
from alumni.engagement import pairing_state
from alumni.models import (
    AlumniGroup,
    Event,
    EventKind,
    GroupMembership,
    Outreach,
    OutreachMethod,
    OutreachOutcome,
    PeerPairing,
    Rsvp,
)
from core.forms import DatePicker, NameField, SaneDateField, SaneDateTimeField, StatedLimits
from core.zones import program_zone_name


class ProgramDateTimeField(SaneDateTimeField):
    """A datetime-local input read and shown in the program's time zone, whoever types it.

    Events happen where the program is, so a coordinator travelling (whose own time
    zone is active for the request) still enters the program's wall-clock time.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(timezone.get_default_timezone()):
            result = super().to_python(value)
        # Far-off years overflow when converted to UTC; events are planned within years.
        if result is not None and abs(result - timezone.now()) > timedelta(days=5 * 365):
            raise forms.ValidationError(_("Choose a date within the next few years."))
        return result

    def prepare_value(self, value: Any) -> Any:
        with timezone.override(timezone.get_default_timezone()):
            return super().prepare_value(value)


def _not_future(value: Any, message: Any) -> None:
    if value and value > program_today():
        raise forms.ValidationError(message)


class GroupForm(StatedLimits, forms.ModelForm):
    class Meta:
        model = AlumniGroup
        fields = ["name"]
        field_classes = {"name": NameField}
        help_texts = {"name": _('For example "Tuesday evening alumni" or "Family & friends".')}

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = AlumniGroup.objects.filter(program=self.program, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Your program already has a group called %(name)s.") % {"name": name}
            )
        return name


class MembershipForm(forms.ModelForm):
    class Meta:
        model = GroupMembership
        fields = ["member", "joined_on", "completed_treatment_on"]
        widgets = {
            "joined_on": DatePicker(),
            "completed_treatment_on": DatePicker(),
        }
        field_classes = {"joined_on": SaneDateField, "completed_treatment_on": SaneDateField}

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member: Any = self.fields["member"]
        member.queryset = candidates.order_by("display_name", "pk")
        member.label = _("Member of the program")
        member.empty_label = _("Choose a member")
        self.fields["joined_on"].initial = program_today
        self.fields["joined_on"].label = _("Joined the group on")

    def clean_joined_on(self) -> Any:
        value = self.cleaned_data.get("joined_on")
        _not_future(value, _("Choose today or an earlier day."))
        return value

    def clean_completed_treatment_on(self) -> Any:
        value = self.cleaned_data.get("completed_treatment_on")
        _not_future(value, _("Choose today or an earlier day, or leave it empty."))
        return value


class EventForm(StatedLimits, forms.ModelForm):
    starts_at = ProgramDateTimeField(label=_("Starts"))
    ends_at = ProgramDateTimeField(label=_("Ends"))
    online_url = forms.URLField(
        label=_("Online link"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "group",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
        ]
        field_classes = {"title": NameField}
        help_texts = {
            "place": _("An address or a room. Give a place, an online link, or both."),
            "capacity": _("Leave empty for no limit."),
        }

    def __init__(self, *args: Any, groups: QuerySet[AlumniGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group: Any = self.fields["group"]
        group.queryset = groups
        group.empty_label = None if groups.count() == 1 else _("Choose a group")
        kind: Any = self.fields["kind"]
        kind.choices = [("", _("Choose a kind")), *EventKind.choices]
        zone = program_zone_name()
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _("In the program's time zone: %(zone)s.") % {
                "zone": zone
            }
        capacity = self.fields["capacity"]
        capacity.validators.append(
            MinValueValidator(1, _("Places must be at least 1; leave it empty for no limit."))
        )
        capacity.widget.attrs["min"] = 1

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        if (
            not cleaned.get("place")
            and not cleaned.get("online_url")
            and "online_url" not in self.errors
        ):
            self.add_error("place", _("Give a place, an online link, or both."))
        capacity = cleaned.get("capacity")
        if capacity and self.instance.pk:
            taken = self.instance.rsvps.count()
            if capacity < taken:
                self.add_error(
                    "capacity",
                    ngettext(
                        "%(count)d person has already said they are coming; "
                        "places cannot be fewer.",
                        "%(count)d people have already said they are coming; "
                        "places cannot be fewer.",
                        taken,
                    )
                    % {"count": taken},
                )
        return cleaned


ATTENDED_CHOICES = [("yes", _("Came")), ("no", _("Did not come")), ("", _("Not recorded"))]
_ATTENDED_VALUE = {"yes": True, "no": False, "": None}


class AttendanceForm(StatedLimits, forms.Form):
    """One yes / no / not recorded answer per RSVP of the event."""

    def __init__(self, *args: Any, rsvps: list[Rsvp], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rsvps = rsvps
        for rsvp in rsvps:
            current = "" if rsvp.attended is None else ("yes" if rsvp.attended else "no")
            self.fields[f"rsvp_{rsvp.pk}"] = forms.ChoiceField(
                label=rsvp.member.display_name,
                choices=ATTENDED_CHOICES,
                required=False,
                initial=current,
                widget=forms.RadioSelect,
            )

    def rows(self) -> list[tuple[Rsvp, forms.BoundField]]:
        return [(rsvp, self[f"rsvp_{rsvp.pk}"]) for rsvp in self.rsvps]

    def answers(self) -> dict[int, bool | None]:
        return {
            rsvp.pk: _ATTENDED_VALUE[self.cleaned_data.get(f"rsvp_{rsvp.pk}") or ""]
            for rsvp in self.rsvps
        }


class WalkInForm(StatedLimits, forms.Form):
    member = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Came without an RSVP"),
        empty_label=_("Choose a member of the group"),
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member: Any = self.fields["member"]
        member.queryset = candidates.order_by("display_name", "pk")


class PairingForm(StatedLimits, forms.Form):
    member = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Member who would like a peer"),
        empty_label=_("Choose a member"),
    )
    peer = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Peer supporter"),
        empty_label=_("Choose a peer supporter"),
    )

    def __init__(
        self, *args: Any, members: QuerySet[User], peers: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        member: Any = self.fields["member"]
        member.queryset = members.order_by("display_name", "pk")
        peer: Any = self.fields["peer"]
        peer.queryset = peers.order_by("display_name", "pk")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        member, peer = cleaned.get("member"), cleaned.get("peer")
        if member and peer and member == peer:
            self.add_error(
                "peer",
                _("Choose someone else: a member cannot be their own peer supporter."),
            )
        if member:
            current = (
                PeerPairing.objects.open().filter(member=member).select_related("peer").first()
            )
            if current:
                self.add_error("member", open_pairing_message(current))
        return cleaned


def open_pairing_message(pairing: PeerPairing) -> str:
    return str(
        _(
            "%(member)s already has a peer pairing with %(peer)s (%(state)s). "
            "End it first to propose another."
        )
        % {
            "member": pairing.member.display_name,
            "peer": pairing.peer.display_name,
            "state": pairing_state(pairing).label,
        }
    )


class OutreachForm(StatedLimits, forms.ModelForm):
    class Meta:
        model = Outreach
        fields = ["method", "outcome", "note", "follow_up_on"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "follow_up_on": DatePicker(),
        }
        field_classes = {"follow_up_on": SaneDateField}
        help_texts = {
            "note": _(
                'What you tried and what happened, for example "Left a voicemail, '
                'will try Friday." No health details.'
            ),
            "follow_up_on": _("Optional: a day to try again. It will be listed on your overview."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        method: Any = self.fields["method"]
        method.choices = [("", _("Choose how")), *OutreachMethod.choices]
        outcome: Any = self.fields["outcome"]
        outcome.choices = [("", _("Choose what happened")), *OutreachOutcome.choices]
        self.fields["follow_up_on"].widget.attrs["min"] = program_today().isoformat()

    def clean_follow_up_on(self) -> Any:
        value = self.cleaned_data.get("follow_up_on")
        if value and value < program_today():
            raise forms.ValidationError(_("Choose today or a later day for the follow-up."))
        return value
