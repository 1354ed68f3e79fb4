"""The outcomes as staff read them: sections of figures, each month shown or hidden.

The page and the CSV both read `build`, so they can never disagree about what is hidden.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from outcomes import chart
from outcomes.figures import FIGURES, SECTIONS, Cell, Figure, Unit
from outcomes.suppression import Hidden, suppress, threshold


@dataclass(frozen=True)
class Shown:
    month: date
    value: float | None  # None when hidden, or nobody to compute it over
    people: int | None  # None when hidden: the count of people would give the cell away
    hidden: Hidden | None
    text: str = ""  # what the page's table says: the value with its unit, or why not
    small_k: int = 0  # the small-cell threshold, for the chart's "<11"

    @property
    def csv_value(self) -> str:
        return "" if self.value is None else _number(self.value)

    @property
    def csv_people(self) -> str:
        return "" if self.people is None else str(self.people)

    @property
    def csv_suppressed(self) -> str:
        """ "true" for a hidden cell; "false" for a shown one, including a month with
        nobody to count (value blank, people 0), which hides no one."""
        return "true" if self.hidden else "false"

    @property
    def chart_mark(self) -> str:
        """What the chart draws instead of a bar (the chart's description says which is
        which): hidden as small, hidden as complementary, or nobody to count."""
        if self.hidden == Hidden.SMALL:
            return "<" + str(self.small_k)
        if self.hidden:
            return "*"
        return chart.DASH if self.value is None else ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


@dataclass(frozen=True)
class FigureRows:
    figure: Figure
    rows: list[Shown]  # oldest month first
    chart: chart.BarChart

    @property
    def is_percent(self) -> bool:
        return self.figure.unit == Unit.PERCENT


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: list[FigureRows]


def build(cells: Iterable[Cell], k: int | None = None) -> list[Section]:
    cells = list(cells)
    k = threshold() if k is None else k
    hidden = suppress(cells, k)
    by_figure: dict[str, list[Shown]] = {key: [] for key in FIGURES}
    for cell in sorted(cells, key=lambda c: c.month):
        why = hidden.get((cell.figure, cell.month))
        value = None if why else cell.value
        by_figure[cell.figure].append(
            Shown(
                cell.month,
                value,
                None if why else cell.people,
                why,
                display(value, FIGURES[cell.figure].unit, why, k),
                k,
            )
        )
    sections = []
    for key, title in SECTIONS.items():
        rows = [
            FigureRows(
                figure,
                by_figure[figure.key],
                chart.build(
                    [(s.month, s.value) for s in by_figure[figure.key]],
                    percent=figure.unit == Unit.PERCENT,
                    marks=[s.chart_mark for s in by_figure[figure.key]],
                ),
            )
            for figure in FIGURES.values()
            if figure.section == key
        ]
        sections.append(Section(key, str(title), rows))
    return sections


CSV_HEADER = (
    "month",
    "figure",
    "label",
    "unit",
    "value",
    "people",
    "suppressed",
    "suppressed_reason",
    "definition",
    "denominator",
    "missing_data_rule",
)


def csv_lines(sections: list[Section]) -> Iterator[str]:
    """One line per month and figure. A hidden cell: value and people blank, suppressed
    "true" and why in suppressed_reason. A month with nobody to count: value blank, people
    0, suppressed "false"."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(row: Iterable[str]) -> str:
        writer.writerow(row)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(CSV_HEADER)
    for section in sections:
        for item in section.figures:
            f = item.figure
            for shown in item.rows:
                yield line(
                    (
                        shown.month.strftime("%Y-%m"),
                        f.key,
                        str(f.label),
                        f.unit,
                        shown.csv_value,
                        shown.csv_people,
                        shown.csv_suppressed,
                        shown.hidden.value if shown.hidden else "",
                        str(f.definition),
                        str(f.denominator),
                        str(f.missing),
                    )
                )


def display(value: float | None, unit: str, hidden: Hidden | None, k: int) -> str:
    """A cell as the page's table says it: the value, or why there is none (hidden as
    small, hidden as complementary, or nobody to count: three different words)."""
    if hidden == Hidden.SMALL:
        return _("fewer than %(k)s") % {"k": k}
    if hidden:
        return _("not shown")
    if value is None:
        return _("nobody to count")
    if unit == Unit.PERCENT:
        return _("%(value)s%%") % {"value": number_format(value, 1)}
    if unit == Unit.HOURS:
        return _("%(value)s h") % {"value": number_format(value, 1)}
    if unit == Unit.POINTS:
        return ("+" if value > 0 else "") + number_format(value, 1)
    return number_format(value, 0)
