"""The review's service area: service levels over 12 months, and credits."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from accountkit.account._basis import (
    YEAR_DAYS,
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
    percent,
    span_text,
    zero,
)
from accountkit.account._model import Account
from accountkit.contracts._regime import issued_credits
from accountkit.money import Money

__all__ = ["SERVICE", "FailedLevel", "ServicePosition"]


@attrs.frozen(kw_only=True)
class FailedLevel:
    """A service level that missed its target in its agreement's latest period."""

    agreement: str
    level: str
    """The service level's id."""
    name: str
    """The service level's name."""
    critical: bool
    first_day: date
    last_day: date
    """The period measured, first and last day."""

    @property
    def reference(self) -> str:
        """``agreement/level/YYYY-MM-DD``: the result, as flags cite it."""
        return f"{self.agreement}/{self.level}/{self.first_day.isoformat()}"


@attrs.frozen(kw_only=True)
class ServicePosition:
    """Service levels over the 12 months to the review day.

    ``attainment`` is the share of measured (level, period) results that met
    their target; credits are those issued by the credit regimes (after caps
    and earnback) in the calendar year to date, and ``credit_share`` their
    share of the fees they were figured on. ``recorded`` is false when the
    account records no service agreements at all (the measures are then
    missing, not perfect).
    """

    recorded: bool
    results: int
    met: int
    attainment: Decimal | None
    failed: tuple[FailedLevel, ...]
    """The levels that failed in each agreement's latest period measured."""
    credits_this_year: Money
    fees_this_year: Money
    credit_share: Decimal | None
    note: str = ""
    """Why the position could not be computed, when it could not (its
    measures are then missing); empty otherwise."""

    @property
    def critical_failed(self) -> tuple[FailedLevel, ...]:
        """The failed levels that are critical."""
        return tuple(f for f in self.failed if f.critical)


def _position(account: Account, day: date, _: Mapping[str, Any]) -> ServicePosition:
    since = day - timedelta(days=YEAR_DAYS)
    year_start = date(day.year, 1, 1)
    results = met = 0
    failed: list[FailedLevel] = []
    issued = fees = zero(account)
    for agreement in account.service or ():
        periods = {
            m.period
            for m in agreement.measurements
            if m.period.end <= day + timedelta(days=1) and m.period.end > since
        }
        if not periods:
            continue
        # what assess_service_levels issues, without the report around it
        assessed = issued_credits(
            agreement.levels,
            agreement.regime,
            measurements=[m for m in agreement.measurements if m.period in periods],
            charges=[c for c in agreement.charges if c.period in periods],
            waivers=agreement.waivers,
        )
        last = max(periods)
        levels = {level.id: level for level in agreement.levels}
        for period in assessed:
            for level_id, level_met in period.met:
                if level_met is None:  # not measured
                    continue
                results += 1
                met += level_met
                if period.period == last and not level_met:
                    level = levels[level_id]
                    failed.append(
                        FailedLevel(
                            agreement=agreement.id,
                            level=level.id,
                            name=level.name,
                            critical=level.critical,
                            first_day=last.start,
                            last_day=last.last_day,
                        )
                    )
            if period.period.start >= year_start:
                issued += period.issued
                fees += period.charges
    return ServicePosition(
        recorded=account.service is not None,
        results=results,
        met=met,
        attainment=percent(Decimal(met), Decimal(results)),
        failed=tuple(sorted(failed, key=lambda f: (f.agreement, f.level))),
        credits_this_year=issued,
        fees_this_year=fees,
        credit_share=percent(issued.amount, fees.amount),
    )


def _measures(service: ServicePosition) -> dict[str, object]:
    return {"sla_attainment": service.attainment, "credit_share": service.credit_share}


def _flags(
    _account: Account, _day: date, service: ServicePosition, limits: Thresholds
) -> Iterable[Flag]:
    for level in service.failed:
        when = span_text(level.first_day, level.last_day)
        yield Flag(
            priority=Priority.NOW if level.critical else Priority.THIS_MONTH,
            area=Area.SERVICE,
            code="service.critical_failure" if level.critical else "service.failure",
            message=(
                f"{'critical ' if level.critical else ''}service level "
                f"{level.name} ({level.agreement}) failed in {when}"
            ),
            evidence=(level.reference,),
        )
    met = service.attainment
    if met is not None and met < limits.sla_attainment:
        yield Flag(
            priority=Priority.THIS_MONTH,
            area=Area.SERVICE,
            code="service.attainment_low",
            message=(
                f"service levels met {met}% of the time in 12 months "
                f"({service.met} of {service.results} results)"
            ),
        )
    share = service.credit_share
    if share is not None and share > limits.credit_share:
        yield Flag(
            priority=Priority.THIS_MONTH,
            area=Area.SERVICE,
            code="service.credits_high",
            message=(
                f"service credits are {share}% of fees this year "
                f"({service.credits_this_year})"
            ),
        )


SERVICE = ReviewArea("service", _position, _measures, _flags)
"""Service levels and credits."""
