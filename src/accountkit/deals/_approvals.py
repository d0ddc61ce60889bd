"""Approvals: which levels of management must sign a deal's price off, and why."""

import enum
import operator
from collections.abc import Callable
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

import attrs

from accountkit._checked import checked
from accountkit._ratios import rounded
from accountkit._validators import (
    decimal,
    exact_decimal,
    fraction_between,
    identifier,
    member_of,
    optional_decimal,
    tuple_of,
)
from accountkit.deals._deal import Deal
from accountkit.deals._pnl import DealPnL, deal_pnl
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import check_currency

__all__ = [
    "ApprovalMatrix",
    "ApprovalNeed",
    "ApprovalRule",
    "Approvals",
    "Measure",
    "deal_approvals",
]

_YEAR_DAYS: Final = 365
_SHOWN_PLACES: Final = 12


class Measure(enum.Enum):
    """What an approval rule looks at, and which way it triggers."""

    TCV = "tcv"
    """The total contract value; triggers at or above the threshold (an
    amount in the matrix's currency)."""
    MARGIN = "margin"
    """The margin on the price (0.2 for 20 %); triggers below the threshold."""
    DISCOUNT = "discount"
    """The discount from the rate card (0.15 for 15 %); triggers above it."""
    PAYMENT_DAYS = "payment_days"
    """The longest wait for payment the terms allow, in days from the
    invoice; triggers above it."""
    LIABILITY = "liability"
    """The liability cap as a multiple of ACV (1.5 for 150 %); triggers above
    it, and always for unlimited liability."""


@attrs.frozen(kw_only=True)
class ApprovalRule:
    """One line of the approval matrix: a level, a measure and a threshold.

    Parameters
    ----------
    level
        Who must approve when the rule triggers (one of the matrix's levels).
    measure
        What the rule looks at; :class:`Measure` says which way it triggers.
    threshold
        Where it triggers.
    """

    level: str = attrs.field(validator=identifier)
    measure: Measure = attrs.field(validator=member_of(Measure))
    threshold: Decimal = attrs.field(converter=decimal, validator=exact_decimal)


_WALK_AWAY = fraction_between(
    Decimal(-1), Decimal(1), meaning="a margin on the price below which we do not bid"
)


@attrs.frozen(kw_only=True)
class ApprovalMatrix:
    """The firm's delegation of authority for pricing deals.

    Parameters
    ----------
    currency
        The currency of the deal-size thresholds; a deal in another currency
        is refused.
    levels
        The approval levels, lowest authority first (``account-lead``,
        ``practice-head``, ``cfo``, ``board``).
    rules
        The rules; a deal needs every level whose rule it triggers.
    walk_away_margin
        The margin on the price below which the firm does not bid at all,
        whoever approves; ``None`` for no such floor.

    Raises
    ------
    ValidationError
        If a level repeats, a rule names a level not listed, or a threshold
        is out of its measure's range (negative, or a margin or discount of
        1 or more).
    """

    currency: str
    levels: tuple[str, ...]
    rules: tuple[ApprovalRule, ...] = attrs.field(validator=tuple_of(ApprovalRule))
    walk_away_margin: Decimal | None = attrs.field(
        default=None, converter=optional_decimal, validator=_WALK_AWAY
    )

    def __attrs_post_init__(self) -> None:
        check_currency(self.currency, where="ApprovalMatrix")
        levels: object = self.levels
        if not isinstance(levels, tuple) or not levels:
            message = "expected the approval levels, lowest authority first"
            raise ValidationError(message, path="levels", root="ApprovalMatrix")
        seen: set[str] = set()
        for index, level in enumerate(levels):
            if not isinstance(level, str) or not level or level != level.strip():
                message = f"expected a level's name, got {level!r}"
                raise ValidationError(
                    message, path=("levels", index), root="ApprovalMatrix"
                )
            if level in seen:
                message = f"level {level!r} is listed twice"
                raise ValidationError(
                    message, path=("levels", index), root="ApprovalMatrix"
                )
            seen.add(level)
        for index, rule in enumerate(self.rules):
            _check_rule(rule, seen, index)

    def rank(self, level: str) -> int:
        """Return where ``level`` stands, 0 for the lowest authority."""
        if level not in self.levels:
            message = f"no level {level!r} (levels: {', '.join(self.levels)})"
            raise ValidationError(message, path="level", root="ApprovalMatrix.rank")
        return self.levels.index(level)


