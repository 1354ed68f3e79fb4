"""{% error_summary form other_form formset %}: one summary of what needs changing.

Rendered at the top of a form page (templates/includes/error_summary.html): a role="alert"
region that takes focus on load (static/js/page.js) and links to each field with a
problem, one line per field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Problem:
    label: str
    message: str
    anchor: str  # the id of the field, or "" for a problem with the whole form


def _form_problems(form: forms.BaseForm, line: int | None = None) -> list[Problem]:
    found = [Problem("", str(m), "") for m in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or not errors:
            continue
        field = form[name]
        if field.is_hidden:
            continue  # a page's own words for it (an out-of-date page), not a field to fix
        # A radio group's first radio (Django leaves a group's own label without a "for").
        parts = field.subwidgets
        anchor = (parts[0].id_for_label if parts else "") or field.auto_id or ""
        label = str(field.label or "")
        if line is not None:
            label = _("Line %(n)s, %(label)s") % {"n": line, "label": label}
        found.append(Problem(label, str(errors[0]), anchor))
    return found


def problems(*forms_: Any) -> list[Problem]:
    found: list[Problem] = []
    for item in forms_:
        if item is None or not getattr(item, "is_bound", False):
            continue
        if isinstance(item, forms.BaseFormSet):
            found += [Problem("", str(m), "") for m in item.non_form_errors()]
            for line, form in enumerate(item.forms, start=1):
                found += _form_problems(form, line)
        else:
            found += _form_problems(item)
    return found


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_: Any) -> dict[str, Any]:
    return {"problems": problems(*forms_)}
