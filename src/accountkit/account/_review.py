"""The monthly service review of an account: every calculator, one answer.

:func:`review` runs the review's areas (one module each: service,
receivables, revenue, contracts, wallet, relationships, growth, escalations,
obligations, delivery)
over an :class:`Account` for a day, scores health on what they computed, gives
the account its colour, and gathers every area's flags in one prioritised
list. A new area is one new module and one entry in :data:`AREAS`.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from accountkit._checked import checked, unchecked
from accountkit.account._basis import (
    REVIEW_DAYS,
    THRESHOLDS,
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
    span_text,
)
from accountkit.account._contracts import CONTRACTS, ContractPosition
from accountkit.account._delivery import DELIVERY, DeliveryPosition
from accountkit.account._escalations import ESCALATIONS, EscalationPosition
from accountkit.account._growth import GROWTH, GrowthPosition
from accountkit.account._model import Account
from accountkit.account._obligations import OBLIGATIONS, ObligationPosition
from accountkit.account._receivables import RECEIVABLES, ReceivablesPosition
from accountkit.account._relationships import RELATIONSHIPS, RelationshipPosition
from accountkit.account._revenue import REVENUE, RevenuePosition
from accountkit.account._scorecard import default_scorecard
from accountkit.account._service import SERVICE, ServicePosition
from accountkit.account._wallet import WALLET, WalletPosition
from accountkit.errors import AccountkitError, Problem, ValidationError
from accountkit.health import (
    Group,
    HealthScore,
    MeasureStatus,
    Observation,
    Scorecard,
    score,
)
from accountkit.periods import check_date

__all__ = [
    "AREAS",
    "AccountReview",
    "ReviewFailure",
    "review",
]

AREAS: tuple[ReviewArea[Any], ...] = (
    SERVICE,
    RECEIVABLES,
    REVENUE,
    CONTRACTS,
    WALLET,
    RELATIONSHIPS,
    GROWTH,
    ESCALATIONS,
    OBLIGATIONS,
    DELIVERY,
)
"""The areas of the review, in the order they are computed (growth reads the
revenue position)."""

_AREA_ORDER = {area: index for index, area in enumerate(Area)}


@attrs.frozen(kw_only=True)
class AccountReview:
    """Everything about one account on one day, with its flags in order.

    ``band`` is the account's colour and ``band_reason`` says where it comes
    from: the health score's band, except that there is no colour
    (``None``, "insufficient data") when no contract is in force on the
    review day or the score rests on less than
    ``Thresholds.colour_completeness`` of its weight, and that a critical
    service level failed in its latest period makes the colour at best amber.

    An area whose position cannot be computed (a calculator refuses its
    data) does not fail the review: its position is empty with a ``note``
    saying why, its measures are missing, and a ``<area>.not_computed`` flag
    says so.
    """

    account: str
    name: str
    as_of: date
    currency: str
    band: str | None
    band_reason: str
    health: HealthScore
    service: ServicePosition
    receivables: ReceivablesPosition
    revenue: RevenuePosition
    contracts: ContractPosition
    wallet: WalletPosition
    relationships: RelationshipPosition
    growth: GrowthPosition
    escalations: EscalationPosition
    obligations: ObligationPosition
    delivery: DeliveryPosition
    flags: tuple[Flag, ...]


@attrs.frozen(kw_only=True)
class ReviewFailure:
    """An account that could not be reviewed, and why (see :func:`review_many`)."""

    index: int
    """Its position in the portfolio."""
    account: str
    name: str
    problems: tuple[Problem, ...]
    """What went wrong, each at its path within the account."""


@checked
def review(
    account: Account,
    *,
    as_of: date,
    scorecard: Scorecard | None = None,
    thresholds: Thresholds = THRESHOLDS,
) -> AccountReview:
    """Review ``account`` as of ``as_of``.

    Parameters
    ----------
    account
        The account.
    as_of
        The review day: only what is known on it counts.
    scorecard
        The health scorecard (default: :func:`default_scorecard`). Its
        measures are looked up by id among those the review computes; a
        measure the review does not compute is missing.
    thresholds
        Where flags are raised and the floor below which the review gives
        no colour (default: :class:`Thresholds`).

    Returns
    -------
    AccountReview
        The same for the same account and day, every time.

    Raises
    ------
    ValidationError
        If ``account`` is not an :class:`Account`, the day is not a date or
        is outside :data:`~accountkit.account.REVIEW_DAYS`, or ``thresholds``
        is not a :class:`Thresholds`.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.account import sample_portfolio
    >>> northwind = sample_portfolio()[0]
    >>> seen = review(northwind, as_of=date(2026, 6, 30))
    >>> seen.band, round(seen.health.score, 1)
    ('amber', 81.5)
    >>> print(seen.band_reason)  # doctest: +NORMALIZE_WHITESPACE
    critical service level Service availability (NW-SLA-1) failed in June 2026;
    the health score 81.5 on the 'IT services account' scorecard alone would be
    green
    >>> [(f.code, f.evidence) for f in seen.flags][:1]
    [('service.critical_failure', ('NW-SLA-1/availability/2026-06-01',))]
    """
    where = "review"
    day = check_review_day(as_of, where)
    if not isinstance(account, Account):
        message = f"expected an Account, got {type(account).__name__}"
        raise ValidationError(message, path="account", root=where)
    if not isinstance(thresholds, Thresholds):
        message = f"expected Thresholds, got {type(thresholds).__name__}"
        raise ValidationError(message, path="thresholds", root=where)
    return review_unchecked(account, day, scorecard, thresholds)


def check_review_day(as_of: date, where: str) -> date:
    """Return the review day, or say why it cannot be one."""
    day = check_date(as_of, where=where, path="as_of")
    first, last = REVIEW_DAYS
    if not first <= day <= last:
        message = (
            f"out of the supported date range ({first.isoformat()} to "
            f"{last.isoformat()}: a review looks back a year and a half and 120 "
            f"days ahead), got {day.isoformat()}"
        )
        raise ValidationError(message, path="as_of", root=where)
    return day


def review_unchecked(
    account: Account,
    day: date,
    scorecard: Scorecard | None,
    thresholds: Thresholds,
) -> AccountReview:
    """Review ``account`` on ``day``: :func:`review` after its checks."""
    positions: dict[str, Any] = {}
    unavailable: list[Flag] = []
    for area in AREAS:
        try:
            positions[area.name] = area.position(account, day, positions)
        except AccountkitError as err:
            # what cannot be computed is missing, and says why: it never
            # fails the account
            why = str(err).splitlines()[0]
            bare = Account(
                id=account.id,
                name=account.name,
                currency=account.currency,
                client=account.client,
            )
            positions[area.name] = attrs.evolve(
                area.position(bare, day, positions), note=f"not computed: {why}"
            )
            unavailable.append(
                Flag(
                    priority=Priority.THIS_MONTH,
                    area=Area(area.name),
                    code=f"{area.name}.not_computed",
                    message=f"the {area.name} position could not be computed: {why}",
                )
            )
    measures = {
        key: value
        for area in AREAS
        for key, value in area.measures(positions[area.name]).items()
    }
    card = scorecard or default_scorecard()
    known = set(card.measure_ids)
    wallet: WalletPosition = positions["wallet"]
    # the wallet measures are as old as the estimates behind them
    seen_on = (
        {}
        if wallet.estimated_on is None
        else dict.fromkeys(("share_of_wallet", "wallet_trend"), wallet.estimated_on)
    )
    health = unchecked(score)(
        card,
        [
            Observation(measure=k, value=v, observed_on=seen_on.get(k, day))
            for k, v in measures.items()
            if v is not None and k in known
        ],
        as_of=day,
        overrides=account.overrides,
        account=account.id,
    )
    band, reason = _colour(health, positions, thresholds, card)
    flags = [
        *unavailable,
        *_health_flags(account, day, health, (band, reason), thresholds),
        *(
            flag
            for area in AREAS
            for flag in area.flags(account, day, positions[area.name], thresholds)
        ),
    ]
    return AccountReview(
        account=account.id,
        name=account.name,
        as_of=day,
        currency=account.currency,
        band=band,
        band_reason=reason,
        health=health,
        flags=tuple(
            sorted(
                flags,
                key=lambda f: (f.priority.value, _AREA_ORDER[f.area], f.message),
            )
        ),
        **positions,
    )


def _critical(card: Scorecard) -> set[str]:
    """Return the ids of the scorecard's critical measures (worst-of's)."""
    found: set[str] = set()
    members: list[Scorecard | Group] = [card]
    while members:
        member = members.pop()
        found |= {m.id for m in member.measures if m.critical}
        members += member.groups
    return found


def _colour(
    health: HealthScore,
    positions: dict[str, Any],
    limits: Thresholds,
    card: Scorecard,
) -> tuple[str | None, str]:
    """Return the account's colour and why (see :class:`AccountReview`)."""
    contracts: ContractPosition = positions["contracts"]
    service: ServicePosition = positions["service"]
    if not contracts.in_force:
        why = (
            "no contracts are recorded"
            if not contracts.recorded
            else ("no contract is in force on the review day")
        )
        return None, f"insufficient data: {why}"
    if health.score is None or health.completeness < limits.colour_completeness:
        return None, (
            f"insufficient data: the health score rests on "
            f"{health.completeness:.0%} of its weight, below the "
            f"{limits.colour_completeness:.0%} a colour needs"
        )
    scored = f"health score {health.score:.1f} on the {health.scorecard!r} scorecard"
    decisive = _critical(card)
    worst = [
        m.name
        for m in health.measures
        if m.id in decisive and m.band == health.worst_band
    ]
    if worst and health.band != card.bands.band_of(health.score):
        # the worst-of rule: a critical measure in the worst band sets the colour
        return health.band, (
            f"{', '.join(worst)} is {health.worst_band} and critical, so the "
            f"account is {health.worst_band} whatever the {scored}"
        )
    critical = service.critical_failed
    if critical and health.band not in {"red", "amber"}:
        failed = "; ".join(f"{f.name} ({f.agreement})" for f in critical)
        when = span_text(critical[0].first_day, critical[0].last_day)
        return "amber", (
            f"critical service level {failed} failed in {when}; the "
            f"{scored} alone would be {health.band}"
        )
    return health.band, scored


