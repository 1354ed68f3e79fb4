"""Time zones for people (core/zones.py): one name for each zone, in the reader's language,
in the picker (every TimezoneField, the admin's too) and on every page; the stored value
stays the IANA name."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from accounts.forms import ProfileForm
from accounts.models import Role
from core import zones
from tests.factories import UserFactory


def _names(choices) -> list[str]:
    return [name for _, group in choices for name, _ in group]


def _labels(choices) -> dict[str, str]:
    return {name: str(label) for _, group in choices for name, label in group}


def test_the_common_zones_come_first_and_no_legacy_alias_is_offered():
    [(common_title, common), _everywhere] = zones.choices()
    assert str(common_title) == "Common in the United States"
    assert [name for name, _ in common] == [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
        "America/Puerto_Rico",
    ]
    names = _names(zones.choices())
    for legacy in ("W-SU", "localtime", "US/Eastern", "Etc/GMT+5", "Factory", "posixrules"):
        assert legacy not in names
    assert "Europe/Berlin" in names and "UTC" in names
    assert len(names) == len(set(names))  # each zone once


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                "America/New_York": "Eastern time (New York, Atlanta, Miami)",
                "America/Denver": "Mountain time (Denver, Salt Lake City)",
                "America/Puerto_Rico": "Atlantic time (Puerto Rico)",
                "Africa/Abidjan": "Abidjan (Africa)",
                "America/Argentina/Buenos_Aires": "Buenos Aires (America, Argentina)",
                "America/North_Dakota/New_Salem": "New Salem (America, North Dakota)",
                "Indian/Maldives": "Maldives (Indian Ocean)",
                "Europe/Madrid": "Madrid (Europe)",
            },
        ),
        (
            "es",
            {
                "America/New_York": "Hora del Este (Nueva York, Atlanta, Miami)",
                "America/Denver": "Hora de la Montaña (Denver, Salt Lake City)",
                "America/Puerto_Rico": "Hora del Atlántico (Puerto Rico)",
                "Africa/Abidjan": "Abidjan (África)",
                "America/Argentina/Buenos_Aires": "Buenos Aires (América, Argentina)",
                "America/North_Dakota/New_Salem": "New Salem (América, Dakota del Norte)",
                "Indian/Maldives": "Maldives (océano Índico)",
                "Europe/Madrid": "Madrid (Europa)",
            },
        ),
    ],
)
def test_the_picker_names_each_zone_in_the_readers_language(language, expected):
    with translation.override(language):
        labels = _labels(zones.choices())
        for name, label in expected.items():
            assert labels[name] == label
            assert zones.zone_name(name) == label  # the pages use the same words


def test_every_language_offers_the_same_stored_values():
    with translation.override("en"):
        english = _names(zones.choices())
    with translation.override("es"):
        spanish = _names(zones.choices())
    assert set(english) == set(spanish)
    # No region is left in English in Spanish (a word missing from REGIONS would be).
    with translation.override("es"):
        labels = _labels(zones.choices()).values()
    for english_only in ("(Africa", "(America", "(Europe", "(Antarctica", "Ocean)"):
        assert not any(english_only in label for label in labels)


def test_a_form_made_in_one_language_names_the_zones_in_the_language_it_is_drawn_in(db):
    # TimezoneField is made once, at import: its names must follow each request's language.
    person = UserFactory(role=Role.MEMBER)
    with translation.override("en"):
        form = ProfileForm(instance=person)
    with translation.override("es"):
        html = str(form["timezone"])
    assert '<option value="Africa/Abidjan">Abidjan (África)</option>' in html
    assert "Hora del Este (Nueva York, Atlanta, Miami)</option>" in html


def test_a_saved_zone_the_list_no_longer_names_stays_choosable_for_that_person(db):
    person = UserFactory(timezone="US/Mountain")
    form = ProfileForm(instance=person)
    assert "US/Mountain" in _names(form.fields["timezone"].choices)
    assert "US/Mountain" not in _names(
        ProfileForm(instance=UserFactory()).fields["timezone"].choices
    )


def test_the_admin_chooses_zones_from_the_same_picker(client, db):
    admin = UserFactory(role=Role.COORDINATOR, is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    person = UserFactory(role=Role.MEMBER, timezone="US/Mountain")
    client.force_login(admin)
    added = client.get("/admin/accounts/user/add/").content.decode()
    assert '<option value="America/Chicago">Central time (Chicago, Dallas, Houston)</option>' in (
        added
    )
    changed = client.get(f"/admin/accounts/user/{person.pk}/change/").content.decode()
    assert '<option value="US/Mountain" selected>Mountain (US)</option>' in changed
