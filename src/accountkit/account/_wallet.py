"""The review's wallet area: our share of the client's spend, and footprint."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from accountkit._checked import unchecked
from accountkit.account._basis import (
    HUNDRED,
    YEAR_DAYS,
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
    as_percent,
    percent,
    zero,
)
from accountkit.account._model import Account
from accountkit.finance import (
    Penetration,
    WalletReport,
    penetration,
    wallet_by_service_line,
)
from accountkit.money import Money

__all__ = ["WALLET", "WalletPosition"]


@attrs.frozen(kw_only=True)
class WalletPosition:
    """Our share of the client's spend, its trend, and our footprint."""

    report: WalletReport | None
    estimated_on: date | None
    """The day of the latest estimate used (health flags it stale after a
    year)."""
    share: Decimal | None
    """Our share of the estimated wallet, in %."""
    share_a_year_ago: Decimal | None
    trend: Decimal | None
    """Change in share over the year, in percentage points."""
    plan_share: Decimal | None
    penetration: Penetration | None
    note: str = ""
    """Why the position could not be computed, when it could not (its
    measures are then missing); empty otherwise."""


def _latest_share(
    account: Account, day: date
) -> tuple[dict[str, Money], dict[str, Money]]:
    latest: dict[str, tuple[date, Money, Money]] = {}
    for estimate in account.wallet or ():
        if estimate.estimated_on > day:
            continue
        kept = latest.get(estimate.service_line)
        if kept is None or estimate.estimated_on >= kept[0]:
            latest[estimate.service_line] = (
                estimate.estimated_on,
                estimate.wallet,
                estimate.ours,
            )
    wallet = {line: w for line, (_, w, _) in latest.items()}
    ours = {line: o for line, (_, _, o) in latest.items()}
    return wallet, ours


def _position(account: Account, day: date, _: Mapping[str, Any]) -> WalletPosition:
    plan = account.plan_for(day.year)
    wallet, ours = _latest_share(account, day)
    report = share = before = trend = None
    if wallet:
        report = unchecked(wallet_by_service_line)(wallet, ours, account=account.id)
        share = _total_share(wallet, ours, account)
        then_wallet, then_ours = _latest_share(account, day - timedelta(days=YEAR_DAYS))
        before = _total_share(then_wallet, then_ours, account) if then_wallet else None
        if share is not None and before is not None:
            trend = share - before
    served = None
    if account.units and account.footprint is not None:
        lines = sorted(
            {w.service_line for w in account.wallet or ()}
            | {f.service_line for f in account.footprint}
        )
        if lines:
            served = unchecked(penetration)(
                [(f.unit, f.service_line) for f in account.footprint],
                units=account.units,
                service_lines=lines,
            )
    return WalletPosition(
        report=report,
        estimated_on=max(
            (e.estimated_on for e in account.wallet or () if e.estimated_on <= day),
            default=None,
        ),
        share=share,
        share_a_year_ago=before,
        trend=trend,
        plan_share=as_percent(None if plan is None else plan.share_of_wallet),
        penetration=served,
    )


def _total_share(
    wallet: dict[str, Money], ours: dict[str, Money], account: Account
) -> Decimal | None:
    nothing = zero(account)
    return percent(
        sum(ours.values(), nothing).amount, sum(wallet.values(), nothing).amount
    )


def _measures(wallet: WalletPosition) -> dict[str, object]:
    served = wallet.penetration
    return {
        "share_of_wallet": wallet.share,
        "wallet_trend": wallet.trend,
        "penetration": None if served is None else served.cell_rate * HUNDRED,
    }


def _flags(
    _account: Account, _day: date, wallet: WalletPosition, limits: Thresholds
) -> Iterable[Flag]:
    if wallet.trend is not None and wallet.trend <= -limits.wallet_fall:
        yield Flag(
            priority=Priority.THIS_MONTH,
            area=Area.WALLET,
            code="wallet.share_falling",
            message=(
                f"share of wallet fell {-wallet.trend} points in a year "
                f"(from {wallet.share_a_year_ago}% to {wallet.share}%)"
            ),
        )
    share, target = wallet.share, wallet.plan_share
    if share is not None and target is not None and share < target:
        yield Flag(
            priority=Priority.WATCH,
            area=Area.WALLET,
            code="wallet.below_plan",
            message=f"share of wallet {share}% is below the plan's {target}%",
        )


WALLET = ReviewArea("wallet", _position, _measures, _flags)
"""Share of wallet, its trend, and penetration."""
