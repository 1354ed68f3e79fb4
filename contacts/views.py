"""The member's side: their support contacts, the community calendar and their peer."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role
from contacts.forms import SupportContactForm
from contacts.models import SupportContact
from contacts.signals import contacts_changed
from core import undo


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


# What a kept copy holds: the contact as the member wrote it, and its place in the list.
KEPT_FIELDS = [*SupportContactForm.Meta.fields, "position", "created_at"]


@require_POST
@role_required(Role.MEMBER)
def contact_delete(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = _own_contact(request, contact_id)
    kept = {"pk": contact.pk, **model_to_dict(contact, fields=KEPT_FIELDS)}
    kept["created_at"] = contact.created_at.isoformat()
    # Gone at once, so nothing reaches them meanwhile; the member's session keeps a copy.
    with transaction.atomic():
        contact.erase_messages()
        contact.delete()
    undo.offer(
        request,
        _("Removed %(name)s from your contacts.") % {"name": contact.name},
        kind="contact",
        data=kept,
        url=reverse("contact_undo"),
    )
    return redirect("contact_list")


@require_POST
@role_required(Role.MEMBER)
def contact_undo(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    kept = undo.take(request, "contact", request.POST.get("token", ""))
    if kept is None:
        messages.info(request, _("That can no longer be undone."))
        return redirect("contact_list")
    with transaction.atomic():
        # Back in its old place: the ones at or after it move down one.
        SupportContact.objects.filter(member=member, position__gte=kept["position"]).update(
            position=F("position") + 1
        )
        contact = SupportContact(member=member, **kept)
        contact.created_at = datetime.fromisoformat(kept["created_at"])
        if SupportContact.objects.filter(pk=contact.pk).exists():
            contact.pk = None
        contact.save(force_insert=True)
    messages.success(request, _("%(name)s is back in your contacts.") % {"name": contact.name})
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
        contacts_changed.send(sender=SupportContact, member_id=contact.member_id)
    return redirect("contact_list")
