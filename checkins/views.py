from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import viewers_of
from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, Scope
from checkins import events
from checkins.forms import CheckInForm, ReflectionForm, UseReportForm
from checkins.history import history
from checkins.lessons import LESSONS, TRIGGER_KIND_KEYS, in_plan
from checkins.models import CheckIn, UseReport
from checkins.progress import local_date
from checkins.reports import open_report, own_report
from checkins.responses import people_to_reach, plan_content
from checkins.tasks import asked_recently, tell_counselors
from core.enqueue import enqueue_on_commit
from plans.sections import BY_KEY
from plans.versions import StaleEdit, plan_for, save_section


@role_required(Role.MEMBER)
def checkin(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    today = local_date(member.timezone)
    existing = CheckIn.objects.on(member, today).first()
    plan = plan_content(member)
    form = CheckInForm(
        request.POST or None,
        instance=existing or CheckIn(member=member, local_date=today),
        signs=plan.get("warning_signs") or [],
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save()
        except IntegrityError:
            # Another tab saved today's check-in a moment ago: keep that one, say so.
            messages.info(request, _("Today's check-in was already saved. Here it is to update."))
            return redirect("checkin")
        events.recorded.send(sender=CheckIn, member_id=member.pk)
        if saved.used_today and not saved.self_harm:
            return redirect("use_safety")  # after a "yes" to self-harm, 988 comes first
        return redirect("checkin_response")
    context = {"form": form, "existing": existing, "today": today}
    return render(request, "checkins/checkin.html", context)


@role_required(Role.MEMBER)
def checkin_history(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "checkins/history.html", history(request.user))


# --- Return to use ----------------------------------------------------------------------


# The safety page itself (public, and where the first tap records the report) and the
# report page are in home/views.py: in the first 24 hours they show the next meeting and
# the peer supporter, from alumni, above check-ins.


@role_required(Role.MEMBER)
def use_tell(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    # The care team, exactly whom tell_counselors emails (see there why engagement scope).
    counselors = viewers_of(member, Scope.ENGAGEMENT, role=Role.COUNSELOR)
    names = [c.display_name for c in counselors.order_by("display_name")]
    message = _(
        "%(name)s asked Waypoint to let you know they're going through a hard time right now "
        "and would like to hear from you soon."
    ) % {"name": member.display_name}
    if request.method == "POST" and names:
        # Say what happens: within the repeat window the earlier email stands, no second one.
        if asked_recently(member):
            messages.info(
                request,
                _(
                    "You asked a little while ago, so that email stands. Waypoint doesn't send it twice."
                ),
            )
        else:
            enqueue_on_commit(tell_counselors, member.pk)
            messages.success(
                request, _("Sent to Waypoint's outbox: your counselor gets it by email.")
            )
        return redirect("use_record")
    context = {
        "contacts": people_to_reach(member, plan_content(member)),
        "counselors": names,
        "message": message,
        "text_message": _("I'm having a hard time right now. Could you call me when you can?"),
    }
    return render(request, "checkins/use_tell.html", context)


@role_required(Role.MEMBER)
def use_record(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    # The report "I used" made at the tap gets these details, rather than a second report.
    tapped = open_report(member)
    # Shown in the member's own time zone (the middleware activates it).
    initial = {"occurred_at": tapped.occurred_at if tapped else timezone.now()}
    form = UseReportForm(
        request.POST or None, instance=tapped or UseReport(member=member), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        report.local_date = local_date(member.timezone, report.occurred_at)
        report.save()
        # A report of use is evaluated at once: the physical stage reaches people in minutes.
        events.recorded.send(sender=UseReport, member_id=member.pk)
        return redirect("use_report", report_id=report.pk)
    return render(request, "checkins/use_record.html", {"form": form, "tapped": tapped})


def _own_report(request: AuthenticatedHttpRequest, report_id: int) -> UseReport:
    return own_report(request.user, report_id)


@role_required(Role.MEMBER)
def use_reflect(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    report = _own_report(request, report_id)
    form = ReflectionForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved. Thank you for looking at it with curiosity."))
        return redirect("use_report", report_id=report.pk)
    return render(request, "checkins/use_reflect.html", {"form": form, "report": report})


@require_POST
@role_required(Role.MEMBER)
def use_to_plan(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    """Carry a lesson of the reflection into the plan as a new line the member can reword."""
    member = request.user
    report = _own_report(request, report_id)
    lesson = LESSONS.get(request.POST.get("lesson", ""))
    if lesson is None:
        messages.error(request, _("Choose what to add to your plan."))
        return redirect("use_report", report_id=report.pk)
    key, make = lesson
    kind = request.POST.get("kind", "")
    item = {"id": None, **make(report, kind)}
    if not item["text"]:
        messages.error(request, _("Write that part of your reflection first."))
        return redirect("use_reflect", report_id=report.pk)
    if key == "triggers" and kind not in TRIGGER_KIND_KEYS:
        messages.error(
            request, _("Choose whether the trigger came from inside you or from around you.")
        )
        return redirect("use_report", report_id=report.pk)
    plan = plan_for(member)
    current = plan.items(key) if plan else []
    if plan and in_plan(plan.content, key, item):
        # A second press, or the page opened before the first: the line is there once.
        messages.info(request, _("Already in “%(section)s”.") % {"section": BY_KEY[key].title})
        return redirect("use_report", report_id=report.pk)
    try:
        save_section(
            member,
            key,
            [*current, item],
            author=member,
            base_revision=plan.revision if plan else 0,
            finished=bool(plan and key in plan.finished_sections),
        )
    except StaleEdit:
        messages.error(request, _("Your plan changed a moment ago. Please try again."))
        return redirect("use_report", report_id=report.pk)
    messages.success(
        request,
        _("Added to “%(section)s”. Reword it if you like.") % {"section": BY_KEY[key].title},
    )
    return redirect(reverse("plan_section", args=[key]))


# --- Counselor: alerts ----------------------------------------------------------------------
