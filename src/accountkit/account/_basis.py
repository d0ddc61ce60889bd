"""What every area of the review shares: flags, thresholds and rounding.

Each area of the review (service, receivables, revenue, contracts, wallet,
relationships, growth, escalations) is a module of its own that computes its
position, the raw values of the health measures it knows, and its flags; it
describes itself as a :class:`ReviewArea`, and :func:`~accountkit.account.review`
runs the areas in order.
"""

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, Generic, TypeVar

import attrs

from accountkit._validators import (
    count,
    decimal,
    fraction_between,
    real_number,
)
from accountkit.account._model import Account
from accountkit.money import Money

__all__ = [
    "HUNDRED",
    "MONTHS",
    "PLACES",
    "REVIEW_DAYS",
    "THRESHOLDS",
    "YEAR_DAYS",
    "Area",
    "Flag",
    "Priority",
    "ReviewArea",
    "Thresholds",
    "as_percent",
    "day_text",
    "month_text",
    "percent",
    "rounded",
    "span_text",
    "zero",
]

REVIEW_DAYS: Final = (date(2, 1, 1), date(9998, 12, 31))
"""The first and last day a review can be made as of: it looks a year and six
months back and 120 days ahead, and the calendar runs from year 1 to 9999."""

PLACES = Decimal("0.01")
"""Percentages and days in a review are rounded half-up to 2 places."""
HUNDRED = Decimal(100)
YEAR_DAYS = 365


_PERCENT = fraction_between(Decimal(0), Decimal(100), meaning="a percentage")
_DAYS = fraction_between(Decimal(0), Decimal(3650), meaning="days")
_SHARE = fraction_between(Decimal(0), Decimal(1), meaning="a fraction")


def _share_of_weight(
    instance: object, attribute: "attrs.Attribute[float]", value: object
) -> None:
    real_number(
        value, where=type(instance).__name__, path=attribute.name, low=0, high=1
    )


@attrs.frozen(kw_only=True)
class Thresholds:
    """Where a review raises a flag; the defaults are documented on each.

    Percentages run from 0 to 100, fractions from 0 to 1; anything else (NaN,
    a negative share) is refused with the bound in the message.
    """

    sla_attainment: Decimal = attrs.field(
        default=Decimal(95), converter=decimal, validator=_PERCENT
    )
    """Flag service levels met less often than this (%) over 12 months."""
    credit_share: Decimal = attrs.field(
        default=Decimal(2), converter=decimal, validator=_PERCENT
    )
    """Flag credits above this share of fees (%) this year."""
    over_30_watch: Decimal = attrs.field(
        default=Decimal(10), converter=decimal, validator=_PERCENT
    )
    """Flag receivables more than 30 days overdue above this share (%)..."""
    over_30_now: Decimal = attrs.field(
        default=Decimal(20), converter=decimal, validator=_PERCENT
    )
    """... and act now above this share."""
    debtor_days_watch: Decimal = attrs.field(
        default=Decimal(45), converter=decimal, validator=_DAYS
    )
    """Flag debtor days above this..."""
    debtor_days_now: Decimal = attrs.field(
        default=Decimal(60), converter=decimal, validator=_DAYS
    )
    """... and act now above this."""
    attainment_watch: Decimal = attrs.field(
        default=Decimal(97), converter=decimal, validator=_PERCENT
    )
    """Flag billing below this share (%) of what the contracts schedule..."""
    attainment_now: Decimal = attrs.field(
        default=Decimal(90), converter=decimal, validator=_PERCENT
    )
    """... and act now below this."""
    plan_shortfall: Decimal = attrs.field(
        default=Decimal("0.05"), converter=decimal, validator=_SHARE
    )
    """Flag a year-end projection short of plan by more than this fraction."""
    wallet_fall: Decimal = attrs.field(
        default=Decimal(2), converter=decimal, validator=_PERCENT
    )
    """Flag a share of wallet that fell this many points or more in a year."""
    win_rate: Decimal = attrs.field(
        default=Decimal(25), converter=decimal, validator=_PERCENT
    )
    """Flag a win rate below this (%)."""
    completeness: float = attrs.field(default=0.75, validator=_share_of_weight)
    """Flag a health score resting on less than this share of its weight."""
    colour_completeness: float = attrs.field(default=0.5, validator=_share_of_weight)
    """Give no colour ("insufficient data") to a health score resting on less
    than this share of its weight."""
    escalation_days: int = attrs.field(default=30, validator=count)
    """Flag a medium or low escalation open longer than this."""
    utilisation: Decimal = attrs.field(
        default=Decimal(65), converter=decimal, validator=_PERCENT
    )
    """Flag a team utilisation (billable over available hours, the last three
    months) below this (%)."""
    realisation: Decimal = attrs.field(
        default=Decimal(85), converter=decimal, validator=_PERCENT
    )
    """Flag a realisation (billed over the standard value of the billable
    hours, the last three months) below this (%)."""
    non_billable: Decimal = attrs.field(
        default=Decimal(15), converter=decimal, validator=_PERCENT
    )
    """Flag an engagement whose non-billable hours in the last three months
    are above this share of its hours (%)."""
    margin_gap: Decimal = attrs.field(
        default=Decimal(5), converter=decimal, validator=_PERCENT
    )
    """Flag a client P&L margin this year more than this many points below
    the plan's margin."""
    cpi_watch: Decimal = attrs.field(
        default=Decimal("0.95"), converter=decimal, validator=_SHARE
    )
    """Flag fixed-price work whose cost performance index is below this..."""
    cpi_now: Decimal = attrs.field(
        default=Decimal("0.90"), converter=decimal, validator=_SHARE
    )
    """... and act now below this."""
    attrition: Decimal = attrs.field(
        default=Decimal(20), converter=decimal, validator=_PERCENT
    )
    """Flag a team attrition over the last 12 months above this (%)."""


