"""Service credits for portfolios, in numpy: contracts x periods x service levels."""

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from accountkit._arrays import whole_array
from accountkit._checked import checked
from accountkit._frames import categorical, frame
from accountkit.contracts._regime import CreditRegime, PointRatchet, check_ratchet
from accountkit.contracts._sla import (
    Direction,
    FlatCredit,
    LinearShortfallCredit,
    PoolAllocationCredit,
    ServiceLevel,
    ServicePoints,
    TieredCredit,
)
from accountkit.errors import ValidationError
from accountkit.money import (
    DEFAULT_ROUNDING,
    check_rounding,
    minor_units,
    round_quotient,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CAP_NAMES", "CreditArrays", "assess_arrays"]

_MONTHS_PER_YEAR: Final = 12
_AXES: Final = 3
_HUNDRED: Final = 100
CAP_NAMES: Final = ("none", "minimum credit", "monthly at-risk amount", "annual cap")
"""What ``CreditArrays.cap`` codes 0 to 3 mean."""

Ints = NDArray[np.int64]


class CreditArrays(NamedTuple):
    """Service credits of a portfolio, as arrays (amounts in minor units)."""

    raw: Ints
    """Credit of each cell before caps, shape (contracts, periods, levels)."""
    met: NDArray[np.bool_]
    """Whether each cell met its target (unreported cells count as met)."""
    issued: Ints
    """Credits issued per contract and period, after the minimum and the caps."""
    cap: NDArray[np.int8]
    """Which cap bound the credits: an index into :data:`CAP_NAMES`."""
    net: Ints
    """The invoice after credits, per contract and period."""

    def to_frame(self) -> "pd.DataFrame":
        """Return a tidy DataFrame: one row per contract and period.

        Columns ``contract`` and ``period`` (positions, from 0),
        ``levels_missed`` (levels that missed their target),
        ``credit_before_caps`` (the cells' credits added up), ``issued``,
        ``cap`` (which cap bound it: an ordered categorical of
        :data:`CAP_NAMES`) and ``net``; amounts in minor units. Needs pandas
        (``pip install 'accountkit[pandas]'``).
        """
        where = "CreditArrays.to_frame"
        return frame(
            {
                "contract": np.repeat(
                    np.arange(self.issued.shape[0]), self.issued.shape[1]
                ),
                "period": np.tile(
                    np.arange(self.issued.shape[1]), self.issued.shape[0]
                ),
                "levels_missed": (~self.met).sum(axis=2).reshape(-1),
                "credit_before_caps": self.raw.sum(axis=2).reshape(-1),
                "issued": self.issued.reshape(-1),
                "cap": categorical(
                    self.cap.reshape(-1).astype(np.int64), CAP_NAMES, where=where
                ),
                "net": self.net.reshape(-1),
            },
            where=where,
        )


def _fraction(value: Decimal) -> tuple[int, int]:
    exact = Fraction(value)
    return exact.numerator, exact.denominator


def _scaled(value: Decimal, scale: int) -> int:
    units = Fraction(value) * scale
    if units.denominator != 1:
        message = f"{value} has more decimal places than the measurement scale allows"
        raise ValidationError(message, path="places", root="assess_arrays")
    return int(units)


@checked
def assess_arrays(
    levels: Sequence[ServiceLevel],
    regime: CreditRegime,
    measured: ArrayLike,
    charges_minor: ArrayLike,
    *,
    currency: str,
    places: int = 4,
    reported: ArrayLike | None = None,
    rounding: str = DEFAULT_ROUNDING,
) -> CreditArrays:
    r"""Assess service credits for many contracts at once, in integer numpy arithmetic.

    The array form of :func:`assess_service_levels` for portfolios: the same
    rules, bands and caps, computed over whole arrays. It covers credits, the
    minimum credit, the monthly at-risk cap and the annual (or rolling) cap;
    earnback, incentives, waivers and penalties need the per-contract report.

    Parameters
    ----------
    levels
        The service levels, one per position of the last axis of ``measured``
        (the same for every contract).
    regime
        At-risk rate, minimum credit and annual cap (a money amount, taken in
        ``currency``).
    measured
        Measurements as whole numbers scaled by ``10**places`` (availability
        99.9512% with ``places=4`` is ``999512``), shape
        ``(contracts, periods, levels)``.
    charges_minor
        Each period's invoice in minor units, shape ``(contracts, periods)``.
    currency
        The currency of the charges.
    places
        Decimal places of the scaled measurements.
    reported
        Which cells were measured (default: all); an unreported cell earns
        nothing.
    rounding
        Rounding of each credit to the minor unit.

    Returns
    -------
    CreditArrays
        Raw credits per cell, issued credits and the binding cap per contract and
        period, and the net invoices.

    Raises
    ------
    ValidationError
        If shapes disagree, a target or band bound has more decimal places than
        ``places``, or a rule needs what the batch path does not carry.

    Notes
    -----
    Measurements and targets are compared as exact integers. Each credit is
    :math:`\mathrm{round}(charges \times p / q)` with the rule's rate as an exact
    fraction :math:`p / q` (for the linear shortfall,
    :math:`p / q = gap / (100 \cdot 10^{places})`), rounded by
    :func:`~accountkit.money.round_quotient` as the object path rounds. Service
    points double (by the rule's multiplier) where the previous period failed.
    Under the regime's :class:`PointRatchet` the period's points are priced
    together, rounded once, and shared back to the levels by largest
    remainder, as the per-contract report shares them.

    Examples
    --------
    >>> import numpy as np
    >>> from accountkit.contracts import (CreditRegime, CreditTier, ServiceLevel,
    ...                                   TieredCredit)
    >>> ec2 = TieredCredit((CreditTier(bound="99.0", rate="0.10"),
    ...                     CreditTier(bound="95.0", rate="0.30"),
    ...                     CreditTier(bound=None, rate="1")))
    >>> level = ServiceLevel(id="region", name="Region", target="99.99", rule=ec2)
    >>> measured = np.array([[[999907], [999884], [990000], [989977]]])
    >>> result = assess_arrays([level], CreditRegime(at_risk_rate="1"), measured,
    ...                        np.full((1, 4), 100_000), currency="USD")
    >>> result.issued.tolist()
    [[0, 10000, 10000, 30000]]
    """
    where = "assess_arrays"
    check_rounding(rounding, where=where)
    digits = minor_units(currency)
    values = whole_array(measured, where=where, path="measured")
    charges = whole_array(charges_minor, where=where, path="charges_minor")
    if (
        values.ndim != _AXES
        or charges.shape != values.shape[:2]
        or values.shape[2] != len(levels)
    ):
        message = (
            f"expected measured of shape (contracts, periods, {len(levels)}) and "
            f"charges of shape (contracts, periods); got {values.shape} and "
            f"{charges.shape}"
        )
        raise ValidationError(message, root=where)
    mask = None if reported is None else np.asarray(reported, dtype=bool)
    if mask is not None and mask.shape != values.shape:
        message = f"reported has shape {mask.shape}, measured {values.shape}"
        raise ValidationError(message, path="reported", root=where)
    scale = 10**places
    check_ratchet(levels, regime, currency, where)
    at_risk = round_quotient(
        charges * _fraction(regime.at_risk_rate)[0],
        _fraction(regime.at_risk_rate)[1],
        rounding,
    )
    raw_by_level, met_by_level, points = _levels(
        levels,
        regime,
        values,
        mask,
        _Invoices(charges, at_risk, scale, rounding),
    )
    raw = np.moveaxis(raw_by_level, 0, 2)
    met = np.moveaxis(met_by_level, 0, 2)
    if regime.ratchet is not None:
        raw = raw + _ratcheted(points, regime.ratchet, digits, rounding)
        total = raw.sum(axis=2)
    else:
        total = raw_by_level.sum(axis=0)
    cap = np.zeros(total.shape, dtype=np.int8)
    issued = total.copy()
    if regime.minimum_credit is not None:
        floor = _minor(regime.minimum_credit.amount, digits)
        low = issued <= floor
        issued[low], cap[low] = 0, 1
    over = issued > at_risk
    issued[over], cap[over] = at_risk[over], 2
    if regime.annual_cap is not None:
        issued, cap = _annual_cap(
            issued,
            cap,
            _minor(regime.annual_cap.amount, digits),
            rolling=regime.rolling,
        )
    return CreditArrays(raw=raw, met=met, issued=issued, cap=cap, net=charges - issued)


class _Invoices(NamedTuple):
    """What every level's credit is a share of, and how it is rounded."""

    charges: Ints
    at_risk: Ints
    scale: int
    rounding: str


def _levels(
    levels: Sequence[ServiceLevel],
    regime: CreditRegime,
    values: Ints,
    mask: NDArray[np.bool_] | None,
    invoices: _Invoices,
) -> tuple[Ints, NDArray[np.bool_], Ints]:
    """Return each level's credits and whether it was met, level-major.

    Level by level over a level-major copy of the measurements, so that each
    level's cells are contiguous: ``(levels, contracts, periods)`` credits
    and met flags, and the ratchet's points ``(contracts, periods, levels)``.
    """
    by_level = np.ascontiguousarray(np.moveaxis(values, 2, 0))
    unreported = None if mask is None else ~np.moveaxis(mask, 2, 0)
    raw_by_level = np.zeros(by_level.shape, dtype=np.int64)
    met_by_level = np.ones(by_level.shape, dtype=bool)
    # the ratchet's points, only under a ratchet (else a broadcast zero)
    points = (
        np.zeros(values.shape, dtype=np.int64)
        if regime.ratchet is not None
        else np.broadcast_to(np.int64(0), values.shape)
    )
    amounts: dict[tuple[object, ...], Ints] = {}
    for index, level in enumerate(levels):
        column = by_level[index]
        target = _scaled(level.target, invoices.scale)
        higher = level.direction is Direction.HIGHER_IS_BETTER
        passed = (column >= target) if higher else (column <= target)
        if unreported is not None:
            passed |= unreported[index]
        met_by_level[index] = passed
        if level.rule is None or not level.critical:
            continue
        if regime.ratchet is not None and isinstance(level.rule, ServicePoints):
            scored = _points(
                level.rule, column, passed, higher=higher, scale=invoices.scale
            )
            points[:, :, index] = np.where(passed, 0, scored)
            continue
        if isinstance(level.rule, TieredCredit):
            _tier_credit(
                level.rule,
                column,
                target,
                higher=higher,
                invoices=invoices,
                amounts=amounts,
                out=raw_by_level[index],
            )
            if unreported is not None:  # an unreported cell is met: no credit
                raw_by_level[index][unreported[index]] = 0
            continue
        credit = _rule_credit(
            level,
            column,
            passed=passed,
            charges=invoices.charges,
            at_risk=invoices.at_risk,
            scale=invoices.scale,
            rounding=invoices.rounding,
        )
        raw_by_level[index] = np.where(passed, 0, credit)
    return raw_by_level, met_by_level, points


def _tier_credit(
    rule: TieredCredit,
    column: Ints,
    target: int,
    *,
    higher: bool,
    invoices: _Invoices,
    amounts: dict[tuple[object, ...], Ints],
    out: Ints,
) -> None:
    """Write each cell's tiered credit into ``out``: nothing where it is met.

    The bands run away from the target without overlap (the level's rule is
    checked), so a cell's band is the number of thresholds (the target, then
    each tier's bound) it falls short of: 0 where the target is met, ``i``
    in tier ``i - 1``. Each tier's credit is a rate of the invoice, rounded
    once per invoice and rate; the credits a cell may take (nothing, then
    each tier's) lie side by side in one table per tier table, shared by the
    levels using it, and each cell takes the one its band points at.
    """
    rates = tuple(_fraction(tier.rate) for tier in rule.tiers)
    table = amounts.get(rates)
    if table is None:
        width = len(rates) + 1
        table = np.zeros((invoices.charges.size, width), dtype=np.int64)
        for position, rate in enumerate(rates, start=1):
            if rate not in amounts:  # the same rate for many levels, once
                amounts[rate] = round_quotient(
                    invoices.charges * rate[0], rate[1], invoices.rounding
                )
            table[:, position] = amounts[rate].reshape(-1)
        amounts[rates] = table
    width = table.shape[1]
    cell = np.arange(0, table.size, width).reshape(column.shape)
    bounds = [
        _scaled(tier.bound, invoices.scale)
        for tier in rule.tiers
        if tier.bound is not None
    ]
    for threshold in (target, *bounds):
        cell += (column < threshold) if higher else (column > threshold)
    np.take(table.reshape(-1), cell, out=out)


def _minor(amount: Decimal, digits: int) -> int:
    return int(Fraction(amount) * 10**digits)


def _rule_credit(
    level: ServiceLevel,
    column: Ints,
    *,
    passed: NDArray[np.bool_],
    charges: Ints,
    at_risk: Ints,
    scale: int,
    rounding: str,
) -> Ints:
    """Return the credit of each cell of one service level (before ``passed``).

    Tiered levels go through :func:`_tier_credit`.
    """
    rule = level.rule
    higher = level.direction is Direction.HIGHER_IS_BETTER
    if isinstance(rule, LinearShortfallCredit):
        target = _scaled(level.target, scale)
        gap = np.maximum((target - column) if higher else (column - target), 0)
        denominator = _HUNDRED * scale
        if rule.maximum_rate is not None:
            top_num, top_den = _fraction(rule.maximum_rate)
            gap = np.minimum(gap * top_den, top_num * denominator)
            return round_quotient(charges * gap, denominator * top_den, rounding)
        return round_quotient(charges * gap, denominator, rounding)
    if isinstance(rule, PoolAllocationCredit):
        numerator, denominator = _fraction(rule.share)
        return round_quotient(at_risk * numerator, denominator, rounding)
    if isinstance(rule, ServicePoints):
        points = _points(rule, column, passed, higher=higher, scale=scale)
        chargeable = np.maximum(points - rule.free_points, 0)
        numerator, denominator = _fraction(rule.rate_per_point)
        return round_quotient(charges * numerator * chargeable, denominator, rounding)
    if isinstance(rule, FlatCredit):
        numerator, denominator = _fraction(rule.rate)
        return round_quotient(charges * numerator, denominator, rounding)
    message = (
        f"the batch path does not carry {type(rule).__name__} rules"  # pragma: no cover
    )
    raise ValidationError(
        message, path="levels", root="assess_arrays"
    )  # pragma: no cover


def _points(
    rule: ServicePoints,
    column: Ints,
    passed: NDArray[np.bool_],
    *,
    higher: bool,
    scale: int,
) -> Ints:
    """Return the points each cell scores, repeat failures multiplied."""
    points = np.zeros(column.shape, dtype=np.int64)
    unset = np.ones(column.shape, dtype=bool)
    for band in rule.bands:
        inside = (
            unset
            if band.bound is None
            else unset & _within(column, _scaled(band.bound, scale), higher)
        )
        points[inside] = band.points
        unset &= ~inside
    failed_before = np.zeros(column.shape, dtype=bool)
    failed_before[:, 1:] = ~passed[:, :-1]
    return np.where(failed_before, points * rule.repeat_multiplier, points)


def _ratcheted(points: Ints, ratchet: PointRatchet, digits: int, rounding: str) -> Ints:
    """Price each period's points under the ratchet and share it back by points.

    The deduction is rounded once per contract and period, then split over the
    levels by largest remainder, earlier levels first on ties: what
    :meth:`Money.allocate <accountkit.money.Money.allocate>` does for the
    object path.
    """
    total = points.sum(axis=2)
    prices: list[tuple[Ints, Fraction]] = []
    floor = ratchet.free_points
    value = Fraction(ratchet.point_value.amount) * 10**digits
    for band in ratchet.bands:
        top = total if band.up_to is None else np.minimum(total, band.up_to)
        prices.append((np.maximum(top - floor, 0), value * Fraction(band.multiplier)))
        if band.up_to is not None:
            floor = max(floor, band.up_to)
    common = math.lcm(*(price.denominator for _, price in prices))
    numerator = sum(
        (
            count * (price.numerator * (common // price.denominator))
            for count, price in prices
        ),
        np.zeros(total.shape, dtype=np.int64),
    )
    deduction = round_quotient(numerator, common, rounding)
    weight = np.maximum(total, 1)[:, :, None]
    base, remainder = np.divmod(deduction[:, :, None] * points, weight)
    left = deduction - base.sum(axis=2)
    order = np.argsort(-remainder, axis=2, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(points.shape[2])[None, None, :], axis=2)
    shared: Ints = base + (rank < left[:, :, None])
    return shared


def _within(column: Ints, bound: int, higher: bool) -> NDArray[np.bool_]:  # noqa: FBT001 - internal
    return (column >= bound) if higher else (column <= bound)


def _annual_cap(
    issued: Ints, cap: NDArray[np.int8], limit: int, *, rolling: bool
) -> tuple[Ints, NDArray[np.int8]]:
    """Apply the annual cap period by period (it depends on what came before)."""
    result = issued.copy()
    for period in range(issued.shape[1]):
        first = (
            max(0, period - (_MONTHS_PER_YEAR - 1))
            if rolling
            else (period // _MONTHS_PER_YEAR) * _MONTHS_PER_YEAR
        )
        used = result[:, first:period].sum(axis=1)
        room = np.maximum(limit - used, 0)
        over = result[:, period] > room
        result[over, period] = room[over]
        cap[over, period] = 3
    return result, cap
