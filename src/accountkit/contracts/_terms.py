"""Payment terms (when an invoice falls due) and renewal terms."""

import enum
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final

import attrs

from accountkit.errors import Problem, ValidationError
from accountkit.periods import add_months, check_date, end_of_month

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "MAX_TERM_DAYS",
    "MAX_TERM_MONTHS",
    "DueBasis",
    "PaymentTerms",
    "RenewalTerms",
]

_LAST_DAY_OF_ANY_MONTH: Final = 31


class DueBasis(enum.Enum):
    """What a payment term counts from."""

    NET = "net"
    """A number of days after the invoice date."""
    END_OF_MONTH = "end_of_month"
    """The end of the invoice month (or of a month after it), plus days."""
    DAY_OF_MONTH = "day_of_month"
    """A fixed day of a month after the invoice month."""


MAX_TERM_DAYS = 3650
"""The longest payment term or notice period accepted, in days (ten years):
anything longer is a data error, and would run dates off the calendar."""
MAX_TERM_MONTHS = 120
"""The same in months, for terms and renewals counted in months."""


def _whole_between(
    minimum: int, maximum: int
) -> "Callable[[object, attrs.Attribute[int], object], None]":
    """Return a validator for a whole number from ``minimum`` to ``maximum``."""

    def check(
        instance: object, attribute: "attrs.Attribute[int]", value: object
    ) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not minimum <= value <= maximum
        ):
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "..."  # noqa: PLR2004 - a short prefix
            message = (
                f"expected a whole number of {attribute.name} from {minimum} to "
                f"{maximum}, got {shown}"
            )
            raise ValidationError(
                message, path=attribute.name, root=type(instance).__name__
            )

    return check


_days = _whole_between(0, MAX_TERM_DAYS)
_months = _whole_between(0, MAX_TERM_MONTHS)
_renewal_months = _whole_between(1, MAX_TERM_MONTHS)