THRESHOLDS = Thresholds()
"""The default thresholds of :func:`~accountkit.account.review`."""


class Priority(enum.Enum):
    """How soon a flag needs acting on; a lower value is sooner."""

    NOW = 1
    """Act now, the account is at risk."""
    THIS_MONTH = 2
    """Act before the next review."""
    WATCH = 3
    """Keep an eye on it."""


class Area(enum.Enum):
    """What a flag is about, in the order a review walks through them."""

    HEALTH = "health"
    SERVICE = "service"
    ESCALATIONS = "escalations"
    RECEIVABLES = "receivables"
    REVENUE = "revenue"
    CONTRACTS = "contracts"
    DELIVERY = "delivery"
    RELATIONSHIPS = "relationships"
    WALLET = "wallet"
    GROWTH = "growth"
    OBLIGATIONS = "obligations"


@attrs.frozen(kw_only=True)
class Flag:
    """One thing for the account manager to act on, and the records behind it.

    ``code`` is stable (``service.critical_failure``): integrations key on it,
    while ``message`` is for people and may be reworded. ``evidence`` holds
    the ids of the records that raised the flag (invoices, contracts,
    stakeholders, escalations, overrides) or, for a service level's result,
    ``agreement/level/YYYY-MM-DD`` (the first day of the period measured).
    """

    priority: Priority
    area: Area
    code: str
    message: str
    evidence: tuple[str, ...] = ()


P = TypeVar("P")


@attrs.frozen
class ReviewArea(Generic[P]):
    """One area of the review: its position, the measures it feeds, its flags.

    ``position`` gets the account, the review day and the positions of the
    areas reviewed before it (by name).
    """

    name: str
    """The :class:`~accountkit.account.AccountReview` field it fills."""
    position: Callable[[Account, date, Mapping[str, Any]], P]
    measures: Callable[[P], dict[str, object]]
    """The raw value of each health measure it computes (``None``: missing)."""
    flags: Callable[[Account, date, P, Thresholds], Iterable[Flag]]


def rounded(number: Decimal) -> Decimal:
    """Round a percentage or a count of days half-up to 2 places."""
    return number.quantize(PLACES, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """Return ``part / whole`` in %, rounded; ``None`` when ``whole`` is 0."""
    return None if whole == 0 else rounded(part * HUNDRED / whole)


def as_percent(fraction: Decimal | None) -> Decimal | None:
    """Return a fraction in %, rounded (``None`` stays ``None``)."""
    return None if fraction is None else rounded(fraction * HUNDRED)


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""Month names, fixed: ``strftime("%B")`` follows the machine's locale."""


def month_text(day: date) -> str:
    """Return a day's month as people write it: ``June 2026``.

    The year has four digits (``June 0026``): ``strftime("%Y")`` writes year
    26 as ``26`` on some platforms and ``0026`` on others, and ``June 26``
    would read as a day.
    """
    return f"{MONTHS[day.month - 1]} {day.year:04d}"


def day_text(day: date) -> str:
    """Return a day as people write it: ``31 August 2026``."""
    return f"{day.day} {month_text(day)}"


def span_text(first: date, last: date) -> str:
    """Return a span of days as people write it, both days included.

    A whole calendar month is ``June 2026``; anything else is
    ``2026-04-01 to 2026-06-30``.
    """
    following = last + timedelta(days=1)
    if (
        first.day == 1
        and following.day == 1
        and (first.year, first.month)
        == (
            last.year,
            last.month,
        )
    ):
        return month_text(first)
    return f"{first.isoformat()} to {last.isoformat()}"


def zero(account: Account) -> Money:
    """Return no money in the account's currency."""
    return Money.zero(account.currency)
