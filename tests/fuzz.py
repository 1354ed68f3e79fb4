"""Shared pieces of the property-based form tests (hypothesis), one module per form family.

Every form gets random, oversized, unicode, control-character (NUL included) and markup
input. Whatever arrives: never a 500; refused input shows a message and stores nothing;
accepted markup is shown escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

# Modest counts: the whole suite must stay fast on two shared cores.
FORM_SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: a failure is reproducible in CI
)

# Markup that must never reach a page as markup.
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<b>bold</b>",
    "</textarea><svg onload=alert(1)>",
]
_markup = st.sampled_from(MARKUP)
_hidden = st.characters(categories=["Cc", "Cf"])  # NUL, escapes, bidi overrides, zero-width
_oversized = st.builds(
    lambda chunk, times: chunk * times, st.text(min_size=1, max_size=4), st.integers(300, 3000)
)

text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.one_of(_hidden, st.characters()), max_size=20),
    st.builds(lambda a, m, b: f"{a}{m}{b}", st.text(max_size=8), _markup, st.text(max_size=8)),
    _oversized,
    st.sampled_from(["", " ", "\x00", "a\x00b", "Ro\u202ebin", "Ro\u200bbin", "\r\n\r\n"]),
)
dates = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "", "tomorrow", "\x00"]),
    st.text(max_size=12),
)
choices_or_junk: Callable[[list[str]], st.SearchStrategy[str]] = lambda values: st.one_of(  # noqa: E731
    st.sampled_from(values), st.text(max_size=10)
)

# How each page says "this needs changing": crispy's field errors, an error summary, a
# message, or Django's error list.
ERROR_MARKS = (
    "invalid-feedback",
    "alert-danger",
    "alert-warning",
    "data-error-summary",
    "errorlist",
)


@contextmanager
def rolled_back() -> Iterator[None]:
    """One example's requests and rows, undone so the next example starts the same."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def shows_an_error(content: str) -> bool:
    return any(mark in content for mark in ERROR_MARKS)


def markup_escaped(values: list[Any], page: str) -> list[str]:
    """The markup among `values` that the page shows as markup instead of as text."""
    raw = [m for v in values if isinstance(v, str) for m in MARKUP if m in v]
    return [m for m in raw if m in page or escape(m) not in page]


def submit(
    client: Any, url: str, data: dict[str, Any], stored: Callable[[], Any], *, not_found=False
) -> tuple[bool, Any]:
    """POST once and return (accepted, response).

    Accepted: what `stored` reads changed, or the page said it was saved. Refused: the form
    came back with a message (or, after a redirect, the next page says why), and what
    `stored` reads is as before. `not_found` allows a 404 for ids that are not the poster's.
    """
    before = stored()
    response = client.post(url, data)
    assert response.status_code < 500
    if response.status_code == 302:
        page = client.get(response.url, follow=True)
        said = [m.level_tag for m in page.context["messages"]] if page.context else []
        if stored() != before or "success" in said:
            event("accepted")
            return True, response
        event("refused after a redirect")
        assert said, f"refused without a message: {data!r}"
        return False, response
    event("refused")
    content = response.content.decode()
    if not (not_found and response.status_code == 404):
        assert response.status_code in (200, 400), response.status_code
        assert shows_an_error(content), f"refused without a message: {data!r}"
    assert stored() == before, f"refused but stored: {data!r}"
    return False, response


def one_field_changed(
    base: dict[str, Any], fields: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    """A good form with one or two of its fields replaced by anything."""
    names = sorted(fields)

    def change(picked: list[str]) -> st.SearchStrategy[dict[str, Any]]:
        return st.fixed_dictionaries({k: fields[k] for k in picked}).map(lambda v: {**base, **v})

    return st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True).flatmap(change)
