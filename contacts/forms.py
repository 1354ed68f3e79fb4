from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import BestWay, SupportContact
from core.forms import NameField, StatedLimits, with_key
from core.validators import normalize_phone


class SupportContactForm(StatedLimits, forms.ModelForm):
    class Meta:
        model = SupportContact
        fields = [
            "name",
            "relationship",
            "phone",
            "email",
            "preferred_channel",
            "best_times",
            "may_be_told",
            "approved_message",
            "auto_alerts",
        ]
        help_texts = {
            "auto_alerts": _(
                'Off: we message them only when you choose to, from "I\'m struggling". '
                "On: we may also send them the message above when your check-ins show you "
                "may need support, at most once a day, and tell you each time we did."
            )
        }
        widgets = {"preferred_channel": forms.RadioSelect}
        field_classes = {"name": NameField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # Our words for what is missing, in the summary at the top, not the browser's bubble.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("save", _("Save"), css_class="btn-primary btn-lg"))
        with_key(self.helper)
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        return normalize_phone(raw) if raw else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        phone, email = cleaned.get("phone"), cleaned.get("email")
        if not phone and not email and not self.errors:
            # On the phone field, which keeps the model's own check of the same rule
            # (contact_has_a_way_to_reach) from adding its message a second time.
            self.add_error(
                "phone", _("Add a phone number or an email address, so you can reach them.")
            )
        channel = cleaned.get("preferred_channel")
        if channel in (BestWay.CALL, BestWay.TEXT) and not phone and "phone" not in self.errors:
            self.add_error("phone", _("Add their phone number to call or text them."))
        if channel == BestWay.EMAIL and not email and "email" not in self.errors:
            self.add_error("email", _("Add their email address to email them."))
        if cleaned.get("may_be_told") and not cleaned.get("approved_message", "").strip():
            self.add_error(
                "approved_message",
                _("Write the short message they would get, so you know exactly what it says."),
            )
        if cleaned.get("auto_alerts") and not cleaned.get("may_be_told"):
            self.add_error(
                "auto_alerts",
                _("We can message them automatically only once they have agreed to hear from us."),
            )
        return cleaned
