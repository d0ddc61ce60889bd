"""The review's growth area: the pipeline, and the win rate over 12 months."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from accountkit.account._basis import (
    YEAR_DAYS,
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
    percent,
    zero,
)
from accountkit.account._model import Account, Stage
from accountkit.money import Money

if TYPE_CHECKING:
    from accountkit.account._revenue import RevenuePosition

__all__ = ["GROWTH", "GrowthPosition"]


@attrs.frozen(kw_only=True)
class GrowthPosition:
    """The pipeline and the win rate over the last 12 months.

    ``recorded`` is false when the account records no opportunities at all:
    the pipeline measures are then missing, not zero.
    """

    recorded: bool
    open_pipeline: Money
    weighted_pipeline: Money
    won: int
    lost: int
    win_rate: Decimal | None
    pipeline_cover: Decimal | None
    """Weighted pipeline over the contracted value of the year, in %."""
    lost_opportunities: tuple[str, ...] = ()
    """Ids of the opportunities lost in the 12 months."""
    note: str = ""
    """Why the position could not be computed, when it could not (its
    measures are then missing); empty otherwise."""


def _position(
    account: Account, day: date, earlier: Mapping[str, Any]
) -> GrowthPosition:
    revenue: RevenuePosition = earlier["revenue"]
    nothing = zero(account)
    since = day - timedelta(days=YEAR_DAYS)
    listed = account.opportunities or ()
    still_open = [o for o in listed if o.is_open]
    weighted = sum((o.value * o.probability for o in still_open), nothing).rounded()
    decided = [o for o in listed if not o.is_open and since < o.close_on <= day]
    won = sum(o.stage is Stage.WON for o in decided)
    contracted = (
        None
        if revenue.attainment is None
        else revenue.attainment.contracted_for_year.amount
    )
    recorded = account.opportunities is not None
    return GrowthPosition(
        recorded=recorded,
        open_pipeline=sum((o.value for o in still_open), nothing),
        weighted_pipeline=weighted,
        won=won,
        lost=len(decided) - won,
        win_rate=percent(Decimal(won), Decimal(len(decided))),
        pipeline_cover=None
        if contracted is None or not recorded
        else percent(weighted.amount, contracted),
        lost_opportunities=tuple(
            sorted(o.id for o in decided if o.stage is Stage.LOST)
        ),
    )


def _measures(growth: GrowthPosition) -> dict[str, object]:
    return {"win_rate": growth.win_rate, "pipeline_cover": growth.pipeline_cover}


def _flags(
    _account: Account, _day: date, growth: GrowthPosition, limits: Thresholds
) -> Iterable[Flag]:
    if growth.win_rate is not None and growth.win_rate < limits.win_rate:
        yield Flag(
            priority=Priority.WATCH,
            area=Area.GROWTH,
            code="growth.win_rate_low",
            message=(
                f"win rate {growth.win_rate}% over the last 12 months "
                f"({growth.won} won, {growth.lost} lost)"
            ),
            evidence=growth.lost_opportunities,
        )


GROWTH = ReviewArea("growth", _position, _measures, _flags)
"""The pipeline and the win rate."""
