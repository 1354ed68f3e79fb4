"""Joining Waypoint: accepting an invitation, or signing up where the program allows it.

A member's account and their first check-in reminder are made together, here, where people
join; the reminder app sits above accounts, so accounts cannot make it itself."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import (
    AcceptInvitationForm,
    SignupForm,
)
from accounts.invitations import accept_invitation
from accounts.models import Invitation, Role, User
from reminders.defaults import create_default_reminder


def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.find(token)
    if invitation is None:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": "unknown"}, status=404
        )
    if invitation.accepted_at is not None or invitation.is_expired:
        reason = "used" if invitation.accepted_at else "expired"
        context = {"reason": reason, "invitation": invitation}
        return render(request, "accounts/invitation_invalid.html", context, status=410)
    form = AcceptInvitationForm(
        request.POST or None,
        email=invitation.email,
        initial={"display_name": invitation.display_name, "timezone": settings.TIME_ZONE},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = accept_invitation(
                invitation,
                display_name=form.cleaned_data["display_name"],
                timezone_name=form.cleaned_data["timezone"],
                password=form.cleaned_data["password1"],
            )
            if user is not None:
                create_default_reminder(user)
        if user is None:
            context = {"reason": "used", "invitation": invitation}
            return render(request, "accounts/invitation_invalid.html", context, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.display_name}
        )
        return redirect("home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )


def signup(request: HttpRequest) -> HttpResponse:
    if not settings.WAYPOINT_SELF_SIGNUP:
        raise Http404("Sign-up is by invitation")
    form = SignupForm(request.POST or None, initial={"timezone": settings.TIME_ZONE})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = User.objects.create_user(
                form.cleaned_data["email"],
                form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
                timezone=form.cleaned_data["timezone"],
                role=Role.MEMBER,
            )
            create_default_reminder(user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})
