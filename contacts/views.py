"""The member's side: their support contacts, the community calendar and their peer."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role
from contacts.forms import SupportContactForm
from contacts.models import SupportContact


def _own_contact(request: AuthenticatedHttpRequest, contact_id: int) -> SupportContact:
    # Someone else's contact answers 404, exactly like one that does not exist.
    return get_object_or_404(SupportContact, pk=contact_id, member=request.user)


@role_required(Role.MEMBER)
def contact_edit(request: AuthenticatedHttpRequest, contact_id: int | None = None) -> HttpResponse:
    member = request.user
    contact = _own_contact(request, contact_id) if contact_id else SupportContact(member=member)
    form = SupportContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        if contact.pk is None:
            last = SupportContact.objects.filter(member=member).order_by("-position").first()
            form.instance.position = (last.position + 1) if last else 0
        form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": form.instance.name})
        return redirect("contact_list")
    return render(request, "contacts/edit.html", {"form": form, "contact": contact})


@require_POST
@role_required(Role.MEMBER)
def contact_delete(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = _own_contact(request, contact_id)
    with transaction.atomic():
        contact.erase_messages()
        contact.delete()
    messages.success(request, _("Removed %(name)s from your contacts.") % {"name": contact.name})
    return redirect("contact_list")


@require_POST
@role_required(Role.MEMBER)
def contact_move(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = _own_contact(request, contact_id)
    ordered = list(SupportContact.objects.filter(member=contact.member).order_by("position", "pk"))
    index = ordered.index(contact)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Please choose Up or Down. Nothing was moved."))
        return redirect("contact_list")
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, row in enumerate(ordered):
            row.position = position
        SupportContact.objects.bulk_update(ordered, ["position"])
    return redirect("contact_list")
