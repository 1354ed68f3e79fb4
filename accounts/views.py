from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit_log import grouped_log
from accounts.consent import consent_text, digest, sign, terms_of
from accounts.decorators import role_required
from accounts.forms import (
    ConsentForm,
    InvitationForm,
    ProfileForm,
)
from accounts.http import AuthenticatedHttpRequest
from accounts.language import language_of
from accounts.models import Consent, Invitation, Role, User
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
        # A new language is the one the confirmation is said in.
        translation.activate(language_of(request.user))
        messages.success(request, _("Saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


SHARING_STEPS = ("review", "edit", "sign")


@role_required(Role.MEMBER)
def sharing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose what to share (step one), read the consent's words, then sign (step two)."""
    member = request.user
    step = request.POST.get("step") if request.method == "POST" else None
    if request.method == "POST" and step not in SHARING_STEPS:
        return _sharing_page(request, ConsentForm(member=member), status=400)
    if step == "edit" or step is None:
        form = ConsentForm(initial=_again(request, member), member=member)
        if step == "edit":
            form = ConsentForm(initial=request.POST.dict(), member=member)
        return _sharing_page(request, form)
    form = ConsentForm(request.POST, member=member, signing=step == "sign")
    if not form.is_valid():
        return _sharing_page(request, form)
    terms = form.terms()
    if step == "review":
        unsigned = consent_text(terms, "")
        context = {"form": form, "text": unsigned, "shown": digest(unsigned), "terms": terms}
        return render(request, "accounts/sharing_review.html", context)
    with transaction.atomic():
        # One member signs one thing at a time: a second tap finds the first consent.
        User.objects.select_for_update().filter(pk=member.pk).first()
        signature = form.cleaned_data["signature"].strip()
        same = Consent.objects.active().filter(member=member, text=consent_text(terms, signature))
        if not same.exists():
            sign(terms, signature, renews=form.cleaned_data["renews"])
    messages.success(request, _("You are now sharing with %(name)s.") % {"name": terms.recipient})
    return redirect("sharing")


def _again(request: AuthenticatedHttpRequest, member: User) -> dict[str, Any]:
    """Step one filled in from an earlier consent of the member's own (?again=<id>)."""
    pk = request.GET.get("again", "")
    earlier = Consent.objects.filter(pk=pk, member=member).first() if pk.isdigit() else None
    if earlier is None:
        return {}
    return ConsentForm.initial_from(terms_of(earlier, signed_on=timezone.localdate()), earlier)


def _sharing_page(
    request: AuthenticatedHttpRequest, form: ConsentForm, *, status: int = 200
) -> HttpResponse:
    consents = Consent.objects.filter(member=request.user).select_related("recipient")
    context = {"form": form, "consents": consents}
    return render(request, "accounts/sharing.html", context, status=status)


@role_required(Role.MEMBER)
def revoke_consent(request: AuthenticatedHttpRequest, consent_id: int) -> HttpResponse:
    """Stop sharing: a page that asks first (GET), then stops at once (POST)."""
    member = request.user
    consent = get_object_or_404(
        Consent.objects.select_related("recipient"), pk=consent_id, member=member
    )
    if request.method != "POST":
        # It reaches another person, so it is confirmed first (not undone afterwards):
        # the page names who stops seeing what before anything changes.
        if not consent.is_active():
            return redirect("sharing")
        return render(request, "accounts/stop_sharing.html", {"consent": consent})
    if request.POST.get("confirm") != "stop":
        return render(request, "accounts/stop_sharing.html", {"consent": consent}, status=400)
    if consent.revoke():
        messages.success(
            request,
            _(
                'You stopped sharing with %(name)s. To undo it, choose "Share again" below '
                "and sign a new consent."
            )
            % {"name": consent.recipient},
        )
    return redirect("sharing")


@role_required(Role.MEMBER)
def access_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who saw this member's record: one row per person and day, newest first."""
    page = grouped_log(request.user, request.GET.get("page"))
    return render(request, "accounts/access_log.html", {"page": page})
