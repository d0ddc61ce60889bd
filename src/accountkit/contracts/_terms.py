"""Payment terms (when an invoice falls due) and renewal terms."""

import enum
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from accountkit._validators import decimal, fraction_between
from accountkit.errors import Problem, ValidationError
from accountkit.periods import add_months, check_date, end_of_month

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "MAX_TERM_DAYS",
    "MAX_TERM_MONTHS",
    "DueBasis",
    "EarlyPaymentDiscount",
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
    DAY_ON_OR_AFTER = "day_on_or_after"
    """At least a number of days, then the next time a fixed day of the month
    comes round ("31 days, then the 15th")."""
    END_OF_MONTH_THEN_DAY = "end_of_month_then_day"
    """A number of days, then the end of that month, then a fixed day of the
    next month ("30 days end of month, on the 10th")."""


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
class EarlyPaymentDiscount:
    """A discount for paying within a number of days of the invoice date.

    "2/10 net 30" is a 2% discount if paid within 10 days, the full amount due
    in 30.

    Parameters
    ----------
    rate
        The discount as a fraction of the invoice (0.02 for 2%), above 0 and at
        most 0.5.
    days
        Days after the invoice date within which a payment earns it (the last
        day counts).

    Examples
    --------
    >>> EarlyPaymentDiscount(rate="0.02", days=10)
    EarlyPaymentDiscount(rate=Decimal('0.02'), days=10)
    """

    rate: Decimal = attrs.field(
        converter=decimal,
        validator=fraction_between(
            Decimal(0), Decimal("0.5"), low_open=True, meaning="0.02 for 2%"
        ),
    )
    days: int = attrs.field(validator=_days)

    def __str__(self) -> str:
        return f"{(self.rate * 100).normalize():f}% within {self.days} days"


_FIXED_DAY: Final = frozenset(
    {DueBasis.DAY_OF_MONTH, DueBasis.DAY_ON_OR_AFTER, DueBasis.END_OF_MONTH_THEN_DAY}
)
_DAYS_ONLY: Final = frozenset(
    {DueBasis.NET, DueBasis.DAY_ON_OR_AFTER, DueBasis.END_OF_MONTH_THEN_DAY}
)


def _clamped(in_month: date, day: int) -> date:
    """Return ``day`` of ``in_month``'s month, or its last day if shorter."""
    return in_month.replace(day=min(day, end_of_month(in_month).day))