def _health_flags(
    account: Account,
    day: date,
    health: HealthScore,
    colour: tuple[str | None, str],
    limits: Thresholds,
) -> Iterable[Flag]:
    band, reason = colour
    if band is None:
        yield Flag(
            priority=Priority.THIS_MONTH,
            area=Area.HEALTH,
            code="health.insufficient_data",
            message=f"no colour: {reason.removeprefix('insufficient data: ')}",
        )
    elif band in {"red", "amber"}:
        yield Flag(
            priority=Priority.NOW if band == "red" else Priority.THIS_MONTH,
            area=Area.HEALTH,
            code=f"health.{band}",
            message=f"health is {band} ({reason})",
        )
    if band is not None and health.completeness < limits.completeness:
        yield Flag(
            priority=Priority.WATCH,
            area=Area.HEALTH,
            code="health.incomplete",
            message=f"health rests on {health.completeness:.0%} of its weight",
        )
    for measure in health.measures:
        if measure.status is MeasureStatus.STALE:
            yield Flag(
                priority=Priority.WATCH,
                area=Area.HEALTH,
                code="health.stale_measure",
                message=f"{measure.name} is stale: {measure.note}",
                evidence=(measure.id,),
            )
    names = {m.id: m.name for m in health.measures} | {
        g.id: g.name for g in health.groups
    }
    for given in account.overrides:
        # an override never expires before it is set, so this one was set too
        if given.expires_on < day:
            yield Flag(
                priority=Priority.WATCH,
                area=Area.HEALTH,
                code="health.override_expired",
                message=(
                    f"override of {names.get(given.target, given.target)} by "
                    f"{given.author} expired on {given.expires_on.isoformat()}"
                ),
                evidence=(given.target,),
            )
