"""Signing in beyond the password: the second step and its settings page, "stay signed
in" for idle staff, and asking for a link to choose a new password."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from axes.utils import reset as axes_reset
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import LoginView, PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import second_factor
from accounts.account_events import record_account_event
from accounts.forms import EmailAuthenticationForm
from accounts.http import AuthenticatedHttpRequest
from accounts.mail import send_password_link
from accounts.middleware import SECOND_STEP, remember_member


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class SignInView(LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Staff sessions always end when idle, whatever the box says.
        if not second_factor.is_staff_role(form.get_user()):
            remember_member(self.request, bool(form.cleaned_data.get("remember")))
        return response


class PasswordLinkForm(PasswordResetForm):
    """Django's form and its rules (active accounts with a usable password, any case of the
    email), but the email goes through the outbox after commit (accounts.mail)."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            send_password_link(user)


class SetPasswordFromLinkView(PasswordResetConfirmView):
    """Choosing a new password from the emailed link proves the person holds the email: the
    account's sign-in lock-out, if any, ends, and the change is in their audit trail."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        axes_reset(username=user.email.lower())
        record_account_event(self.request, user, "password_set_from_link", actor=user)
        return response


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _url(name: str) -> str:
    return reverse(name)


@login_required
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step two of signing in: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next(request))
    if not second_factor.has_second_factor(user):
        return redirect(f"{_url('two_factor_setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            record_account_event(request, user, "second_factor_verified", actor=user, obj=device)
            if isinstance(device, second_factor.StaticDevice):
                left = second_factor.remaining_recovery_codes(user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(left)d are left. You can make a new set "
                        "on your account page."
                    )
                    % {"left": left},
                )
            return redirect(_next(request))
        record_account_event(request, user, "second_factor_failed", actor=None)
        form.add_error(
            "code",
            _(
                "That code didn't work. Codes change every 30 seconds: try the newest one, "
                "or one of your recovery codes. After several tries, wait a minute."
            ),
        )
    return render(
        request, "accounts/two_factor/verify.html", {"form": form, "next": _next(request)}
    )


@login_required
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan or type the key, then confirm with a first code."""
    user = request.user
    if second_factor.has_second_factor(user):
        # Replacing an app needs the old one first: a password alone never adds a device.
        if not user.is_verified():  # type: ignore[attr-defined]
            return redirect(f"{_url('two_factor_verify')}?{urlencode({'next': _next(request)})}")
        return redirect("two_factor")
    device = second_factor.pending_app(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_app(device, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            request.session[SECOND_STEP] = "verify"
            record_account_event(request, user, "second_factor_enrolled", actor=user, obj=device)
            return render(
                request,
                "accounts/two_factor/recovery_codes.html",
                {"codes": codes, "next": _next(request), "first_time": True},
            )
        form.add_error(
            "code",
            _(
                "That code didn't match. Check that the app shows Waypoint, then type the "
                "newest 6-digit code."
            ),
        )
    context = {
        "form": form,
        "qr": second_factor.qr_svg(device),
        "key": second_factor.spaced_key(device),
        "required": second_factor.requires_second_factor(user),
        "next": _next(request),
    }
    return render(request, "accounts/two_factor/setup.html", context)


@login_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Two-step sign-in on the account: on or off, recovery codes left, make new ones."""
    user = request.user
    enrolled = second_factor.has_second_factor(user)
    context = {
        "enrolled": enrolled,
        "required": second_factor.requires_second_factor(user),
        "left": second_factor.remaining_recovery_codes(user) if enrolled else 0,
    }
    return render(request, "accounts/two_factor/manage.html", context)


@require_POST
@login_required
def renew_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not second_factor.has_second_factor(user):
        return redirect("two_factor")
    codes = second_factor.renew_recovery_codes(user)
    record_account_event(request, user, "recovery_codes_renewed", actor=user)
    return render(
        request,
        "accounts/two_factor/recovery_codes.html",
        {"codes": codes, "next": _url("two_factor"), "first_time": False},
    )


@require_POST
@login_required
def turn_off(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Members may turn it off again; staff may not (the button is not shown, and this refuses)."""
    user = request.user
    if second_factor.requires_second_factor(user):
        messages.error(request, _("Two-step sign-in is required for your role."))
        return redirect("two_factor")
    if second_factor.has_second_factor(user):
        second_factor.remove(user)
        request.session[SECOND_STEP] = "done"
        record_account_event(request, user, "second_factor_removed", actor=user)
        messages.success(request, _("Two-step sign-in is off."))
    return redirect("two_factor")


@require_POST
@login_required
def stay_signed_in(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The idle warning's button. The request itself is the activity that keeps the session
    (StaffIdleTimeoutMiddleware); with script it answers 204, without it goes back."""
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(_next(request))
