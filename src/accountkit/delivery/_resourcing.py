"""Resourcing: demand for people and how fast it is filled, headcount, attrition."""

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs

from accountkit._checked import checked
from accountkit._ratios import rounded
from accountkit._validators import (
    check_unique_ids,
    identifier,
    optional_date,
    plain_date,
    text,
)
from accountkit.delivery._people import Person
from accountkit.errors import Problem, ValidationError
from accountkit.periods import Period, add_months

__all__ = [
    "Attrition",
    "Demand",
    "Leaver",
    "Staffing",
    "attrition",
    "headcount",
    "staffing",
]

_HUNDRED: Final = 100
_MONTHS_PER_YEAR: Final = 12


@attrs.frozen(kw_only=True)
class Demand:
    """A request for a person in a role, and whether and when it was filled.

    Parameters
    ----------
    id, role
        The request and the role asked for.
    opened_on
        When it was raised.
    requested_start
        When the person is needed from.
    filled_on, filled_by
        When it was filled and by whom (both, or neither while open).
    engagement
        The engagement it is for.
    """

    id: str = attrs.field(validator=identifier)
    role: str = attrs.field(validator=identifier)
    opened_on: date = attrs.field(validator=plain_date)
    requested_start: date = attrs.field(validator=plain_date)
    filled_on: date | None = attrs.field(default=None, validator=optional_date)
    filled_by: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(identifier)
    )
    engagement: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if (self.filled_on is None) != (self.filled_by is None):
            message = "give both filled_on and filled_by, or neither while it is open"
            raise ValidationError(message, path="filled_by", root="Demand")
        if self.filled_on is not None and self.filled_on < self.opened_on:
            message = f"{self.filled_on} is before it was opened ({self.opened_on})"
            raise ValidationError(message, path="filled_on", root="Demand")


@attrs.frozen(kw_only=True)
class Staffing:
    """How demand due in a period was met, seen on a day.

    Attributes
    ----------
    due
        Requests whose requested start falls in the period, up to the day.
    filled_in_time
        Of those, filled on or before their requested start.
    fulfilment_rate
        ``filled_in_time / due`` in percent (2 places); ``None`` when nothing
        was due.
    mean_days_to_fill
        Mean days from opening to filling, over the requests filled in the
        period (2 places); ``None`` when none was.
    open
        Ids of the requests still open on the day, oldest requested start first.
    """

    start: date
    last_day: date
    due: int
    filled_in_time: int
    fulfilment_rate: Decimal | None
    mean_days_to_fill: Decimal | None
    open: tuple[str, ...]


def _rounded(value: Fraction) -> Decimal:
    return rounded(value, 2, "ROUND_HALF_UP", where="delivery")


@checked
def staffing(demand: Sequence[Demand], *, period: Period, as_of: date) -> Staffing:
    """Return the fulfilment rate, time to fill and open demand of ``period``.

    Only what was known on ``as_of`` counts: a request filled after it is
    still open, one requested after it is not yet due.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Period
    >>> from accountkit.delivery import Demand
    >>> asks = [Demand(id="D1", role="dev", opened_on=date(2026, 1, 5),
    ...                requested_start=date(2026, 2, 2), filled_on=date(2026, 1, 26),
    ...                filled_by="ana"),
    ...         Demand(id="D2", role="dev", opened_on=date(2026, 1, 12),
    ...                requested_start=date(2026, 2, 9), filled_on=date(2026, 2, 20),
    ...                filled_by="bo"),
    ...         Demand(id="D3", role="qa", opened_on=date(2026, 2, 1),
    ...                requested_start=date(2026, 2, 16))]
    >>> seen = staffing(asks, period=Period.month(2026, 2), as_of=date(2026, 2, 28))
    >>> seen.due, seen.filled_in_time, seen.fulfilment_rate, seen.open
    (3, 1, Decimal('33.33'), ('D3',))
    """
    where = "staffing"
    seen: dict[str, int] = {}
    for index, ask in enumerate(demand):
        if ask.id in seen:
            message = f"id {ask.id!r} is used twice (demand[{seen[ask.id]}] and here)"
            raise ValidationError(message, path=("demand", index, "id"), root=where)
        seen[ask.id] = index
    known = [d for d in demand if d.opened_on <= as_of]
    due = [
        d for d in known if d.requested_start in period and d.requested_start <= as_of
    ]

    def filled(ask: Demand) -> date | None:
        return ask.filled_on if ask.filled_on and ask.filled_on <= as_of else None

    in_time = [
        d for d in due if (day := filled(d)) is not None and day <= d.requested_start
    ]
    took = [
        (day - d.opened_on).days
        for d in known
        if (day := filled(d)) is not None and day in period
    ]
    still_open = sorted(
        (d for d in known if filled(d) is None), key=lambda d: (d.requested_start, d.id)
    )
    return Staffing(
        start=period.start,
        last_day=period.end - timedelta(days=1),
        due=len(due),
        filled_in_time=len(in_time),
        fulfilment_rate=_rounded(Fraction(len(in_time) * _HUNDRED, len(due)))
        if due
        else None,
        mean_days_to_fill=_rounded(Fraction(sum(took), len(took))) if took else None,
        open=tuple(d.id for d in still_open),
    )