@attrs.frozen(kw_only=True)
class PaymentTerms:
    """When an invoice falls due, counted from its issue date.

    Build one with a constructor rather than by hand:
    :meth:`net`, :meth:`end_of_month`, :meth:`months_after_end_of_month` or
    :meth:`day_of_month`.

    Parameters
    ----------
    basis
        What the term counts from.
    days
        Days added (after the invoice date for ``NET``, after the month end for
        ``END_OF_MONTH``).
    months
        Months after the invoice month (``END_OF_MONTH`` and ``DAY_OF_MONTH``).
    day
        Day of the month, 1-31, for ``DAY_OF_MONTH`` only; clamped to the last
        day of shorter months.

    Raises
    ------
    ValidationError
        If a count is negative, or a field is set that the basis does not use.

    Notes
    -----
    For ``END_OF_MONTH`` the months are added *before* taking the end of the
    month: the due date is ``end_of_month(add_months(issued_on, months)) + days``.
    Taking the end of the invoice month first and then adding months gives a day
    too early after a 30-day month (30 June + 1 month = 30 July, not 31 July), a
    bug two ERPs shipped.

    Examples
    --------
    >>> from datetime import date
    >>> PaymentTerms.net(30).due_date(date(2024, 1, 31))
    datetime.date(2024, 3, 1)
    >>> PaymentTerms.months_after_end_of_month(1).due_date(date(2020, 6, 11))
    datetime.date(2020, 7, 31)
    >>> PaymentTerms.day_of_month(21).due_date(date(2024, 1, 31))
    datetime.date(2024, 2, 21)
    >>> str(PaymentTerms.end_of_month(15))
    'end of month + 15 days'
    """

    basis: DueBasis
    days: int = attrs.field(default=0, validator=_days)
    months: int = attrs.field(default=0, validator=_months)
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if self.basis is DueBasis.DAY_OF_MONTH:
            if (
                isinstance(self.day, bool)
                or not isinstance(self.day, int)
                or not 1 <= self.day <= _LAST_DAY_OF_ANY_MONTH
            ):
                problems.append(
                    Problem(("day",), f"expected a day from 1 to 31, got {self.day!r}")
                )
            if self.days:
                problems.append(Problem(("days",), "must be 0 for day-of-month terms"))
        elif self.day is not None:
            problems.append(
                Problem(("day",), f"must be null for {self.basis.value} terms")
            )
        if self.basis is DueBasis.NET and self.months:
            problems.append(Problem(("months",), "must be 0 for net terms; use days"))
        if problems:
            raise ValidationError(problems=problems, root="PaymentTerms")

    @classmethod
    def net(cls, days: int) -> "PaymentTerms":
        """Due ``days`` days after the invoice date ("net 30")."""
        return cls(basis=DueBasis.NET, days=days)

    @classmethod
    def end_of_month(cls, days: int = 0) -> "PaymentTerms":
        """Due at the end of the invoice month plus ``days`` ("EOM + 15")."""
        return cls(basis=DueBasis.END_OF_MONTH, days=days)

    @classmethod
    def months_after_end_of_month(cls, months: int) -> "PaymentTerms":
        """Due at the end of the month ``months`` months after the invoice month."""
        return cls(basis=DueBasis.END_OF_MONTH, months=months)

    @classmethod
    def day_of_month(cls, day: int, months_after: int = 1) -> "PaymentTerms":
        """Due on ``day`` of the month ``months_after`` months after the invoice month.

        The day is clamped to the end of shorter months (the 31st in February is
        the 28th or 29th).
        """
        return cls(basis=DueBasis.DAY_OF_MONTH, day=day, months=months_after)

    def due_date(self, issued_on: date) -> date:
        """Return the day an invoice issued on ``issued_on`` falls due.

        Raises
        ------
        ValidationError
            If ``issued_on`` is not a date, or the terms put the due date before
            the issue date (day-of-month terms in the same month, issued after
            that day).
        """
        check_date(issued_on, where="PaymentTerms.due_date", path="issued_on")
        if self.basis is DueBasis.NET:
            return issued_on + timedelta(days=self.days)
        if self.basis is DueBasis.END_OF_MONTH:
            return end_of_month(add_months(issued_on, self.months)) + timedelta(
                days=self.days
            )
        target = add_months(issued_on.replace(day=1), self.months)
        due = target.replace(day=min(self.day or 1, end_of_month(target).day))
        if due < issued_on:
            message = (
                f"{self} puts the due date {due.isoformat()} before the issue date "
                f"{issued_on.isoformat()}"
            )
            raise ValidationError(
                message, path="issued_on", root="PaymentTerms.due_date"
            )
        return due

    def __str__(self) -> str:
        if self.basis is DueBasis.NET:
            return f"net {self.days} days"
        if self.basis is DueBasis.END_OF_MONTH:
            months = f" + {self.months} month{'s' if self.months != 1 else ''}"
            days = f" + {self.days} days" if self.days else ""
            return f"end of month{months if self.months else ''}{days}"
        which = {0: "the invoice month", 1: "the next month"}.get(
            self.months, f"the month {self.months} months after the invoice month"
        )
        return f"day {self.day} of {which}"


@attrs.frozen(kw_only=True)
class RenewalTerms:
    """How a contract renews at the end of its term.

    Parameters
    ----------
    auto_renew
        Whether the contract renews by itself unless notice is given.
    renewal_months
        Length of each renewal term.
    notice_days
        Days before the end of the term by which notice (of non-renewal, or to
        renegotiate) must be given.

    Examples
    --------
    >>> RenewalTerms(auto_renew=True, renewal_months=12, notice_days=90)
    RenewalTerms(auto_renew=True, renewal_months=12, notice_days=90)
    """

    auto_renew: bool = False
    renewal_months: int = attrs.field(default=12, validator=_renewal_months)
    notice_days: int = attrs.field(default=90, validator=_days)
