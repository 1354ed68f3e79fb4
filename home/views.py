"""Pages that combine apps: start pages, Today, the caseload, the client page"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import (
    can_view,
    consents_relied_on,
    record_list_views,
    record_view,
    require_access,
)
from accounts.decorators import role_required
from accounts.forms import CloseAccountForm, ConfirmIdentityForm, RecoveryStartForm
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, Scope, User, caseload_action
from alerts.models import Alert
from alerts.notify import ToldForYou, mark_seen, told_on_my_behalf
from checkins.history import history as checkins_history
from checkins.lessons import added_lessons
from checkins.milestones import recovery
from checkins.models import CheckIn
from checkins.progress import local_date
from checkins.reports import SAME_MOMENT, last_use_within, own_report, recent_report, report_use_now
from checkins.responses import medication_guidance, people_to_reach, plan_content, respond
from contacts.people import contact_rows
from core.crisis_lines import lifeline_first
from core.paging import Listing, back_to
from core.stages import Stage
from fhir_export.views import download as fhir_download
from home.accounting import csv_lines
from home.caseload import (
    AT_LIST,
    QUIET_DAYS,
    CaseloadFilters,
    CaseloadRow,
    by_need_href,
    caseload,
    column_labels,
    headers,
)
from home.closing import close_account
from home.first_day import alerted_counselors, first_day
from home.forms import AccountingForm, CaseloadSearchForm
from home.help_people import help_people
from home.my_data import as_json, export, readable_plan
from measures.chart import build as bam_chart
from measures.trend import trend_rows
from plans.forms import ReviewForm
from plans.models import Plan
from plans.pages import client_plan, history_context, plan_context
from plans.sections import CARE_LEVELS, TRIGGER_KINDS
from plans.versions import plan_for
from reminders.status import recent_problems, reminder_due_today
from stepping_up.forms import RecommendationForm
from stepping_up.levels import current_level, level_options
from stepping_up.models import Outcome
from stepping_up.recommending import care_story, unseen

ROLE_HOMES: dict[str, str] = {
    Role.MEMBER: "member_today",
    Role.COUNSELOR: "counselor_caseload",
    Role.COORDINATOR: "alumni_overview",
}


def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their own start page."""
    user = request.user
    if not isinstance(user, User):
        return redirect("login")
    return redirect(ROLE_HOMES[user.role])


def help_now(request: HttpRequest) -> HttpResponse:
    """Crisis lines without signing in: someone in trouble must never meet a login form."""
    return render(request, "home/help_now.html")


def use_safety(request: HttpRequest) -> HttpResponse:
    """ "I used": safety first, for anyone, signed in or not, with nothing to fill in.

    For a signed-in member the tap itself (a POST) records the report, which raises the
    physical-stage alert; anyone else is told plainly that nothing was recorded.
    """
    user = request.user
    member = user if isinstance(user, User) and user.is_member else None
    if request.method == "POST":
        if member is not None:
            report_use_now(member)
        # Redirect after the POST: a reload or the back button sends nothing again.
        return redirect("use_safety")
    context: dict[str, Any] = {"member": member}
    if member is not None:
        # Just recorded (or a moment ago): say so; otherwise offer the tap that records it.
        context["report"] = recent_report(member)
        # "Used today" in a check-in raised the same alert: say so, offer no second tap.
        context["checked_in_use"] = last_use_within(member, SAME_MOMENT) is not None
        context["told"] = alerted_counselors(member)
        context["first_day"] = first_day(member)
        context["medication_words"] = medication_guidance(plan_content(member))
    return render(request, "checkins/use_safety.html", context)


