"""manage.py generate_program: a program with months of data, and its outcomes shown."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Program, Role, User
from checkins.models import CheckIn
from outcomes import figures, report, snapshots
from outcomes.suppression import Hidden

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True


def test_it_makes_a_program_whose_outcomes_show(capsys):
    call_command("generate_program", members=60, months=3, program="Small generated")
    program = Program.objects.get(name="Small generated")
    assert User.objects.filter(program=program, role=Role.MEMBER).count() == 60
    assert CheckIn.objects.filter(member__program=program).count() > 60 * 30
    assert "60 members" in capsys.readouterr().out
    snapshots.refresh(program.pk)
    sections = report.build(snapshots.cells_for(program.pk))
    shown = {s.key: s for s in sections}
    enrolled = next(f for f in shown["members"].figures if f.figure.key == figures.ENROLLED)
    assert enrolled.rows[-1].value and enrolled.rows[-1].value >= 11
    # 60 people: some months of some figures are small, and hidden.
    every = [row for s in sections for f in s.figures for row in f.rows]
    assert any(row.hidden == Hidden.SMALL for row in every)


def test_it_refuses_a_program_that_exists():
    Program.objects.create(name="Taken")
    with pytest.raises(CommandError, match="exists already"):
        call_command("generate_program", members=1, months=1, program="Taken")


def test_it_refuses_with_debug_off(settings):
    settings.DEBUG = False
    settings.WAYPOINT_BENCH = False
    with pytest.raises(CommandError, match="only runs with DEBUG"):
        call_command("generate_program", members=1, months=1)
    assert not Program.objects.exists()
