"""Forms of the pages that combine apps: the accounting of disclosures, a member's own data."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from core.forms import DatePicker, StatedLimits
from home.accounting import earliest_day
from home.caseload import SEARCH_MAX


class AccountingForm(forms.Form):
    """A period within the last six years (and, for program staff, whose accounting)."""

    email = forms.EmailField(label=_("The member's email address"), max_length=254)
    first = forms.DateField(label=_("From"), widget=DatePicker())
    last = forms.DateField(label=_("To"), widget=DatePicker())

    def __init__(self, *args: Any, for_staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.earliest = earliest_day(today)
        self.fields["first"].initial = self.earliest
        self.fields["last"].initial = today
        for name in ("first", "last"):
            attrs = self.fields[name].widget.attrs
            attrs.update(min=self.earliest.isoformat(), max=today.isoformat())
        if not for_staff:
            del self.fields["email"]  # a member's own accounting

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].lower()
        member = User.objects.filter(email__iexact=email, role=Role.MEMBER).first()
        if member is None:
            raise forms.ValidationError(_("No member has that email address."))
        return member

    def _within(self, day: date) -> date:
        if day < self.earliest:
            raise forms.ValidationError(
                _("Choose a day within the last six years (from %(day)s).")
                % {"day": date_format(self.earliest, str(_("M j, Y")))}
            )
        if day > timezone.localdate():
            raise forms.ValidationError(_("Choose today or a day before."))
        return day

    def clean_first(self) -> date:
        return self._within(self.cleaned_data["first"])

    def clean_last(self) -> date:
        return self._within(self.cleaned_data["last"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last and first > last:
            self.add_error("last", _("Choose a day on or after the first day."))
        return cleaned


class CaseloadSearchForm(StatedLimits, forms.Form):
    """A name to look for in the caseload: posted and kept in the session, so a client's name
    never travels in a URL (a browser's history, a proxy's log)."""

    name = forms.CharField(
        label=_("Find a member by name"), max_length=SEARCH_MAX, required=False, strip=True
    )