@role_required(Role.MEMBER)
def use_report(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    report = own_report(request.user, report_id)
    content = plan_content(request.user)
    context = {
        "report": report,
        "first_day": first_day(request.user),
        "trigger_kinds": TRIGGER_KINDS,
        "medication_words": medication_guidance(content),
        "added": added_lessons(report, content),
    }
    return render(request, "checkins/use_report.html", context)


@role_required(Role.MEMBER)
def member_today(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    # Until a start date is set, Today offers to set it (and takes the answer here).
    start_form = None
    if member.recovery_began_on is None:
        start_form = RecoveryStartForm(request.POST or None, instance=member)
        if request.method == "POST" and start_form.is_valid():
            start_form.save()
            messages.success(request, _("Saved. Your days now count from the day you began."))
            return redirect("member_today")
    elif request.method == "POST":
        return redirect("member_today")
    checked_in = CheckIn.objects.today_of(member).exists()
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
        "recovery": recovery(member.recovery_began_on, local_date(member.timezone)),
        "start_form": start_form,
        "told_for_you": _told_for_you(member),
        # Shown until the member opens their care page (stepping_up.views.my_care).
        "care_notes": unseen(member),
    }
    return render(request, "home/today.html", context)


def _told_for_you(member: User) -> list[ToldForYou]:
    """Supporters the rules messaged for the member, shown once on the next page they see."""
    told = told_on_my_behalf(member)
    mark_seen(told)
    return told


@role_required(Role.MEMBER)
def checkin_response(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    today_checkin = CheckIn.objects.today_of(member).first()
    if today_checkin is None:
        return redirect("checkin")
    plan = plan_content(member)
    # The same people and event as the help panel on this page, looked up once.
    people = help_people(member)
    cards = respond(
        today_checkin, plan, people_to_reach(member, plan, people.contacts), people.event
    )
    context = {
        "cards": cards,
        "checkin": today_checkin,
        "told_for_you": _told_for_you(member),
        "lifeline_first": lifeline_first(settings.WAYPOINT_CRISIS_LINES),
        "medication_words": medication_guidance(plan) if today_checkin.used_today else [],
        "has_plan": bool(plan),
    }
    return render(request, "checkins/response.html", context)


SEARCH_SESSION_KEY = "caseload_search"  # the caseload's name search (never in a URL)
# The caseload's last filters, order and page, for a client page's "Back to caseload". Kept in
# the session, not carried in the client's URL: "stage=physical" beside a client's id would
# say something about that client in every log line.
VIEW_SESSION_KEY = "caseload_view"
CLEAR_SEARCH = "clear"  # `/counselor/?search=clear`: the caseload afresh, the search forgotten


@role_required(Role.COUNSELOR)
def counselor_caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.GET.get("search") == CLEAR_SEARCH:
        # The main navigation and "Show everyone" come here: a search made earlier is
        # forgotten when the counselor opens the caseload afresh (README "The caseload").
        request.session.pop(SEARCH_SESSION_KEY, None)
        kept = CaseloadFilters.from_query(request.GET).as_query()
        return redirect(back_to(reverse("counselor_caseload"), kept, None))
    search = str(request.session.get(SEARCH_SESSION_KEY, ""))
    filters = CaseloadFilters.from_query(request.GET, search)
    search_form = CaseloadSearchForm(request.POST or None, initial={"name": search})
    if request.method == "POST":
        # The search is posted (a name is personal data: kept out of URLs) and kept in the
        # session; the list comes back on its first page, with its filters and order.
        back = back_to(reverse("counselor_caseload"), filters.as_query(), None)
        if "clear" in request.POST:
            request.session.pop(SEARCH_SESSION_KEY, None)
            return redirect(back)
        if search_form.is_valid():
            request.session[SEARCH_SESSION_KEY] = search_form.cleaned_data["name"]
            return redirect(back)
        # Too long: the page again with the message, the search as it was.
    found = caseload(request.user, filters, request.GET.get("page"))
    _keep_caseload_view(request, found.listing)
    rows: list[CaseloadRow] = list(found.listing.rows)
    # Each part of a record the page shows is audited for exactly the clients it shows it
    # for, on this page: the plan's state, the open alert's stage, the sparkline and the BAM
    # (check-ins), and the last check-in and check-in count (engagement) for every row.
    shown = {Scope.PLAN: [r.client for r in rows if r.shares_plan]}
    shown[Scope.ALERTS] = [r.client for r in rows if r.shares_alerts]
    shown[Scope.CHECKINS] = [r.client for r in rows if r.shares_checkins]
    shown[Scope.ENGAGEMENT] = [r.client for r in rows]
    relied_on = record_list_views(
        request, [(scope, clients, caseload_action(scope)) for scope, clients in shown.items()]
    )
    context = {
        "clients": rows,
        "listing": found.listing,
        "total": found.total,
        "filters": filters,
        "headers": headers(filters),
        "labels": column_labels(),
        "at_list": AT_LIST,
        "by_need_href": by_need_href(filters),
        "search_form": search_form,
        # On a phone the filters fold away so the list starts on the first screen; they stay
        # open while they change the list (or the search needs fixing), so nobody reads a
        # narrowed list as the whole caseload.
        "tools_open": filters.changed or bool(search_form.errors),
        "stages": Stage.choices,
        "quiet_days": QUIET_DAYS,
        "relied_on": relied_on,
    }
    return render(request, "home/caseload.html", context)


def _keep_caseload_view(request: AuthenticatedHttpRequest, shown: Listing) -> None:
    """Remember where the counselor is in the caseload (only when it changed: a session
    write is a query)."""
    view = back_to(reverse("counselor_caseload"), shown.filters, shown.page.number)
    if request.session.get(VIEW_SESSION_KEY) != view:
        request.session[VIEW_SESSION_KEY] = view


def caseload_href(request: AuthenticatedHttpRequest) -> str:
    """Back to the caseload as the counselor left it: its filters, order and page (the
    search is in the session already)."""
    kept = request.session.get(VIEW_SESSION_KEY)
    home = reverse("counselor_caseload")
    return kept if isinstance(kept, str) and kept.startswith(home) else home


@role_required(Role.COUNSELOR)
def client_detail(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = require_access(request, member_id, Scope.ENGAGEMENT, action="view_client")
    context: dict[str, Any] = {
        "member": member,
        "can_see_plan": can_view(request.user, member, Scope.PLAN),
        "caseload_href": caseload_href(request),
    }
    events = []
    if context["can_see_plan"]:
        plan = plan_for(member)
        events.append(record_view(request, member, Scope.PLAN, action="view_plan", obj=plan))
        context.update(plan_context(plan))
        context["review_form"] = ReviewForm(initial={"version": plan.revision if plan else 1})
        context.update(_care_context(request, member, plan))
    context["can_see_checkins"] = can_view(request.user, member, Scope.CHECKINS)
    if context["can_see_checkins"]:
        events.append(record_view(request, member, Scope.CHECKINS, action="view_checkins"))
        context["checkins_history"] = checkins_history(member)
        # The BAM is part of the check-ins (the same consent); its view is audited apart.
        record_view(request, member, Scope.CHECKINS, action="view_bam")
        context["bam_rows"] = trend_rows(member)
        context["bam_chart"] = bam_chart([row.result for row in context["bam_rows"]])
    # What the redisclosure notice names: the consents these views relied on.
    context["relied_on"] = [event.consent for event in events if event is not None]
    return render(request, "home/client.html", context)


def _care_context(
    request: AuthenticatedHttpRequest, member: User, plan: Plan | None
) -> dict[str, Any]:
    """Requests for more support and recommendations: part of the plan's scope (the plan's
    care-level part), shown and audited only where the plan is."""
    care = care_story(member)
    if care:
        record_view(request, member, Scope.PLAN, action="view_care_requests")
    return {
        "care": care,
        "care_current_level": current_level(plan),
        "care_levels": level_options(CARE_LEVELS),
        "outcomes": Outcome.choices,
        "recommendation_form": RecommendationForm(),
    }


@role_required(Role.COUNSELOR)
def client_history(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member, plan = client_plan(request, member_id, action="view_plan_history")
    context = history_context(request, plan)
    context["member"] = member
    context["relied_on"] = consents_relied_on(request.user, [member.pk], Scope.PLAN).values()
    return render(request, "plans/history.html", context)


@role_required(Role.MEMBER)
def contact_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    context = {"rows": contact_rows(member), "peers": help_people(member).peers}
    return render(request, "contacts/list.html", context)


def _accounting_csv(member: User, form: AccountingForm) -> StreamingHttpResponse:
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    response = StreamingHttpResponse(
        csv_lines(member, first, last), content_type="text/csv; charset=utf-8"
    )
    name = f"waypoint-accounting-{member.pk}-{first:%Y%m%d}-{last:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(allow_staff=True)
def staff_accounting(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Program admins export the accounting of disclosures for one member (audited)."""
    form = AccountingForm(request.POST or None, for_staff=True)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["email"]
        record_view(request, member, Scope.ENGAGEMENT, action="export_accounting")
        return _accounting_csv(member, form)
    return render(request, "home/accounting.html", {"form": form, "for_staff": True})


@role_required(Role.MEMBER)
def own_accounting(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """A member downloads their own accounting of disclosures."""
    form = AccountingForm(request.POST or None, for_staff=False)
    if request.method == "POST" and form.is_valid():
        return _accounting_csv(request.user, form)
    return render(request, "home/accounting.html", {"form": form, "for_staff": False})


EXPORT_FORMATS = ("json", "document", "fhir")


@role_required(Role.MEMBER)
def my_data(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Download everything Waypoint holds about me, after confirming it is me."""
    form = ConfirmIdentityForm(request.POST or None, request=request)
    if request.method == "POST":
        wanted = request.POST.get("format")
        if wanted not in EXPORT_FORMATS:
            return render(request, "home/my_data.html", {"form": form}, status=400)
        if form.is_valid():
            return _export(request.user, wanted)
    return render(request, "home/my_data.html", {"form": form})


def _export(member: User, wanted: str) -> HttpResponseBase:
    if wanted == "fhir":
        return fhir_download(member)  # the member's own: everything, streamed
    data = export(member)
    day = timezone.localdate()
    if wanted == "json":
        response = HttpResponse(as_json(data), content_type="application/json; charset=utf-8")
        name = f"waypoint-my-data-{day:%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        plan = data["plan"]
        context = {"data": data, "plan_parts": readable_plan(plan["content"]) if plan else []}
        response = HttpResponse(render_to_string("home/my_data_document.html", context))
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.MEMBER)
def close_account_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Close my account: say what goes and what stays, confirm it is me, then close."""
    form = CloseAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        close_account(request.user)
        logout(request)
        return redirect("account_closed")
    return render(request, "home/close_account.html", {"form": form})


def account_closed(request: HttpRequest) -> HttpResponse:
    """A kind goodbye, with the crisis lines: leaving Waypoint is not leaving help."""
    return render(request, "home/account_closed.html")
