from datetime import time

from django.db import migrations


def add_default_reminders(apps, schema_editor):
    """Members who joined before reminders existed get the same evening reminder as new ones."""
    User = apps.get_model("accounts", "User")
    ReminderSchedule = apps.get_model("checkins", "ReminderSchedule")
    ReminderSettings = apps.get_model("checkins", "ReminderSettings")
    members = User.objects.filter(role="member").exclude(reminder_schedules__isnull=False)
    ids = list(members.values_list("pk", flat=True))
    ReminderSchedule.objects.bulk_create(
        [ReminderSchedule(member_id=pk, local_time=time(19, 0), weekdays=0b1111111) for pk in ids]
    )
    ReminderSettings.objects.bulk_create(
        [ReminderSettings(member_id=pk) for pk in ids], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("checkins", "0003_reminders_and_notices")]

    operations = [migrations.RunPython(add_default_reminders, migrations.RunPython.noop)]
