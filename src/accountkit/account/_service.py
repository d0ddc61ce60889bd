"""The review's service area: service levels over 12 months, and credits."""

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
    span_text,
    zero,
)
from accountkit.account._model import Account
from accountkit.contracts._regime import issued_credits
from accountkit.money import Money

if TYPE_CHECKING:
    from accountkit.periods import Period

__all__ = ["SERVICE", "FailedLevel", "ServiceMonth", "ServicePosition"]


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
class ServiceMonth:
    """How the service levels of every agreement fared in one period.

    Counts of the measured results of the period that met their target,
    that failed it, and of those failed that are critical levels.
    """

    first_day: date
    last_day: date
    met: int
    failed: int
    critical_failed: int


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
    months: tuple[ServiceMonth, ...] = ()
    """Each period of the 12 months measured, in order, with its results
    (for a heat strip of the year)."""
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
    tally: dict[Period, list[int]] = {}
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
            counts = tally.setdefault(period.period, [0, 0, 0])
            for level_id, level_met in period.met:
                if level_met is None:  # not measured
                    continue
                results += 1
                met += level_met
                _count(counts, met=level_met, critical=levels[level_id].critical)
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
        months=tuple(
            ServiceMonth(
                first_day=period.start,
                last_day=period.last_day,
                met=counts[0],
                failed=counts[1],
                critical_failed=counts[2],
            )
            for period, counts in sorted(tally.items())
        ),
    )


def _count(counts: list[int], *, met: bool, critical: bool) -> None:
    """Add one result to a period's counts: met, failed, critical failed."""
    if met:
        counts[0] += 1
    else:
        counts[1] += 1
        counts[2] += critical


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
