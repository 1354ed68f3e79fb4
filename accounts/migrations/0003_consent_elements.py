"""Consents carry every 42 CFR 2.31 element; audit events name the consent relied on.

Rows signed before this (demo and tests only; never deployed) get an expiry one year
after signing and a note in place of the words, since the exact words were not kept.
"""

from datetime import timedelta

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def fill_earlier_consents(apps, schema_editor):
    Consent = apps.get_model("accounts", "Consent")
    for consent in Consent.objects.select_related("recipient", "member__program"):
        if consent.expires_at is None:
            consent.expires_at = consent.granted_at + timedelta(days=365)
        consent.discloser = consent.discloser or getattr(settings, "WAYPOINT_PROGRAM_NAME", "")
        consent.discloser = consent.discloser or "Waypoint"
        consent.recipient_name = consent.recipient.display_name
        consent.text = (
            "Signed before Waypoint kept the exact words of each consent. "
            f"Member: {consent.member.display_name}. Shared with: {consent.recipient_name}. "
            f"Why: {consent.purpose}. Signed: {consent.signature}."
        )
        consent.save()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_audit_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="consent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.consent",
                verbose_name="under consent",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="purpose",
            field=models.CharField(blank=True, max_length=200, verbose_name="why"),
        ),
        migrations.AddField(
            model_name="consent",
            name="discloser",
            field=models.CharField(default="", max_length=200, verbose_name="disclosing program"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="consent",
            name="expiry_event",
            field=models.CharField(
                blank=True,
                choices=[
                    ("works_with_me", "when this person no longer works with me in the program")
                ],
                max_length=16,
                verbose_name="ends with",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="recipient_name",
            field=models.CharField(
                default="", max_length=80, verbose_name="recipient's name when signed"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="consent",
            name="renews",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="renewals",
                to="accounts.consent",
                verbose_name="renews",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="text",
            field=models.TextField(default="", verbose_name="the words the member signed"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="user",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="account closed"),
        ),
        migrations.AlterField(
            model_name="consent",
            name="granted_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="signed"),
        ),
        migrations.RunPython(fill_earlier_consents, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("expires_at__isnull", False), ("expiry_event", "")),
                    models.Q(("expires_at__isnull", True), ("expiry_event__in", ["works_with_me"])),
                    _connector="OR",
                ),
                name="consent_has_one_expiry",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("text", ""), _negated=True),
                    models.Q(("signature", ""), _negated=True),
                    models.Q(("discloser", ""), _negated=True),
                ),
                name="consent_is_written_and_signed",
            ),
        ),
    ]
