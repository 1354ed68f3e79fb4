"""The nightly snapshot: closed months written once, however often it runs."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from outcomes import figures, snapshots
from outcomes.models import OutcomeCell
from outcomes.tasks import snapshot_outcomes
from tests.outcomes import program
from tests.outcomes.program import FEB, NY

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 3, 15, 12, tzinfo=NY)


@pytest.fixture
def people():
    with time_machine.travel(NOON, tick=False):
        return program.build()


def run() -> int:
    with time_machine.travel(NOON, tick=False):
        return snapshot_outcomes.delay().get()


def test_it_writes_the_eleven_closed_months_of_every_program_and_of_all(people):
    written = run()
    programs = {people["alex"].program_id, people["elsewhere"].program_id, None}
    assert written == 3 * 11 * len(figures.FIGURES) == OutcomeCell.objects.count()
    assert set(OutcomeCell.objects.values_list("program_id", flat=True)) == programs
    # The current month is never stored: the page counts it live.
    assert not OutcomeCell.objects.filter(month=date(2026, 3, 1)).exists()


def test_running_it_twice_changes_nothing(people):
    run()
    first = set(OutcomeCell.objects.values_list("program_id", "month", "figure", "value", "people"))
    assert run() == len(first)
    again = set(OutcomeCell.objects.values_list("program_id", "month", "figure", "value", "people"))
    assert again == first and OutcomeCell.objects.count() == len(first)


def test_a_snapshot_holds_what_the_figures_say(people):
    run()
    cell = OutcomeCell.objects.get(
        program_id=people["alex"].program_id, month=FEB, figure=figures.ADHERENCE
    )
    assert (cell.value, cell.people) == (34.3, 3)


def test_the_page_reads_snapshots_of_closed_months(people):
    run()
    OutcomeCell.objects.filter(figure=figures.ADHERENCE, month=FEB).update(value=12.5)
    with time_machine.travel(NOON, tick=False):
        cells = figures.by_key(snapshots.cells_for(people["alex"].program_id))
    assert cells[(figures.ADHERENCE, FEB)].value == 12.5
    # A month without a snapshot is counted live.
    OutcomeCell.objects.filter(month=FEB).delete()
    with time_machine.travel(NOON, tick=False):
        cells = figures.by_key(snapshots.cells_for(people["alex"].program_id))
    assert cells[(figures.ADHERENCE, FEB)].value == 34.3


def test_the_beat_runs_it_nightly(settings):
    entries = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "outcomes.tasks.snapshot_outcomes"
    ]
    assert len(entries) == 1