@attrs.frozen(kw_only=True)
class PaymentTerms:
    """When an invoice falls due, counted from its issue date.

    Build one with a constructor rather than by hand:
    :meth:`net`, :meth:`end_of_month`, :meth:`months_after_end_of_month`,
    :meth:`day_of_month`, :meth:`day_on_or_after` or
    :meth:`end_of_month_then_day`.

    Parameters
    ----------
    basis
        What the term counts from.
    days
        Days added (after the invoice date for ``NET``, ``DAY_ON_OR_AFTER`` and
        ``END_OF_MONTH_THEN_DAY``; after the month end for ``END_OF_MONTH``).
    months
        Months after the invoice month (``END_OF_MONTH`` and ``DAY_OF_MONTH``).
    day
        Day of the month, 1-31, for ``DAY_OF_MONTH``, ``DAY_ON_OR_AFTER`` and
        ``END_OF_MONTH_THEN_DAY`` (which also takes 0, the month end itself);
        clamped to the last day of shorter months.
    discount
        An early-payment discount, if the terms offer one (see
        :meth:`with_discount`).

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

    ``DAY_ON_OR_AFTER`` and ``END_OF_MONTH_THEN_DAY`` are the two terms of
    Odoo's payment-term lines ("days after invoice date" with a day of the
    month, and "days end of month on the") that the other bases cannot express;
    their tests are translated from Odoo's.

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
    >>> PaymentTerms.day_on_or_after(15, days=31).due_date(date(2019, 1, 31))
    datetime.date(2019, 3, 15)
    >>> PaymentTerms.end_of_month_then_day(10, days=30).due_date(date(2023, 12, 12))
    datetime.date(2024, 2, 10)
    """

    basis: DueBasis
    days: int = attrs.field(default=0, validator=_days)
    months: int = attrs.field(default=0, validator=_months)
    day: int | None = None
    discount: EarlyPaymentDiscount | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if self.basis in _FIXED_DAY:
            first = 0 if self.basis is DueBasis.END_OF_MONTH_THEN_DAY else 1
            if (
                isinstance(self.day, bool)
                or not isinstance(self.day, int)
                or not first <= self.day <= _LAST_DAY_OF_ANY_MONTH
            ):
                message = f"expected a day from {first} to 31, got {self.day!r}"
                problems.append(Problem(("day",), message))
        elif self.day is not None:
            problems.append(
                Problem(("day",), f"must be null for {self.basis.value} terms")
            )
        if self.basis is DueBasis.DAY_OF_MONTH and self.days:
            problems.append(Problem(("days",), "must be 0 for day-of-month terms"))
        if self.basis in _DAYS_ONLY and self.months:
            message = f"must be 0 for {self.basis.value} terms; use days"
            problems.append(Problem(("months",), message))
        if (
            self.discount is not None
            and self.basis is DueBasis.NET
            and self.discount.days > self.days
        ):
            message = (
                f"the discount's {self.discount.days} days are longer than the "
                f"{self.days} days to pay"
            )
            problems.append(Problem(("discount", "days"), message))
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

    @classmethod
    def day_on_or_after(cls, day: int, *, days: int) -> "PaymentTerms":
        """Due on the first ``day`` of a month at least ``days`` after the invoice.

        "31 days, then the 15th": the invoice date plus 31 days, then the next
        15th on or after that (the same day if it is the 15th). The day is
        clamped to the end of shorter months.
        """
        return cls(basis=DueBasis.DAY_ON_OR_AFTER, day=day, days=days)

    @classmethod
    def end_of_month_then_day(cls, day: int, *, days: int = 0) -> "PaymentTerms":
        """Due on ``day`` of the month after the end of the month ``days`` on.

        "30 days end of month, on the 10th": the invoice date plus 30 days, the
        end of that month, then the 10th of the next month. The day is clamped
        to the end of the next month; day 0 is the month end itself.
        """
        return cls(basis=DueBasis.END_OF_MONTH_THEN_DAY, day=day, days=days)

    def with_discount(self, rate: Decimal | str, *, days: int) -> "PaymentTerms":
        """Return these terms with an early-payment discount ("2/10 net 30").

        Examples
        --------
        >>> str(PaymentTerms.net(30).with_discount("0.02", days=10))
        'net 30 days, 2% within 10 days'
        """
        discount = EarlyPaymentDiscount(rate=rate, days=days)
        return attrs.evolve(self, discount=discount)

    def discount_date(self, issued_on: date) -> date | None:
        """Return the last day a payment earns the discount, or None without one."""
        check_date(issued_on, where="PaymentTerms.discount_date", path="issued_on")
        if self.discount is None:
            return None
        return issued_on + timedelta(days=self.discount.days)

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
        day = self.day or 0
        if self.basis is DueBasis.END_OF_MONTH_THEN_DAY:
            month_end = end_of_month(issued_on + timedelta(days=self.days))
            next_end = end_of_month(month_end + timedelta(days=1))
            return month_end + timedelta(days=min(day, next_end.day))
        if self.basis is DueBasis.DAY_ON_OR_AFTER:
            earliest = issued_on + timedelta(days=self.days)
            due = _clamped(earliest, day)
            return due if due >= earliest else _clamped(add_months(earliest, 1), day)
        target = add_months(issued_on.replace(day=1), self.months)
        due = _clamped(target, day)
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
        offer = "" if self.discount is None else f", {self.discount}"
        return self._due_text() + offer

    def _due_text(self) -> str:
        if self.basis is DueBasis.NET:
            return f"net {self.days} days"
        if self.basis is DueBasis.END_OF_MONTH:
            months = f" + {self.months} month{'s' if self.months != 1 else ''}"
            days = f" + {self.days} days" if self.days else ""
            return f"end of month{months if self.months else ''}{days}"
        if self.basis is DueBasis.DAY_ON_OR_AFTER:
            return f"at least {self.days} days, then day {self.day}"
        if self.basis is DueBasis.END_OF_MONTH_THEN_DAY:
            if not self.day:
                return f"{self.days} days, then end of month"
            return f"{self.days} days, end of month, then day {self.day}"
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
