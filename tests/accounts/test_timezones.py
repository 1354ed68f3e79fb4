"""The time-zone picker (accounts.timezones, used by every TimezoneField): common zones
first, in words; only zones named for a place; a saved legacy zone stays choosable."""

from __future__ import annotations

from accounts import timezones
from accounts.forms import ProfileForm
from tests.factories import UserFactory


def _names(choices) -> list[str]:
    return [name for _, group in choices for name, _ in group]


def test_the_common_zones_come_first_and_no_legacy_alias_is_offered():
    [(common_title, common), (_, everywhere)] = timezones.choices()
    assert str(common_title) == "Common in the United States"
    assert [name for name, _ in common][:5] == [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
    ]
    assert str(dict(common)["America/Denver"]) == "Mountain time (Denver, Salt Lake City)"
    names = _names(timezones.choices())
    for legacy in ("W-SU", "localtime", "US/Eastern", "Etc/GMT+5", "Factory", "posixrules"):
        assert legacy not in names
    assert "Europe/Berlin" in names and "UTC" in names
    assert len(names) == len(set(names))  # each zone once
    assert dict(everywhere)["America/Argentina/Buenos_Aires"] == "Buenos Aires (America, Argentina)"


def test_a_saved_zone_the_list_no_longer_names_stays_choosable_for_that_person(db):
    person = UserFactory(timezone="US/Mountain")
    form = ProfileForm(instance=person)
    assert "US/Mountain" in _names(form.fields["timezone"].choices)
    assert "US/Mountain" not in _names(
        ProfileForm(instance=UserFactory()).fields["timezone"].choices
    )
