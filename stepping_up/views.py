"""Stepping up care: the member asks (from the plan or the return-to-use flow) and reads the
answer; the counselor records a recommendation and its outcome from the client page.

Levels travel in POST bodies only; URLs carry ids, never a level or a note.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import can_view, record_view
from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, Scope, User
from core.enqueue import enqueue_on_commit
from messaging.tasks import send_deliveries
from plans.versions import plan_for
from stepping_up.asking import NobodyToAsk, ask, open_requests
from stepping_up.forms import MoreSupportForm, OutcomeForm, RecommendationForm
from stepping_up.levels import REQUEST_LEVELS, current_level, level_options
from stepping_up.models import CareRecommendation, Origin
from stepping_up.notify import care_team
from stepping_up.recommending import care_story, mark_seen, recommend, set_outcome


def _hand_over(delivery_ids: list[int]) -> None:
    # After commit; if the broker is down the outbox's sweep sends them.
    if delivery_ids:
        enqueue_on_commit(send_deliveries, delivery_ids)


# --- The member -----------------------------------------------------------------------------


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def more_support(request: AuthenticatedHttpRequest, origin: str) -> HttpResponse:
    member = request.user
    counselors = [c.display_name for c in care_team(member).order_by("display_name")]
    form = MoreSupportForm(request.POST or None)
    if request.method == "POST" and counselors and form.is_valid():
        try:
            asked = ask(
                member,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
                origin=origin,
            )
        except NobodyToAsk:  # consent or the care team ended between the page and the tap
            counselors = []
        else:
            _hand_over(asked.delivery_ids)
            if asked.new:
                messages.success(
                    request,
                    _(
                        "Sent to your care team: %(names)s. They'll find it in Waypoint, and an "
                        "email tells them something is waiting."
                    )
                    % {"names": ", ".join(asked.told)},
                )
            else:
                messages.info(
                    request,
                    _(
                        "You sent this a moment ago, so that request stands. Waypoint doesn't send it twice."
                    ),
                )
            return redirect("my_care")
    context = {
        "form": form,
        "levels": level_options(REQUEST_LEVELS),
        "counselors": counselors,
        "program_phone": settings.WAYPOINT_PROGRAM_PHONE,
        "current_level": current_level(plan_for(member)),
        "waiting": list(open_requests(member).order_by("-created_at")[:1]),
        "after_use": origin == Origin.RETURN_TO_USE,
        "action": request.path,
    }
    return render(request, "stepping_up/more_support.html", context)


@role_required(Role.MEMBER)
def my_care(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    story = care_story(member)
    new = {r.pk for r in story.recommendations if r.seen_by_member_at is None}
    mark_seen(member)  # opening the page is reading it: Today's card goes away
    context = {
        "story": story,
        "new": new,
        "counselors": [c.display_name for c in care_team(member).order_by("display_name")],
        "current_level": current_level(plan_for(member)),
    }
    return render(request, "stepping_up/my_care.html", context)


# --- The counselor --------------------------------------------------------------------------


def _client(request: AuthenticatedHttpRequest, member_id: int) -> User:
    """The member, if the gate lets this counselor see their plan; otherwise 404 (as the
    client page answers). Audited by the caller once something was recorded."""
    member = get_object_or_404(User, pk=member_id, role=Role.MEMBER)
    if not can_view(request.user, member, Scope.PLAN):
        raise Http404("No such member")
    return member


def _back(member: User) -> HttpResponse:
    return redirect(reverse("client_detail", args=[member.pk]) + "#stepping-up")


def _first_error(form: RecommendationForm | OutcomeForm) -> str:
    return str(next(iter(form.errors.values()))[0])


@require_POST
@role_required(Role.COUNSELOR)
def client_recommend(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = _client(request, member_id)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved. %(error)s") % {"error": _first_error(form)})
        return _back(member)
    recorded = recommend(
        request.user,
        member,
        level=form.cleaned_data["level"],
        note=form.cleaned_data["note"],
        outcome=form.cleaned_data["outcome"],
    )
    _hand_over(recorded.delivery_ids)
    if recorded.new:
        record_view(
            request,
            member,
            Scope.PLAN,
            action="record_care_recommendation",
            obj=recorded.recommendation,
        )
        messages.success(
            request,
            _(
                "Recommendation saved. %(name)s sees it in Waypoint and gets an email saying "
                "their care team left a note."
            )
            % {"name": member.display_name},
        )
    else:
        messages.info(request, _("That recommendation was already saved a moment ago."))
    return _back(member)


@require_POST
@role_required(Role.COUNSELOR)
def client_outcome(
    request: AuthenticatedHttpRequest, member_id: int, recommendation_id: int
) -> HttpResponse:
    member = _client(request, member_id)
    recommendation = get_object_or_404(CareRecommendation, pk=recommendation_id, member=member)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved. %(error)s") % {"error": _first_error(form)})
        return _back(member)
    if set_outcome(recommendation, form.cleaned_data["outcome"], by=request.user):
        record_view(request, member, Scope.PLAN, action="update_care_outcome", obj=recommendation)
        messages.success(request, _("Outcome updated. It shows on their page in Waypoint."))
    else:
        messages.info(request, _("That is already the outcome; nothing changed."))
    return _back(member)