@attrs.frozen(kw_only=True)
class Leaver:
    """Someone who left: their last day, and whether they chose to go.

    ``last_day`` must be the :class:`Person`'s own ``last_day``: the person
    says when they stopped counting in the headcount, the leaver record why.
    """

    person: str = attrs.field(validator=identifier)
    last_day: date = attrs.field(validator=plain_date)
    voluntary: bool
    reason: str = attrs.field(default="", validator=text)


@attrs.frozen(kw_only=True)
class Attrition:
    """People who left in a period, against the average headcount.

    Attributes
    ----------
    headcount_start, headcount_end
        People employed on the period's first day and on its last.
    average_headcount
        Their mean (2 places).
    leavers
        People whose last day fell in the period.
    rate
        ``leavers / average headcount`` in percent (2 places); ``None`` with no
        one employed.
    annualised
        The rate times 12 over the period's months (simple, not compounded).
    voluntary, voluntary_rate, voluntary_annualised
        The same for the leavers who chose to go; ``None`` without leaver
        records (not recorded is not zero).
    """

    start: date
    last_day: date
    headcount_start: int
    headcount_end: int
    average_headcount: Decimal
    leavers: int
    rate: Decimal | None
    annualised: Decimal | None
    voluntary: int | None = None
    voluntary_rate: Decimal | None = None
    voluntary_annualised: Decimal | None = None


def _months(period: Period) -> int:
    months = (period.end.year - period.start.year) * _MONTHS_PER_YEAR + (
        period.end.month - period.start.month
    )
    if (
        period.start.day != 1
        or period.end.day != 1
        or add_months(period.start, months) != period.end
    ):
        message = (
            f"attrition is annualised by whole calendar months; {period.start} to "
            f"{period.end} is not (start and end on the 1st)"
        )
        raise ValidationError(message, path="period", root="attrition")
    return months


@checked
def attrition(
    people: Sequence[Person],
    *,
    period: Period,
    leavers: Sequence[Leaver] | None = None,
) -> Attrition:
    r"""Return the leavers of ``period`` over its average headcount.

    The "crude wastage" index: leavers in the period over the average number
    employed in it, times 100 (Armstrong, *A Handbook of Human Resource
    Management Practice*, on the CIPD's labour turnover index). The average is
    the mean of the headcount on the first and the last day; the annualised
    figure is simple, :math:`\text{rate} \times 12 / \text{months}`.

    With ``leavers`` (a record for everyone who left in the period, and
    none for anyone else) the voluntary leavers are counted the same way.

    Raises
    ------
    ValidationError
        If the period is not whole calendar months, ids repeat, or the leaver
        records and the people's last days disagree.

    Examples
    --------
    3 leavers in a quarter with 61 people at its start and 59 at its end
    (average 60): 5.00% for the quarter, 20.00% annualised.

    >>> from datetime import date, time
    >>> from accountkit import Money, Period
    >>> from accountkit.contracts import BusinessCalendar
    >>> from accountkit.delivery import Person, RateChange
    >>> office = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
    >>> rate = RateChange(effective_from=date(2026, 1, 1), cost_rate=Money("1", "EUR"),
    ...                   bill_rate=Money("1", "EUR"))
    >>> def hire(n, **dates):
    ...     return Person(id=f"p{n}", name=f"P{n}", role="dev", calendar=office,
    ...                   rates=(rate,), **dates)
    >>> staff = ([hire(n) for n in range(58)]
    ...          + [hire(58 + n, last_day=date(2026, 1, 31)) for n in range(3)]
    ...          + [hire(61, joined_on=date(2026, 3, 1))])
    >>> seen = attrition(staff, period=Period(date(2026, 1, 1), date(2026, 4, 1)))
    >>> seen.average_headcount, seen.leavers, seen.rate, seen.annualised
    (Decimal('60.00'), 3, Decimal('5.00'), Decimal('20.00'))
    """
    months = _months(period)
    where = "attrition"
    check_unique_ids(
        (p.id for p in people), named="people", root=where, path=("people",)
    )
    last = period.end - timedelta(days=1)
    first_count = sum(p.employed_on(period.start) for p in people)
    last_count = sum(p.employed_on(last) for p in people)
    left = [p for p in people if p.last_day is not None and p.last_day in period]
    average = Fraction(first_count + last_count, 2)
    leaving = len(left)
    chose = None if leavers is None else _voluntary(people, leavers, period)
    return Attrition(
        start=period.start,
        last_day=last,
        headcount_start=first_count,
        headcount_end=last_count,
        average_headcount=_rounded(average),
        leavers=leaving,
        rate=_share(leaving, average),
        annualised=_share(leaving * _MONTHS_PER_YEAR, average * months),
        voluntary=chose,
        voluntary_rate=None if chose is None else _share(chose, average),
        voluntary_annualised=None
        if chose is None
        else _share(chose * _MONTHS_PER_YEAR, average * months),
    )


