"""Paged staff lists: a page number from a link or a form, and the way back to it."""

from __future__ import annotations

import pytest

from core.paging import asked_page, back_to, listing


@pytest.mark.parametrize(
    ("asked", "page"),
    [
        ("2", 2),
        (3, 3),
        ("0", 1),
        ("-1", 1),
        ("", 1),
        (None, 1),
        ("x", 1),
        ("²", 1),
        ("1e3", 1),
        ("9" * 40, 10**12),
        ("000", 1),
    ],
)
def test_a_page_number_that_is_not_a_positive_whole_number_is_the_first_page(asked, page):
    assert asked_page(asked) == page


@pytest.mark.parametrize(("asked", "shown"), [("0", 1), ("-1", 1), ("2", 2), ("99", 3)])
def test_a_list_shows_the_first_page_for_nonsense_and_the_last_past_the_end(asked, shown):
    found = listing(list(range(60)), asked, per_page=25)
    assert found.page.number == shown
    assert found.rows[0] == (shown - 1) * 25


def test_the_way_back_keeps_known_filters_and_a_later_page_only():
    assert back_to("/alerts/", {"stage": "mental", "status": ""}, "3") == (
        "/alerts/?stage=mental&page=3"
    )
    assert back_to("/alerts/", {"stage": ""}, "1") == "/alerts/"
    assert back_to("/alerts/", {}, "-2") == "/alerts/"
