"""On PostgreSQL the database refuses TRUNCATE of audit events too (0002 refuses UPDATE and
DELETE row by row; TRUNCATE fires no row triggers, so it needs its own statement trigger).

A trigger binds every role that does not own the table; the owner could drop it. The
README ("Security and privacy") says how an operator gives the tables a separate owner so
the app's own role cannot.
"""

from django.db import migrations

CREATE = """
CREATE TRIGGER accounts_auditevent_no_truncate
    BEFORE TRUNCATE ON accounts_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION accounts_auditevent_append_only();
"""

DROP = "DROP TRIGGER IF EXISTS accounts_auditevent_no_truncate ON accounts_auditevent;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_consent_elements")]
    operations = [migrations.RunPython(forwards, backwards)]
