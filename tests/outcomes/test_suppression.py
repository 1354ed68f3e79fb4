"""Small cells are hidden, and so is any cell that would give one away."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from outcomes import figures
from outcomes.figures import Cell
from outcomes.suppression import Hidden, is_small, suppress

MONTH = date(2026, 2, 1)
PARTS = tuple(figures.ALERTS.values())


def alerts(*people: int, total_people: int | None = None) -> list[Cell]:
    """One cell per stage (value = people, for simplicity) and their total."""
    cells = [Cell(key, MONTH, n, n) for key, n in zip(PARTS, people, strict=True)]
    total = sum(people)
    cells.append(Cell(figures.ALERTS_TOTAL, MONTH, total, total_people or total))
    return cells


def test_fewer_than_eleven_people_is_hidden_and_eleven_is_shown():
    cells = [Cell(figures.ENROLLED, MONTH, 10, 10), Cell(figures.ACTIVE, MONTH, 11, 11)]
    assert suppress(cells, 11) == {(figures.ENROLLED, MONTH): Hidden.SMALL}


def test_nobody_is_shown():
    assert suppress([Cell(figures.ESCALATIONS, MONTH, 0, 0)], 11) == {}


def test_a_share_of_people_hides_when_either_side_is_small():
    kept = Cell(figures.RETENTION[30], MONTH, 92.5, 40, least=3)
    assert is_small(kept, 11)
    assert not is_small(Cell(figures.RETENTION[30], MONTH, 50.0, 40, least=20), 11)


def test_a_share_of_a_few_people_hides_whatever_its_value():
    # The tester's case: 0 of 3 alumni came to an event. 0 came, but it is about 3 people.
    assert is_small(Cell(figures.ALUMNI, MONTH, 0.0, 3, least=0), 11)
    assert is_small(Cell(figures.RETENTION[30], MONTH, 100.0, 5, least=0), 11)
    assert not is_small(Cell(figures.ALUMNI, MONTH, 0.0, 40, least=0), 11)


def test_the_threshold_is_the_setting(settings):
    settings.WAYPOINT_SMALL_CELL = 5
    assert suppress([Cell(figures.ENROLLED, MONTH, 6, 6)]) == {}
    assert suppress([Cell(figures.ENROLLED, MONTH, 4, 4)]) == {
        (figures.ENROLLED, MONTH): Hidden.SMALL
    }


def test_one_hidden_stage_hides_the_next_smallest_so_the_total_cannot_give_it_away():
    hidden = suppress(alerts(3, 40, 20), 11)
    assert hidden == {
        (PARTS[0], MONTH): Hidden.SMALL,
        (PARTS[2], MONTH): Hidden.COMPLEMENTARY,
    }


def test_two_hidden_stages_need_nothing_more():
    assert set(suppress(alerts(3, 4, 20), 11)) == {(PARTS[0], MONTH), (PARTS[1], MONTH)}


def test_a_linked_cell_hides_what_it_can_be_worked_out_from():
    cells = [
        Cell(figures.SOBER_REPORTED, MONTH, 90.0, 5),
        Cell(figures.SOBER_ALL, MONTH, 30.0, 40),
        Cell(figures.UNKNOWN, MONTH, 60.0, 40),
    ]
    assert suppress(cells, 11) == {
        (figures.SOBER_REPORTED, MONTH): Hidden.SMALL,
        (figures.SOBER_ALL, MONTH): Hidden.COMPLEMENTARY,
    }


@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=3),
    st.integers(min_value=1, max_value=15),
)
def test_no_hidden_stage_can_be_recovered_from_the_total(people, k):
    cells = alerts(*people)
    hidden = suppress(cells, k)
    # Every small cell is hidden.
    assert all((c.figure, c.month) in hidden for c in cells if 0 < c.people < k)
    # Shown total: never exactly one hidden part (total - shown parts would be it).
    if (figures.ALERTS_TOTAL, MONTH) not in hidden:
        assert sum((p, MONTH) in hidden for p in PARTS) != 1


@given(
    st.lists(
        st.tuples(
            st.lists(st.integers(min_value=0, max_value=25), min_size=3, max_size=3),
            st.integers(min_value=0, max_value=25),  # members with a reported day
            st.integers(min_value=0, max_value=25),  # enrolled members
        ),
        min_size=1,
        max_size=4,
    )
)
def test_over_several_months_no_small_cell_shows_or_can_be_worked_out(months):
    cells: list[Cell] = []
    for index, (stages, reporting, enrolled) in enumerate(months):
        month = date(2026, index + 1, 1)
        cells += [Cell(k, month, n, n) for k, n in zip(PARTS, stages, strict=True)]
        cells.append(Cell(figures.ALERTS_TOTAL, month, sum(stages), sum(stages)))
        cells.append(Cell(figures.SOBER_REPORTED, month, 80.0, reporting))
        cells.append(Cell(figures.SOBER_ALL, month, 40.0, enrolled))
    hidden = suppress(cells, 11)
    for cell in cells:
        if 0 < cell.people < 11:
            assert (cell.figure, cell.month) in hidden
    for index in range(len(months)):
        month = date(2026, index + 1, 1)
        if (figures.ALERTS_TOTAL, month) not in hidden:
            assert sum((p, month) in hidden for p in PARTS) != 1
        if (figures.SOBER_REPORTED, month) in hidden:
            assert (figures.SOBER_ALL, month) in hidden
