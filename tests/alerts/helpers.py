"""Builders shared by the alert tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alerts.models import Alert


def open_alert(member, stage, hours_ago, code="craving_high"):
    return Alert.objects.create(
        member=member,
        stage=stage,
        opened_at=timezone.now() - timedelta(hours=hours_ago),
        signals=[{"code": code, "explanation": f"{stage} signal for {member.display_name}"}],
    )
