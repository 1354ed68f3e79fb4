"""The published Questionnaires (public) and a counselor's download of a client's Bundle.

The member's own download is a format of "My data" (home.views.my_data), behind the same
password confirmation as the other files; both downloads end in `download`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import can_view, record_refusal, record_view
from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, Scope, User
from fhir_export import bundle, codes
from fhir_export.questionnaires import BAM_ID, CHECKIN_ID, bam_questionnaire, checkin_questionnaire

PUBLISHED = {CHECKIN_ID: checkin_questionnaire, BAM_ID: bam_questionnaire}
# A client's Bundle holds the plan and the check-ins (with the BAM): both must be shared.
NEEDS = (Scope.PLAN, Scope.CHECKINS)
ACTION = "fhir_export"
BATCH = 64 * 1024  # characters per write: one per entry would be hundreds of tiny writes


def batched(pieces: Iterable[str], size: int = BATCH) -> Iterator[str]:
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


@require_GET
def questionnaire(request: HttpRequest, questionnaire_id: str) -> HttpResponse:
    build = PUBLISHED.get(questionnaire_id)
    if build is None:
        raise Http404("No such Questionnaire")
    body = json.dumps(build(), ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type=f"{codes.FHIR_JSON}; charset=utf-8")


def download(member: User, reader: User | None = None) -> StreamingHttpResponse:
    """The Bundle as a file; its name says neither whose it is nor what is in it."""
    response = StreamingHttpResponse(
        batched(bundle.stream(member, reader)), content_type=f"{codes.FHIR_JSON}; charset=utf-8"
    )
    name = f"waypoint-fhir-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(Role.COUNSELOR)
def client_bundle(request: AuthenticatedHttpRequest, member_id: int) -> StreamingHttpResponse:
    """A POST (with CSRF), so no link, prefetch or crawler can start a disclosure."""
    member = get_object_or_404(User, pk=member_id, role=Role.MEMBER)
    if not can_view(request.user, member, Scope.ENGAGEMENT):
        record_refusal(request, member, Scope.ENGAGEMENT, action=ACTION)
        raise Http404("No such member")  # off the care team: not even that they exist
    missing = [scope for scope in NEEDS if not can_view(request.user, member, scope)]
    for scope in missing:
        record_refusal(request, member, scope, action=ACTION)
    if missing:
        raise PermissionDenied
    for scope in NEEDS:
        record_view(request, member, scope, action=ACTION)
    return download(member, request.user)