def _share(count: int, whole: Fraction) -> Decimal | None:
    return _rounded(Fraction(count * _HUNDRED) / whole) if whole else None


def leaver_problems(
    people: Sequence[Person], leavers: Sequence[Leaver], within: Period | None
) -> Iterator[Problem]:
    """Yield where leaver records and the people's last days disagree.

    A second record for one person, a record of someone not among the
    people, a last day that is not the person's own, and a person who left
    (within ``within``, when given) without a record.
    """
    by_id = {p.id: p for p in people}
    recorded: dict[str, int] = {}
    for index, record in enumerate(leavers):
        person = by_id.get(record.person)
        if record.person in recorded:
            message = (
                f"{record.person!r} has a leaver record already "
                f"(leavers[{recorded[record.person]}])"
            )
            yield Problem(("leavers", index, "person"), message)
            continue
        recorded[record.person] = index
        if person is None:
            message = f"no person {record.person!r} among the people"
            yield Problem(("leavers", index, "person"), message)
        elif person.last_day != record.last_day:
            message = (
                f"{record.last_day}, but {record.person!r}'s last day is "
                f"{person.last_day}"
            )
            yield Problem(("leavers", index, "last_day"), message)
    for index, person in enumerate(people):
        left = person.last_day
        if (
            left is not None
            and (within is None or left in within)
            and person.id not in recorded
        ):
            message = f"left on {left} with no leaver record"
            yield Problem(("people", index, "last_day"), message)


def _voluntary(
    people: Sequence[Person], leavers: Sequence[Leaver], period: Period
) -> int:
    """Return how many leavers of ``period`` chose to go, the records checked."""
    problems = list(leaver_problems(people, leavers, period))
    if problems:
        raise ValidationError(problems=problems, root="attrition")
    return sum(r.voluntary and r.last_day in period for r in leavers)


@checked
def headcount(people: Sequence[Person], *, on: date) -> dict[str, int]:
    """Return how many people are employed on ``on``, by role (roles sorted).

    Examples
    --------
    >>> from datetime import date, time
    >>> from accountkit import Money
    >>> from accountkit.contracts import BusinessCalendar
    >>> from accountkit.delivery import Person, RateChange
    >>> office = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
    >>> rate = RateChange(effective_from=date(2026, 1, 1), cost_rate=Money("1", "EUR"),
    ...                   bill_rate=Money("1", "EUR"))
    >>> staff = [Person(id=f"p{n}", name="P", role=role, calendar=office,
    ...                 rates=(rate,), last_day=last)
    ...          for n, (role, last) in enumerate([("dev", None), ("pm", None),
    ...                                            ("dev", date(2026, 2, 27))])]
    >>> headcount(staff, on=date(2026, 2, 27)), headcount(staff, on=date(2026, 3, 2))
    ({'dev': 2, 'pm': 1}, {'dev': 1, 'pm': 1})
    """
    check_unique_ids(
        (p.id for p in people), named="people", root="headcount", path=("people",)
    )
    counts: dict[str, int] = {}
    for person in people:
        if person.employed_on(on):
            counts[person.role] = counts.get(person.role, 0) + 1
    return dict(sorted(counts.items()))
