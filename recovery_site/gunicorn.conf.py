"""gunicorn for the web container: its limits, and its own error page replaced by ours.

gunicorn answers by itself when a request dies outside Django: a worker killed at
`timeout`, an error in the server. Its page says "Internal Server Error" and nothing more;
a member who checked in during a bad moment would be left with that. Ours is Waypoint's
error page with the crisis lines (core.error_page), rendered once here at start from
settings alone, so it can be sent when nothing else works (no database, no Redis).

Used by the Dockerfile's CMD (and so by docker-compose's `web`):
    gunicorn --config recovery_site/gunicorn.conf.py recovery_site.wsgi:application
Command-line options win over these (the tests pass a short --timeout).
"""

import os
import sys
from pathlib import Path

# The config may be read from any directory; the project's packages sit above this file.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_site.settings")

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Requests wait at most about a second on Redis and 5 s to connect to the database
# (settings); a statement stops at 20 s, so a slow query ends in Django's own error page
# and the worker lives. gunicorn's kill at 30 s is the last resort.
timeout = 30
graceful_timeout = 30
os.environ.setdefault("WAYPOINT_STATEMENT_TIMEOUT_SECONDS", "20")
accesslog = "-"


def on_starting(server):  # gunicorn's hook, in the master before any worker is forked
    import django
    from gunicorn import util

    django.setup()
    from core import error_page

    # Workers call util.write_error through the module: they inherit this from the master.
    util.write_error = error_page.gunicorn_writer(error_page.render(), util.write_error)
