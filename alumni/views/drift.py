"""Members drifting away, and outreach"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import record_list_view
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Scope
from alumni import drift as drift_rules
from alumni.views.coordinator import coordinator, coordinator_view, small_int
from core.paging import back_to, choice
from core.repeat import INVITE_BACK_REPEAT


def _over(query: QueryDict) -> str:
    """The list's "not seen for more than" span, in days: a known one or the first."""
    spans = drift_rules.spans()
    return choice(query, "over", spans, spans[0])


@coordinator_view
def drift(request: AuthenticatedHttpRequest) -> HttpResponse:
    spans = drift_rules.spans()
    days = _over(request.GET)
    found = drift_rules.drift_page(coordinator(request), int(days), request.GET.get("page"))
    rows: list[drift_rules.DriftRow] = list(found.rows)
    record_list_view(request, [r.member for r in rows], Scope.ENGAGEMENT, action="view_drift")
    context = {
        "rows": rows,
        "listing": found,
        "days": int(days),
        "spans": spans,
        "preview": drift_rules.invite_text(
            drift_rules.program_name(coordinator(request)), _("(name)")
        ),
    }
    return render(request, "alumni/drift.html", context)


def _member_ids(values: list[str]) -> list[int]:
    return sorted({n for n in map(small_int, values) if n is not None})


@require_POST
@coordinator_view
def drift_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    me = coordinator(request)
    ids = _member_ids(request.POST.getlist("members"))
    # Back to the page of the list the coordinator chose from.
    back = back_to(reverse("alumni_drift"), {"over": _over(request.POST)}, request.POST.get("page"))
    if not ids:
        messages.error(request, _("Choose at least one member first."))
        return redirect(back)
    # Only members still drifting: someone reached meanwhile is not invited again.
    members = list(drift_rules.drifting(me).filter(pk__in=ids))
    record_list_view(request, members, Scope.ENGAGEMENT, action="invite_back")
    result = drift_rules.invite_back(me, members)
    parts = [
        ngettext("Sent to %(count)d member.", "Sent to %(count)d members.", result.sent)
        % {"count": result.sent}
    ]
    if result.not_opted_in:
        parts.append(
            ngettext(
                "%(count)d skipped: they have not chosen to get program messages.",
                "%(count)d skipped: they have not chosen to get program messages.",
                result.not_opted_in,
            )
            % {"count": result.not_opted_in}
        )
    if result.recently_invited:
        parts.append(
            ngettext(
                "%(count)d skipped: already invited in the last %(days)d days.",
                "%(count)d skipped: already invited in the last %(days)d days.",
                result.recently_invited,
            )
            % {"count": result.recently_invited, "days": INVITE_BACK_REPEAT.length.days}
        )
    if result.failed:
        parts.append(
            ngettext(
                "%(count)d could not be sent; please try again later.",
                "%(count)d could not be sent; please try again later.",
                result.failed,
            )
            % {"count": result.failed}
        )
    gone = len(ids) - len(members)
    if gone:
        parts.append(
            ngettext(
                "%(count)d is no longer on the list.",
                "%(count)d are no longer on the list.",
                gone,
            )
            % {"count": gone}
        )
    level = messages.SUCCESS if result.sent else messages.WARNING
    messages.add_message(request, level, " ".join(parts))
    return redirect(back)