def _check_rule(rule: ApprovalRule, levels: set[str], index: int) -> None:
    path = ("rules", index)
    if rule.level not in levels:
        message = f"level {rule.level!r} is not among the matrix's levels"
        raise ValidationError(message, path=(*path, "level"), root="ApprovalMatrix")
    if rule.threshold < 0 and rule.measure is not Measure.MARGIN:
        message = f"a {rule.measure.value} threshold is 0 or more, got {rule.threshold}"
        raise ValidationError(message, path=(*path, "threshold"), root="ApprovalMatrix")
    if rule.measure in (Measure.MARGIN, Measure.DISCOUNT) and rule.threshold >= 1:
        message = (
            f"a {rule.measure.value} is a share of the price, below 1, got "
            f"{rule.threshold}"
        )
        raise ValidationError(message, path=(*path, "threshold"), root="ApprovalMatrix")


@attrs.frozen(kw_only=True)
class ApprovalNeed:
    """One approval a deal needs, and why.

    Attributes
    ----------
    level
        Who must approve.
    measure
        What triggered it.
    value
        The deal's figure (exact; ``None`` for unlimited liability, or a
        liability multiple without an ACV).
    threshold
        The rule's threshold.
    reason
        The rule and the figure, in words.
    """

    level: str
    measure: Measure
    value: Decimal | None
    threshold: Decimal
    reason: str


@attrs.frozen(kw_only=True)
class Approvals:
    """The approvals a deal needs, from its P&L and terms.

    Attributes
    ----------
    deal_id
        The deal.
    required_level
        The highest level it needs; ``None`` when no rule triggers.
    needs
        Every triggered rule, highest level first, then in the matrix's order.
    approved_level
        The level the deal records as already signed off.
    approved
        Whether that level is at or above the one required (true when none is
        required).
    below_walk_away
        Whether the margin is below the matrix's walk-away margin.
    margin_rate
        The deal's exact margin on its price; ``None`` for a zero price.
    """

    deal_id: str
    required_level: str | None
    needs: tuple[ApprovalNeed, ...]
    approved_level: str | None
    approved: bool
    below_walk_away: bool
    margin_rate: Decimal | None


def _exact(value: Fraction) -> Decimal:
    """Return a ratio as a Decimal: exact when it fits 12 places, else rounded."""
    shown = rounded(value, _SHOWN_PLACES, ROUND_HALF_UP, where="deal_approvals")
    if Fraction(shown) == value:  # exact: drop the trailing zeros
        whole = shown.to_integral_value()
        return whole if whole == shown else shown.normalize()
    return shown


def payment_days(deal: Deal) -> int:
    """Return the longest days from invoice to due date over a year of invoices."""
    terms = deal.payment_terms
    first = deal.start
    return max(
        (terms.due_date(day) - day).days
        for day in (first + timedelta(days=k) for k in range(_YEAR_DAYS))
    )


def _figures(deal: Deal, pnl: DealPnL) -> dict[Measure, Fraction | None]:
    price = Fraction(pnl.price.amount)
    listed = Fraction(pnl.list_price.amount)
    acv = Fraction(pnl.acv.amount)
    margin = None if not price else Fraction(pnl.margin.amount) / price
    liability = (
        None
        if deal.liability_cap is None or not acv
        else Fraction(deal.liability_cap.amount) / acv
    )
    return {
        Measure.TCV: price,
        Measure.MARGIN: margin,
        Measure.DISCOUNT: None
        if not listed
        else 1 - Fraction(pnl.service_price.amount) / listed,
        Measure.PAYMENT_DAYS: Fraction(payment_days(deal)),
        Measure.LIABILITY: liability,
    }


_Compare = Callable[[Fraction, Fraction], bool]
_TRIGGERS: Final[dict[Measure, tuple[_Compare, str]]] = {
    Measure.TCV: (operator.ge, "TCV {} is at or above {}"),
    Measure.MARGIN: (operator.lt, "margin {} is below {}"),
    Measure.DISCOUNT: (operator.gt, "discount from list {} is above {}"),
    Measure.PAYMENT_DAYS: (operator.gt, "payment can take {} days, above {}"),
    Measure.LIABILITY: (operator.gt, "the liability cap is {} x ACV, above {}"),
}


def _triggers(rule: ApprovalRule, value: Fraction | None, deal: Deal) -> str | None:
    """Return why ``rule`` triggers on ``value``, or None when it does not."""
    if rule.measure is Measure.LIABILITY and value is None:
        if deal.liability_cap is None:
            return "unlimited liability"
        return f"a liability cap of {deal.liability_cap} and no ACV to measure it by"
    if value is None:
        return None
    fires, reason = _TRIGGERS[rule.measure]
    if not fires(value, Fraction(rule.threshold)):
        return None
    return reason.format(_exact(value), rule.threshold)


