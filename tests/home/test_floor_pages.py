"""The load test's floor pages exist only with the bench setting, and do almost nothing."""

from __future__ import annotations

import importlib

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse

import recovery_site.urls
from accounts.models import Program

pytestmark = pytest.mark.django_db

FLOORS = ("/bench/floor/", "/bench/floor/signed-in/")


def _routes() -> None:
    importlib.reload(recovery_site.urls)
    clear_url_caches()


@pytest.fixture
def bench_on(settings):
    settings.WAYPOINT_BENCH = True
    _routes()
    yield
    settings.WAYPOINT_BENCH = False
    _routes()


@pytest.mark.parametrize("url", FLOORS)
def test_without_the_bench_setting_the_floors_are_not_found(client, member, url):
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404


def test_without_the_bench_setting_no_url_is_named_for_them():
    for name in ("bench_floor", "bench_floor_signed_in"):
        with pytest.raises(NoReverseMatch):
            reverse(name)


def test_the_anonymous_floor_makes_one_query(bench_on, client, django_assert_num_queries):
    Program.objects.create(name="Riverside")
    with django_assert_num_queries(1):
        response = client.get("/bench/floor/")
    assert (response.status_code, response.content) == (200, b"ok")


def test_the_signed_in_floor_loads_the_session_and_the_user_only(
    bench_on, client, member, django_assert_num_queries
):
    client.force_login(member)
    client.get("/bench/floor/signed-in/")  # the session's second step is settled once
    with django_assert_num_queries(2):
        response = client.get("/bench/floor/signed-in/")
    assert (response.status_code, response.content) == (200, b"signed in")


def test_the_signed_in_floor_sends_anyone_else_to_sign_in(bench_on, client):
    response = client.get("/bench/floor/signed-in/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
