"""The caseload shows each part of a client's record only where it is shared, and audits it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import AuditEvent, Consent, Scope
from alerts.models import Alert
from plans.versions import write_plan
from tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("plan", "alerts"), [(True, True), (True, False), (False, True), (False, False)]
)
def test_plan_state_and_alert_stage_show_and_are_audited_only_where_shared(
    client, member, counselor, plan, alerts
):
    write_plan(member, {"reasons": [{"text": "x"}]}, author=member, finished=[])
    Alert.objects.create(member=member, stage="physical", opened_at=timezone.now(), signals=[])
    Consent.objects.get(member=member).revoke()
    ConsentFactory(member=member, recipient=counselor, scope_plan=plan, scope_alerts=alerts)
    client.force_login(counselor)

    response = client.get("/counselor/")

    page = response.content.decode()
    [row] = response.context["clients"]
    assert row.client == member and member.display_name in page
    assert ("In progress" in page) is plan
    assert ("Not shared with you" in page) is not plan
    assert ("Physical stage" in page) is alerts
    audited = set(AuditEvent.objects.filter(actor=counselor, member=member).values_list("scope"))
    assert audited == {(s,) for s, shown in [(Scope.PLAN, plan), (Scope.ALERTS, alerts)] if shown}
