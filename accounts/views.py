from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .decorators import role_required
from .enqueue import enqueue_on_commit
from .forms import AcceptInvitationForm, ConsentForm, InvitationForm, ProfileForm, SignupForm
from .invitations import accept_invitation
from .models import AuditEvent, Consent, Invitation, Role, User
from .tasks import send_invitation

ROLE_HOMES: dict[str, str] = {
    Role.MEMBER: "member_today",
    Role.COUNSELOR: "counselor_caseload",
    Role.COORDINATOR: "alumni_overview",
}


def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their own start page."""
    if not request.user.is_authenticated:
        return redirect("login")
    user: Any = request.user
    return redirect(ROLE_HOMES[user.role])


def help_now(request: HttpRequest) -> HttpResponse:
    """Crisis lines without signing in: someone in trouble must never meet a login form."""
    return render(request, "accounts/help_now.html")


@role_required(Role.MEMBER)
def member_today(request: HttpRequest) -> HttpResponse:
    # The start page gathers parts of every app.
    from checkins.models import Alert, CheckIn
    from checkins.progress import local_date
    from checkins.reminders import recent_problems, reminder_due_today
    from plans.versions import plan_for

    member: Any = request.user
    checked_in = CheckIn.objects.filter(
        member=member, local_date=local_date(member.timezone)
    ).exists()
    plan = plan_for(member)
    # The member's own signals, said kindly, beside what their plan says to do.
    signals = [
        s for alert in Alert.objects.unresolved().filter(member=member) for s in alert.signals
    ]
    steps = (plan.items("actions") if plan else [])[:3]
    context = {
        "plan": plan,
        "checked_in": checked_in,
        "signals": signals,
        "steps": steps,
        # The in-app reminder, and any channel that could not reach them lately.
        "reminded": not checked_in and reminder_due_today(member),
        "reminder_problems": recent_problems(member),
    }
    return render(request, "accounts/member_today.html", context)


@role_required(Role.COUNSELOR, Role.COORDINATOR, allow_staff=True)
def invitations(request: HttpRequest) -> HttpResponse:
    inviter: Any = request.user
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
        user = accept_invitation(
            invitation,
            display_name=form.cleaned_data["display_name"],
            timezone_name=form.cleaned_data["timezone"],
            password=form.cleaned_data["password1"],
        )
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
        user = User.objects.create_user(
            form.cleaned_data["email"],
            form.cleaned_data["password1"],
            display_name=form.cleaned_data["display_name"],
            timezone=form.cleaned_data["timezone"],
            role=Role.MEMBER,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


@role_required(Role.MEMBER)
def sharing(request: HttpRequest) -> HttpResponse:
    member: Any = request.user
    form = ConsentForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        consent = form.save()
        messages.success(
            request, _("You are now sharing with %(name)s.") % {"name": consent.recipient}
        )
        return redirect("sharing")
    consents = Consent.objects.filter(member=member).select_related("recipient")
    return render(request, "accounts/sharing.html", {"form": form, "consents": consents})


@require_POST
@role_required(Role.MEMBER)
def revoke_consent(request: HttpRequest, consent_id: int) -> HttpResponse:
    member: Any = request.user
    consent = get_object_or_404(Consent, pk=consent_id, member=member)
    if consent.revoke():
        messages.success(
            request, _("You stopped sharing with %(name)s.") % {"name": consent.recipient}
        )
    return redirect("sharing")


@role_required(Role.MEMBER)
def access_log(request: HttpRequest) -> HttpResponse:
    """Every view of this member's record by someone else, newest first."""
    member: Any = request.user
    events = AuditEvent.objects.filter(member=member).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/access_log.html", {"page": page})
