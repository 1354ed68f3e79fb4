"""The counselor's alert inbox"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import record_list_view, record_view
from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, Scope
from alerts.evaluation import WrongState, acknowledge, resolve
from alerts.inbox import inbox, notices, plan_steps, trends, waiting_in_program
from alerts.models import Alert


@role_required(Role.COUNSELOR)
def alert_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    counselor = request.user
    alerts = list(inbox(counselor))
    record_list_view(
        request,
        list({a.member_id: a.member for a in alerts}.values()),
        Scope.ALERTS,
        action="view_alerts",
    )
    steps, told, trend = plan_steps(alerts), notices(alerts), trends(counselor, alerts)
    record_list_view(
        request,
        list({a.member_id: a.member for a in alerts if a.member_id in trend}.values()),
        Scope.CHECKINS,
        action="view_alert_trend",
    )
    for alert in alerts:
        alert.steps = steps.get(alert.member_id, [])  # type: ignore[attr-defined]
        alert.told = told.get(alert.pk, [])  # type: ignore[attr-defined]
        alert.trend = trend.get(alert.member_id, [])  # type: ignore[attr-defined]
    context = {"alerts": alerts, "waiting": waiting_in_program(counselor)}
    return render(request, "alerts/inbox.html", context)


def _inbox_alert(request: AuthenticatedHttpRequest, alert_id: int) -> Alert:
    # Only alerts the gate lets this counselor see; anything else is "not found".
    return get_object_or_404(inbox(request.user), pk=alert_id)


@require_POST
@role_required(Role.COUNSELOR)
def alert_update(request: AuthenticatedHttpRequest, alert_id: int) -> HttpResponse:
    alert = _inbox_alert(request, alert_id)
    note = request.POST.get("note", "").strip()[:1000]
    step = acknowledge if request.POST.get("action") == "acknowledge" else resolve
    try:
        step(alert.pk, request.user, note)
    except WrongState:
        messages.info(request, _("Someone else updated this alert a moment ago."))
        return redirect("alert_inbox")
    record_view(request, alert.member, Scope.ALERTS, action=f"{step.__name__}_alert", obj=alert)
    done = _("Acknowledged.") if step is acknowledge else _("Resolved.")
    messages.success(request, done)
    return redirect("alert_inbox")