@checked
def deal_approvals(deal: Deal, matrix: ApprovalMatrix) -> Approvals:
    """Return which approvals a deal's price needs, and why.

    Parameters
    ----------
    deal
        The priced deal.
    matrix
        The delegation of authority.

    Returns
    -------
    Approvals
        Every rule the deal triggers with its reason, the highest level
        needed, whether the deal's recorded sign-off covers it, and whether
        its margin is below the walk-away margin.

    Raises
    ------
    CurrencyMismatchError
        If the deal is not in the matrix's currency.
    ValidationError
        If the deal's ``approved_level`` is not one of the matrix's levels.

    Notes
    -----
    Every figure is compared exactly, never after rounding: the margin is
    :math:`(P - C) / P`, the discount :math:`1 - S / L`, the liability
    multiple the cap over ACV (all from :func:`deal_pnl`), and the payment
    days the longest gap from an invoice to its due date over a year of
    invoice dates from the deal's start (so "end of month + 30" counts as up
    to 60 days). A threshold is met exactly at its value: a deal size
    triggers at it, a margin just below it, the others just above it.

    Examples
    --------
    >>> from datetime import date
    >>> from decimal import ROUND_HALF_UP, Decimal
    >>> from accountkit import Money
    >>> from accountkit.deals import Deal, Effort, RoleRate
    >>> matrix = ApprovalMatrix(
    ...     currency="EUR", levels=("account-lead", "practice-head", "cfo"),
    ...     rules=(ApprovalRule(level="account-lead", measure=Measure.TCV,
    ...                         threshold=Decimal(0)),
    ...            ApprovalRule(level="cfo", measure=Measure.MARGIN,
    ...                         threshold=Decimal("0.25"))),
    ...     walk_away_margin=Decimal("0.1"))
    >>> deal = Deal(id="d1", name="Service desk", client="acme", currency="EUR",
    ...             start=date(2027, 1, 1), years=1, lead_unit="apps",
    ...             rates=(RoleRate(role="analyst", price=Money("800", "EUR"),
    ...                             cost=Money("500", "EUR")),),
    ...             effort=(Effort(role="analyst", deal_year=1, days=Decimal(100)),),
    ...             target_margin=Decimal("0.2"), approved_level="practice-head")
    >>> approvals = deal_approvals(deal, matrix)
    >>> approvals.required_level, approvals.approved, approvals.below_walk_away
    ('cfo', False, False)
    >>> [need.reason for need in approvals.needs]
    ['margin 0.2 is below 0.25', 'TCV 62500 is at or above 0']
    """
    if deal.currency != matrix.currency:
        message = f"the deal is in {deal.currency}, the matrix in {matrix.currency}"
        raise CurrencyMismatchError(message, path="currency", root="deal_approvals")
    if deal.approved_level is not None and deal.approved_level not in matrix.levels:
        message = (
            f"the deal's approved level {deal.approved_level!r} is not among the "
            f"matrix's levels ({', '.join(matrix.levels)})"
        )
        raise ValidationError(message, path="approved_level", root="deal_approvals")
    pnl = deal_pnl(deal)
    figures = _figures(deal, pnl)
    needs: list[tuple[int, int, ApprovalNeed]] = []
    for order, rule in enumerate(matrix.rules):
        value = figures[rule.measure]
        reason = _triggers(rule, value, deal)
        if reason is None:
            continue
        need = ApprovalNeed(
            level=rule.level,
            measure=rule.measure,
            value=None if value is None else _exact(value),
            threshold=rule.threshold,
            reason=reason,
        )
        needs.append((-matrix.rank(rule.level), order, need))
    needs.sort(key=lambda item: item[:2])
    required = needs[0][2].level if needs else None
    margin = figures[Measure.MARGIN]
    walk_away = matrix.walk_away_margin
    return Approvals(
        deal_id=deal.id,
        required_level=required,
        needs=tuple(need for *_, need in needs),
        approved_level=deal.approved_level,
        approved=required is None
        or (
            deal.approved_level is not None
            and matrix.rank(deal.approved_level) >= matrix.rank(required)
        ),
        below_walk_away=walk_away is not None
        and margin is not None
        and margin < Fraction(walk_away),
        margin_rate=None if margin is None else _exact(margin),
    )
