"""Fault scripts: break one server under load, then count what people got.

Each scenario runs on servers this package starts itself on spare ports (PostgreSQL, Redis,
an SMTP sink, gunicorn, a Celery worker and beat), never the shared ones on 5432/6379.
`python bench/faults/run.py [scenario ...]` runs them (all by default) and prints one table.
"""
