"""Staff lists a page at a time, with their filters kept in the page links.

A list page costs the same whatever the list's length: only the page's rows are read in
full, audited and rendered. Filters travel in the query string by name only (a stage, a
number of days, never a member or a value from their record), so a URL in a browser's
history or a proxy's log says nothing about anyone's health.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.http import urlencode

PER_PAGE = 25


def asked_page(value: object) -> int:
    """The page a link or a form asked for: a positive whole number, otherwise 1 (Django's
    Paginator.get_page would answer 0 or -1 with the last page). A number past the end is
    kept, for the paginator's last page; one too long to be a page is past the end too."""
    text = str(value or "")
    if not (text.isascii() and text.isdigit()) or int(text[:13]) == 0:
        return 1
    return int(text) if len(text) <= 12 else 10**12


def back_to(url: str, filters: Mapping[str, str], page: object) -> str:
    """A list's URL with its filters (known names and values only, see `choice`) and page:
    where a form posted from that page returns."""
    kept = {name: value for name, value in filters.items() if value}
    number = asked_page(page)
    if number > 1:
        kept["page"] = str(number)
    return f"{url}?{urlencode(kept)}" if kept else url


def choice(query: QueryDict, name: str, allowed: Iterable[str], default: str = "") -> str:
    """A filter's value from the query string, or `default` when missing or unknown."""
    value = query.get(name, default)
    return value if value in set(allowed) else default


@dataclass(frozen=True)
class Listing:
    """One page of a list and the filters that made it, for the page links."""

    page: Page
    filters: Mapping[str, str]  # only known filter names and values (see `choice`)

    @property
    def rows(self) -> list[Any]:
        # The paginator's slice of what it was given (a list, or a QuerySet not yet read).
        return list(self.page.object_list)

    @property
    def query(self) -> str:
        """The filters as a query string prefix for a page link ("stage=mental&")."""
        kept = {name: value for name, value in self.filters.items() if value}
        return f"{urlencode(kept)}&" if kept else ""

    @property
    def numbers(self) -> list[int | str]:
        """Page numbers around the current one, with an ellipsis for the rest."""
        return list(
            self.page.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1)
        )

    @property
    def ellipsis(self) -> str:
        return str(self.page.paginator.ELLIPSIS)


def listing(
    items: Sequence[Any] | QuerySet[Any],
    page_number: object,
    filters: Mapping[str, str] | None = None,
    per_page: int = PER_PAGE,
) -> Listing:
    """The page asked for: page 1 for a page number that is not one, the last page past the
    end (Paginator.get_page), so a stale or hand-edited link never answers an error."""
    page = Paginator(items, per_page).get_page(asked_page(page_number))
    return Listing(page, dict(filters or {}))
