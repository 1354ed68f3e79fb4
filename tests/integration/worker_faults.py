"""Test-only bootsteps, imported in a worker process by `spawn_worker(modules=...)`."""

from __future__ import annotations

from celery import bootsteps
from celery.worker.consumer import Consumer

from recovery_site.celery import app


class UnrecoverableConsumer(bootsteps.StartStopStep):
    """Fails where the measured crash failed (the consumer's start, after it connected),
    with the same error: not a connection error, so celery gives up on the worker."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, parent: Consumer) -> None:
        raise AttributeError("'NoneType' object has no attribute 'hostname'")


app.steps["consumer"].add(UnrecoverableConsumer)
