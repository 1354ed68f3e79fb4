"""The Celery app: configured from Django settings (CELERY_*), tasks autodiscovered."""

import os

from celery import Celery

from recovery_site.broker import outlive_redis_outages

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_site.settings")

# Before any connection is made: the worker must outlive a Redis outage (see broker.py).
outlive_redis_outages()

app = Celery("recovery_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
