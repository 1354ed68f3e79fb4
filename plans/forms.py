"""Forms built from the section descriptions in plans/sections.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import DatePicker, SaneDateField, StatedLimits
from core.validators import normalize_phone
from plans.models import PlanComment, PlanReview, ReviewStatus
from plans.sections import Field, Section

EMPTY_ITEM = _('Write something here, or tick "Remove" for this line.')


def _form_field(spec: Field, *, in_list: bool) -> forms.Field:
    # In a list every line but the main text is optional; the main text is checked in clean().
    required = spec.required and not in_list
    common: dict[str, Any] = {"label": spec.label, "required": required, "help_text": spec.help}
    if spec.kind == "choice":
        return forms.ChoiceField(choices=[("", "—"), *spec.choices], **common)
    if spec.kind == "date":
        return SaneDateField(widget=DatePicker(), **common)
    if spec.kind == "bool":
        return forms.BooleanField(**{**common, "required": False})
    widget = forms.Textarea(attrs={"rows": 4}) if spec.kind == "longtext" else forms.TextInput
    return forms.CharField(
        max_length=spec.max_length,
        widget=widget,
        **common,
    )


class ItemForm(StatedLimits, forms.Form):
    section: Section
    id = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("DELETE"):
            return cleaned
        for spec in self.section.fields:
            if spec.name in self.errors:
                continue  # already told what to change here (too long, say): one message
            value = cleaned.get(spec.name)
            if spec.kind == "phone" and value:
                try:
                    cleaned[spec.name] = normalize_phone(value)
                except forms.ValidationError as error:
                    self.add_error(spec.name, error)
            elif spec.required and value in (None, ""):
                message = EMPTY_ITEM if spec is self.section.main else _("Please choose one.")
                self.add_error(spec.name, message)
        return cleaned

    def item(self) -> dict[str, Any]:
        """The stored shape of this line: JSON-friendly values only."""
        data: dict[str, Any] = {"id": self.cleaned_data.get("id") or None}
        for spec in self.section.fields:
            value = self.cleaned_data.get(spec.name)
            data[spec.name] = value.isoformat() if isinstance(value, date) else value
        return data


class ItemFormSet(BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = _("Position")
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")

    def items(self) -> list[dict[str, Any]]:
        # ordered_forms already leaves out lines ticked "Remove" and untouched blank lines.
        return [form.item() for form in self.ordered_forms]


def item_formset(section: Section, *, extra: int) -> type[BaseFormSet]:
    fields = {spec.name: _form_field(spec, in_list=True) for spec in section.fields}
    form_class = type(f"{section.key.title()}ItemForm", (ItemForm,), {**fields, "section": section})
    return formset_factory(
        form_class,
        formset=ItemFormSet,
        extra=extra,
        can_order=True,
        can_delete=True,
        max_num=50,
        validate_max=True,
        absolute_max=60,
    )


class AnswersForm(StatedLimits, forms.Form):
    section: Section

    def answers(self) -> dict[str, Any]:
        return {spec.name: self.cleaned_data.get(spec.name) or "" for spec in self.section.fields}


def answers_form(section: Section) -> type[AnswersForm]:
    fields = {spec.name: _form_field(spec, in_list=False) for spec in section.fields}
    return type(f"{section.key.title()}Form", (AnswersForm,), {**fields, "section": section})


class SectionMetaForm(forms.Form):
    """What every section form also carries: the version it was opened on, and suggestions."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    suggestions = forms.MultipleChoiceField(
        label=_("Common ones you can adopt"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, section: Section, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["suggestions"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(i), s["text"]) for i, s in enumerate(section.suggestions)]
        self.section = section

    def adopted(self) -> list[dict[str, Any]]:
        return [
            {"id": None, **{k: str(v) for k, v in self.section.suggestions[int(i)].items()}}
            for i in self.cleaned_data.get("suggestions", [])
        ]


class SeenVersionMixin(StatedLimits, forms.Form):
    """The version the counselor was looking at: a review or comment belongs to it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReviewForm(SeenVersionMixin, forms.ModelForm):
    class Meta:
        model = PlanReview
        fields = ["status", "note"]
        widgets = {"status": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"status": _("Your review of this version")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = ReviewStatus.choices


class CommentForm(SeenVersionMixin, forms.ModelForm):
    class Meta:
        model = PlanComment
        fields = ["section", "body"]
        widgets = {"section": forms.HiddenInput, "body": forms.Textarea(attrs={"rows": 2})}
        labels = {"body": _("Comment for the member")}
