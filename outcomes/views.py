"""The program outcomes page and its CSV, for the program's staff.

De-identified: counts and rates of many people, never a person, so the access gate's
per-member rows do not apply. That staff opened or downloaded the report is recorded on
their own audit trail (accounts.account_events), where an operator reads it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.account_events import record_account_event
from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, User, program_today
from outcomes import report, snapshots
from outcomes.suppression import threshold

STAFF = (Role.COUNSELOR, Role.COORDINATOR)
VIEWED, DOWNLOADED = "outcomes_viewed", "outcomes_downloaded"


def program_of(user: User) -> int | None:
    """Whose outcomes this person sees: their program's; a program admin outside any
    program sees the whole deployment (None). Staff of no program see none."""
    if user.program_id is not None:
        return user.program_id
    if user.is_staff:
        return None
    raise PermissionDenied


def _report(request: AuthenticatedHttpRequest, action: str) -> tuple[int | None, list]:
    """The figures this person may see, the look recorded on their own trail."""
    program_id = program_of(request.user)
    sections = report.build(snapshots.cells_for(program_id))
    record_account_event(request, request.user, action, actor=request.user)
    return program_id, sections


@require_GET
@role_required(*STAFF, allow_staff=True)
def outcomes_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    program_id, sections = _report(request, VIEWED)
    context = {
        "sections": sections,
        "program": request.user.program if program_id is not None else None,
        "small": threshold(),
        "today": program_today(),
        "months": snapshots.MONTHS,
    }
    return render(request, "outcomes/page.html", context)


@require_GET
@role_required(*STAFF, allow_staff=True)
def outcomes_csv(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    _program_id, sections = _report(request, DOWNLOADED)
    response = StreamingHttpResponse(
        report.csv_lines(sections), content_type="text/csv; charset=utf-8"
    )
    name = f"waypoint-outcomes-{program_today():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
