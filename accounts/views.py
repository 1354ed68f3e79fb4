from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.forms import (
    ConsentForm,
    InvitationForm,
    ProfileForm,
)
from accounts.http import AuthenticatedHttpRequest
from accounts.models import AuditEvent, Consent, Invitation, Role
from accounts.tasks import send_invitation
from core.enqueue import enqueue_on_commit


@role_required(Role.COUNSELOR, Role.COORDINATOR, allow_staff=True)
def invitations(request: AuthenticatedHttpRequest) -> HttpResponse:
    inviter = request.user
    form = InvitationForm(request.POST or None, inviter=inviter)
    if request.method == "POST" and form.is_valid():
        invitation = Invitation.create(
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            display_name=form.cleaned_data["display_name"],
            invited_by=inviter,
            program=inviter.program,
        )
        enqueue_on_commit(send_invitation, invitation.pk)
        messages.success(
            request, _("Invitation on its way to %(email)s.") % {"email": invitation.email}
        )
        return redirect("invitations")
    sent = Invitation.objects.filter(invited_by=inviter).select_related("accepted_user")[:50]
    return render(request, "accounts/invitations.html", {"form": form, "sent": sent})


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


@role_required(Role.MEMBER)
def sharing(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    form = ConsentForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        consent = form.save()
        messages.success(
            request, _("You are now sharing with %(name)s.") % {"name": consent.recipient}
        )
        return redirect("sharing")
    consents = Consent.objects.filter(member=member).select_related("recipient")
    return render(request, "accounts/sharing.html", {"form": form, "consents": consents})


@role_required(Role.MEMBER)
def revoke_consent(request: AuthenticatedHttpRequest, consent_id: int) -> HttpResponse:
    member = request.user
    consent = get_object_or_404(Consent, pk=consent_id, member=member)
    if request.method != "POST":
        # It reaches another person, so it is confirmed first (not undone afterwards):
        # the page names who stops seeing what before anything changes.
        if not consent.is_active():
            return redirect("sharing")
        return render(request, "accounts/stop_sharing.html", {"consent": consent})
    if consent.revoke():
        messages.success(
            request, _("You stopped sharing with %(name)s.") % {"name": consent.recipient}
        )
    return redirect("sharing")


@role_required(Role.MEMBER)
def access_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every view of this member's record by someone else, newest first."""
    member = request.user
    events = AuditEvent.objects.filter(member=member).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/access_log.html", {"page": page})
