"""The Account aggregate: everything the other packages model, for one client.

An :class:`Account` holds one client's contracts, billing and cash, service
levels with their measurements, stakeholder map, wallet estimates, surveys,
escalations, opportunities, costs and the account plan's targets. It checks
what the parts cannot check alone: that every amount is in the account's
currency, that references between parts resolve, and that ids are unique;
each problem is reported at its path (``invoices[3].contract_id``).
"""

import enum
import itertools
import types
import typing
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from accountkit._currencies import MINOR_UNITS
from accountkit._validators import (
    decimal,
    fraction_between,
    identifier,
    member_of,
    non_negative_money,
    optional_date,
    optional_decimal,
    plain_date,
    positive_money,
    same_currency,
    text,
    tuple_of,
    whole_number,
)
from accountkit.contracts import (
    Contract,
    CreditRegime,
    Measurement,
    Obligation,
    PeriodCharges,
    ServiceLevel,
    Waiver,
)
from accountkit.deals import ApprovalMatrix, BidOutcome, Deal, deal_pnl
from accountkit.delivery import DeliveryRecords
from accountkit.errors import CurrencyMismatchError, Problem, ValidationError
from accountkit.finance import CreditNote, Invoice, Payment
from accountkit.health import Override
from accountkit.money import Money, check_currency
from accountkit.periods import Period
from accountkit.relationships import StakeholderMap

__all__ = [
    "Account",
    "AccountPlan",
    "Cost",
    "Escalation",
    "Footprint",
    "Opportunity",
    "ServiceAgreement",
    "Severity",
    "Stage",
    "SurveyKind",
    "SurveyResponse",
    "WalletEstimate",
]


class Severity(enum.Enum):
    """How serious an escalation is; listed most serious first."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@attrs.frozen(kw_only=True)
class Escalation:
    """A client escalation: raised, and closed once resolved.

    Examples
    --------
    >>> from datetime import date
    >>> e = Escalation(id="E-1", title="Payroll outage", severity=Severity.HIGH,
    ...                raised_on=date(2026, 5, 4), closed_on=date(2026, 5, 11))
    >>> e.days_open(date(2026, 6, 30))
    7
    """

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=text)
    severity: Severity = attrs.field(validator=member_of(Severity))
    raised_on: date = attrs.field(validator=plain_date)
    closed_on: date | None = attrs.field(default=None, validator=optional_date)

    def __attrs_post_init__(self) -> None:
        if self.closed_on is not None and self.closed_on < self.raised_on:
            message = (
                f"must not be before raised_on ({self.raised_on.isoformat()}), "
                f"got {self.closed_on.isoformat()}"
            )
            raise ValidationError(message, path="closed_on", root="Escalation")

    def is_open(self, on: date) -> bool:
        """Whether the escalation was raised by ``on`` and not closed by then."""
        return self.raised_on <= on and (self.closed_on is None or self.closed_on > on)

    def days_open(self, on: date) -> int:
        """Days from raising to closing, or to ``on`` while it is open."""
        end = (
            self.closed_on
            if self.closed_on is not None and self.closed_on <= on
            else on
        )
        return max((end - self.raised_on).days, 0)


class Stage(enum.Enum):
    """Where an opportunity stands in the sales pipeline."""

    QUALIFYING = "qualifying"
    PROPOSING = "proposing"
    NEGOTIATING = "negotiating"
    WON = "won"
    LOST = "lost"


@attrs.frozen(kw_only=True)
class Opportunity:
    """A sales opportunity in the account.

    ``probability`` is the chance of winning (0 to 1); an open opportunity
    counts in the pipeline at ``value x probability``. ``close_on`` is the
    expected close date while open and the actual one once won or lost.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text)
    stage: Stage = attrs.field(validator=member_of(Stage))
    value: Money = attrs.field(validator=non_negative_money)
    probability: Decimal = attrs.field(
        converter=decimal,
        validator=fraction_between(Decimal(0), Decimal(1), meaning="a chance"),
    )
    close_on: date = attrs.field(validator=plain_date)
    service_line: str = attrs.field(default="", validator=text)
    deal: Deal | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Deal)),
    )
    reference: Money | None = attrs.field(
        default=None, validator=attrs.validators.optional(positive_money)
    )

    def __attrs_post_init__(self) -> None:
        if self.deal is None:
            return
        if self.reference is not None:
            same_currency(
                "Opportunity",
                [
                    (("deal", "currency"), Money.zero(self.deal.currency)),
                    (("reference",), self.reference),
                ],
            )
        try:
            deal_pnl(self.deal)
        except ValidationError as refused:
            message = f"the deal cannot be priced: {refused}"
            raise ValidationError(message, path="deal", root="Opportunity") from refused

    @property
    def price(self) -> Money:
        """What the opportunity is bid at: its deal's price, else its value."""
        return self.value if self.deal is None else deal_pnl(self.deal).price

    @property
    def is_open(self) -> bool:
        """Whether the opportunity is neither won nor lost."""
        return self.stage not in (Stage.WON, Stage.LOST)


class SurveyKind(enum.Enum):
    """Which survey a response answers."""

    NPS = "nps"
    """Likelihood to recommend, 0 to 10."""
    CSAT = "csat"
    """Satisfaction, 1 to 5."""


_SCALES = {SurveyKind.NPS: (0, 10), SurveyKind.CSAT: (1, 5)}


@attrs.frozen(kw_only=True)
class SurveyResponse:
    """One answer to a client survey."""

    kind: SurveyKind = attrs.field(validator=member_of(SurveyKind))
    score: int
    answered_on: date = attrs.field(validator=plain_date)
    respondent: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        low, high = _SCALES[self.kind]
        score = whole_number(
            self.score, where="SurveyResponse", path="score", minimum=low
        )
        if score > high:
            message = (
                f"a {self.kind.value} score is a whole number from {low} to {high}, "
                f"got {self.score!r}"
            )
            raise ValidationError(message, path="score", root="SurveyResponse")


@attrs.frozen(kw_only=True)
class WalletEstimate:
    """The client's spend in one service line, and ours, as estimated on a day.

    Several estimates of one line over time give the trend of our share.
    """

    service_line: str = attrs.field(validator=identifier)
    wallet: Money = attrs.field(validator=non_negative_money)
    ours: Money = attrs.field(validator=non_negative_money)
    estimated_on: date = attrs.field(validator=plain_date)


@attrs.frozen(kw_only=True)
class Footprint:
    """A client business unit we serve in a service line (a penetration cell)."""

    unit: str = attrs.field(validator=identifier)
    service_line: str = attrs.field(validator=identifier)


@attrs.frozen(kw_only=True)
class ServiceAgreement:
    """The service levels of a contract, their credit regime and measurements.

    ``charges`` are the fees per measurement period that credits are figured
    on (see :func:`~accountkit.contracts.assess_service_levels`): every
    measured period needs its charges, and charged periods must not overlap.

    Raises
    ------
    ValidationError
        Every problem at once, each at its path: a repeated level id, a
        measurement of an unknown level or of a period with no charges,
        overlapping charges.
    """

    id: str = attrs.field(validator=identifier)
    contract_id: str = attrs.field(validator=identifier)
    levels: tuple[ServiceLevel, ...] = attrs.field(validator=tuple_of(ServiceLevel))
    regime: CreditRegime = attrs.field(
        validator=attrs.validators.instance_of(CreditRegime)
    )
    measurements: tuple[Measurement, ...] = attrs.field(
        default=(), validator=tuple_of(Measurement)
    )
    charges: tuple[PeriodCharges, ...] = attrs.field(
        default=(), validator=tuple_of(PeriodCharges)
    )
    waivers: tuple[Waiver, ...] = attrs.field(default=(), validator=tuple_of(Waiver))

    def __attrs_post_init__(self) -> None:
        known: dict[str, int] = {}
        problems: list[Problem] = []
        for index, level in enumerate(self.levels):
            if level.id in known:
                problems.append(_twice("levels", index, level.id, known[level.id]))
            known.setdefault(level.id, index)
        problems += _overlapping_charges(self.charges)
        problems += _measurement_problems(self.measurements, known, self.charges)
        if problems:
            raise ValidationError(problems=problems, root="ServiceAgreement")


def _overlapping_charges(charges: tuple[PeriodCharges, ...]) -> list[Problem]:
    ordered = sorted(range(len(charges)), key=lambda i: charges[i].period)
    problems = []
    for before, after in itertools.pairwise(ordered):
        first, second = charges[before].period, charges[after].period
        if first.overlap(second) is not None:
            message = (
                f"overlaps charges[{before}] ({_days(first)}); charged periods "
                "must not overlap"
            )
            problems.append(Problem(("charges", after, "period"), message))
    return problems


def _measurement_problems(
    measurements: tuple[Measurement, ...],
    levels: dict[str, int],
    charges: tuple[PeriodCharges, ...],
) -> list[Problem]:
    charged = {charge.period for charge in charges}
    seen: dict[tuple[str, Period], int] = {}
    problems = []
    for index, measured in enumerate(measurements):
        key = (measured.service_level_id, measured.period)
        if key in seen:
            message = (
                f"{measured.service_level_id!r} is measured twice for "
                f"{_days(measured.period)} (measurements[{seen[key]}] and here)"
            )
            problems.append(Problem(("measurements", index), message))
        seen.setdefault(key, index)
        if measured.service_level_id not in levels:
            message = (
                f"no service level {measured.service_level_id!r} in this "
                f"agreement (it has {', '.join(sorted(levels)) or 'none'})"
            )
            problems.append(
                Problem(("measurements", index, "service_level_id"), message)
            )
        if measured.period not in charged:
            message = (
                f"no charges for {_days(measured.period)}: credits are figured "
                "on the period's charges, so each measured period needs them"
            )
            problems.append(Problem(("measurements", index, "period"), message))
    return problems


def _days(period: Period) -> str:
    """Return a period as its first and last day, as contracts write it."""
    return f"{period.start.isoformat()} to {period.last_day.isoformat()}"


def _twice(section: str, index: int, key: str, first: int) -> Problem:
    message = f"id {key!r} is used twice ({section}[{first}] and here)"
    return Problem((section, index, "id"), message)


@attrs.frozen(kw_only=True)
class Cost:
    """A cost of delivering the account, for its margin."""

    id: str = attrs.field(validator=identifier)
    incurred_on: date = attrs.field(validator=plain_date)
    amount: Money = attrs.field(validator=non_negative_money)
    description: str = attrs.field(default="", validator=text)


@attrs.frozen(kw_only=True)
class AccountPlan:
    """The account plan's targets for a calendar year.

    ``margin`` and ``share_of_wallet`` are fractions (``"0.22"`` for 22 %).
    """

    year: int = attrs.field()
    revenue: Money = attrs.field(validator=non_negative_money)
    margin: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        validator=fraction_between(
            Decimal(-1), Decimal(1), meaning="a margin is a fraction of revenue"
        ),
    )
    share_of_wallet: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        validator=fraction_between(
            Decimal(0), Decimal(1), meaning="a share of wallet is a fraction"
        ),
    )

    @year.validator
    def _check_year(self, _attribute: "attrs.Attribute[int]", value: int) -> None:
        whole_number(value, where="AccountPlan", path="year", minimum=1)


def _section(kind: type) -> Any:  # noqa: ANN401 - an attrs field
    """Return a section's field: ``None`` when not recorded, else a tuple."""
    return attrs.field(default=None, validator=tuple_of(kind, optional=True))


@attrs.frozen(kw_only=True)
class Account:
    """One client account and everything known about it.

    Parameters
    ----------
    id, name
        The account's identifier and display name.
    currency
        The ISO 4217 code every amount in the account is in.
    client
        The customer id its contracts, invoices and payments carry (default:
        ``id``).
    contracts, invoices, payments, credit_notes
        The commercial and billing records (:mod:`accountkit.contracts`,
        :mod:`accountkit.finance`).
    service
        Service agreements: levels, credit regimes and measurements.
    stakeholders
        The stakeholder map (:mod:`accountkit.relationships`), if kept.
    wallet
        Wallet estimates per service line, possibly several over time.
    units, footprint
        The client's business units, and the (unit, service line) cells we
        serve, for penetration.
    surveys, escalations, opportunities, costs
        Survey responses, escalations, the pipeline, and delivery costs.
    bids
        The history of priced and decided bids
        (:class:`~accountkit.deals.BidOutcome`) the review fits its
        bid-response curve to: this account's, or the firm's for this kind of
        work.
    approvals
        The firm's approval matrix
        (:class:`~accountkit.deals.ApprovalMatrix`) for the deals the
        opportunities carry.
    plan
        The account plan's targets, one per year.
    obligations
        The obligations register: what each side of the contracts must do,
        when, and what was done (:class:`~accountkit.contracts.Obligation`).
    delivery
        The delivery records (:class:`~accountkit.delivery.DeliveryRecords`):
        people, time, engagements, budgets, demand; for the review's
        delivery area (utilisation, the client P&L, budgets, resourcing).
    overrides
        Health-score overrides the account team has set (measure or group
        id, score, author, reason, expiry); the review applies those in force
        and flags expired ones.

    Notes
    -----
    Missing is not zero. Every section but ``overrides`` is ``None`` when it
    was not recorded (the key absent from the JSON, or ``null``), and a
    tuple, perhaps empty, when it was: no ``escalations`` key means nobody
    recorded escalations, and the review scores the escalation measures as
    missing; ``"escalations": []`` means there were none, and scores that.

    Raises
    ------
    ValidationError
        Every problem at once, each at its path: a repeated id, a reference
        that does not resolve, a record owned by another client, an amount
        in another currency than the account's.
    CurrencyMismatchError
        When the only problems are amounts in another currency.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text)
    currency: str
    client: str = attrs.field(
        default=attrs.Factory(lambda self: self.id, takes_self=True),
        validator=identifier,
    )
    contracts: tuple[Contract, ...] | None = _section(Contract)
    invoices: tuple[Invoice, ...] | None = _section(Invoice)
    payments: tuple[Payment, ...] | None = _section(Payment)
    credit_notes: tuple[CreditNote, ...] | None = _section(CreditNote)
    service: tuple[ServiceAgreement, ...] | None = _section(ServiceAgreement)
    stakeholders: StakeholderMap | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            attrs.validators.instance_of(StakeholderMap)
        ),
    )
    wallet: tuple[WalletEstimate, ...] | None = _section(WalletEstimate)
    units: tuple[str, ...] | None = _section(str)
    footprint: tuple[Footprint, ...] | None = _section(Footprint)
    surveys: tuple[SurveyResponse, ...] | None = _section(SurveyResponse)
    escalations: tuple[Escalation, ...] | None = _section(Escalation)
    opportunities: tuple[Opportunity, ...] | None = _section(Opportunity)
    bids: tuple[BidOutcome, ...] | None = _section(BidOutcome)
    approvals: ApprovalMatrix | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            attrs.validators.instance_of(ApprovalMatrix)
        ),
    )
    costs: tuple[Cost, ...] | None = _section(Cost)
    plan: tuple[AccountPlan, ...] | None = _section(AccountPlan)
    obligations: tuple[Obligation, ...] | None = _section(Obligation)
    delivery: DeliveryRecords | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            attrs.validators.instance_of(DeliveryRecords)
        ),
    )
    overrides: tuple[Override, ...] = attrs.field(
        default=(), validator=tuple_of(Override)
    )

    def __attrs_post_init__(self) -> None:
        check_currency(self.currency, where="Account")
        problems = [*_id_problems(self), *_reference_problems(self)]
        mismatched = list(_currency_problems(self))
        if mismatched and not problems:
            raise CurrencyMismatchError(problems=mismatched, root="Account")
        if problems or mismatched:
            raise ValidationError(problems=[*problems, *mismatched], root="Account")

    def recorded(self, section: str) -> bool:
        """Whether ``section`` (``"escalations"``, say) is recorded at all.

        A section that is ``None`` was not recorded: what the review would
        compute from it is missing. An empty tuple was recorded, and holds
        nothing.

        Examples
        --------
        >>> Account(id="acme", name="Acme", currency="EUR", escalations=()).recorded(
        ...     "escalations")
        True
        >>> Account(id="acme", name="Acme", currency="EUR").recorded("escalations")
        False
        """
        if section not in SECTIONS:
            message = f"no section {section!r} (sections: {', '.join(SECTIONS)})"
            raise ValidationError(message, path="section", root="Account.recorded")
        return getattr(self, section) is not None

    @staticmethod
    def cross_check(
        parts: Mapping[str, object],
        *,
        unreadable: Mapping[str, Iterable[str]] | None = None,
    ) -> list[Problem]:
        """Return the problems the constructor would find across ``parts``.

        For an account whose records could not all be read, so that its
        structural and cross-reference problems come in one report: ``parts``
        holds the fields that could be read (each section with the records
        that could), ``unreadable`` the ids of the records that could not, by
        section. A reference to an unreadable record is not reported: the
        record is there, only broken. Without a readable ``id`` and a known
        ``currency`` nothing can be checked, and the result is empty.

        Examples
        --------
        >>> from datetime import date
        >>> from accountkit import Money
        >>> from accountkit.finance import Payment
        >>> paid = Payment(id="P1", customer="acme", received_on=date(2026, 2, 1),
        ...                amount=Money("5", "EUR"), invoice_id="I9")
        >>> parts = {"id": "acme", "currency": "EUR", "payments": (paid,)}
        >>> [p.located("") for p in Account.cross_check(parts)]
        ["payments[0].invoice_id: no such record in the account: 'I9'"]
        >>> Account.cross_check(parts, unreadable={"invoices": ["I9"]})
        []
        """
        ident, currency = parts.get("id"), parts.get("currency")
        if not isinstance(ident, str) or currency not in MINOR_UNITS:
            return []
        values: dict[str, object] = dict.fromkeys(SECTIONS)
        values |= {
            "stakeholders": None,
            "approvals": None,
            "overrides": (),
            "client": ident,
        }
        values |= parts
        # the checks read only the fields: they run on the parts as they are
        seen = typing.cast("Account", types.SimpleNamespace(**values))
        assumed = {k: set(v) for k, v in (unreadable or {}).items()}
        return [
            *_id_problems(seen),
            *_reference_problems(seen, assumed),
            *_currency_problems(seen),
        ]

    def plan_for(self, year: int) -> AccountPlan | None:
        """Return the account plan for ``year``, if there is one."""
        return next((p for p in self.plan or () if p.year == year), None)


def _id_problems(account: Account) -> Iterable[Problem]:
    for name in (
        "contracts",
        "invoices",
        "payments",
        "credit_notes",
        "service",
        "escalations",
        "opportunities",
        "costs",
        "obligations",
    ):
        seen: dict[str, int] = {}
        for index, record in enumerate(getattr(account, name) or ()):
            if record.id in seen:
                yield _twice(name, index, record.id, seen[record.id])
            seen.setdefault(record.id, index)
    years: dict[int, int] = {}
    for index, plan in enumerate(account.plan or ()):
        if plan.year in years:
            message = f"two plans for {plan.year} (plan[{years[plan.year]}] and here)"
            yield Problem(("plan", index, "year"), message)
        years.setdefault(plan.year, index)
    units: dict[str, int] = {}
    for index, unit in enumerate(account.units or ()):
        if unit in units:
            message = f"unit {unit!r} is listed twice (units[{units[unit]}] and here)"
            yield Problem(("units", index), message)
        units.setdefault(unit, index)


def _reference_problems(
    account: Account, assumed: Mapping[str, set[str]] | None = None
) -> Iterable[Problem]:
    also = assumed or {}
    contracts = {c.id for c in account.contracts or ()} | also.get("contracts", set())
    invoices = {i.id for i in account.invoices or ()} | also.get("invoices", set())
    work = account.delivery.engagements if account.delivery is not None else ()
    checks: list[tuple[tuple[str, ...], Iterable[object], str, set[str]]] = [
        (("contracts",), account.contracts or (), "parent_id", contracts),
        (("invoices",), account.invoices or (), "contract_id", contracts),
        (("payments",), account.payments or (), "invoice_id", invoices),
        (("credit_notes",), account.credit_notes or (), "invoice_id", invoices),
        (("service",), account.service or (), "contract_id", contracts),
        (("obligations",), account.obligations or (), "contract_id", contracts),
        (("delivery", "engagements"), work, "contract_id", contracts),
    ]
    for place, records, field, known in checks:
        for index, record in enumerate(records):
            target = getattr(record, field)
            if target is not None and target not in known:
                message = f"no such record in the account: {target!r}"
                yield Problem((*place, index, field), message)
    for name, field in (
        ("contracts", "client"),
        ("invoices", "customer"),
        ("payments", "customer"),
        ("credit_notes", "customer"),
    ):
        for index, record in enumerate(getattr(account, name) or ()):
            owner = getattr(record, field)
            if owner != account.client:
                message = (
                    f"belongs to {owner!r}, not to this account ({account.client!r})"
                )
                yield Problem((name, index, field), message)
    yield from _parent_cycles(account)
    yield from _level_problems(account)
    units = set(account.units or ())
    for index, cell in enumerate(account.footprint or ()):
        if cell.unit not in units:
            message = f"not one of the account's units: {cell.unit!r}"
            yield Problem(("footprint", index, "unit"), message)


def _level_problems(account: Account) -> Iterable[Problem]:
    """Deals signed off at a level the account's approval matrix does not have."""
    if account.approvals is None:
        return
    levels = account.approvals.levels
    for index, opportunity in enumerate(account.opportunities or ()):
        deal = opportunity.deal
        if deal is not None and deal.approved_level not in (None, *levels):
            message = (
                f"not one of the approval matrix's levels ({', '.join(levels)}): "
                f"{deal.approved_level!r}"
            )
            place = ("opportunities", index, "deal", "approved_level")
            yield Problem(place, message)


def _parent_cycles(account: Account) -> Iterable[Problem]:
    """Contracts whose chain of parents comes back to them (SOW under MSA...)."""
    parents = {c.id: c.parent_id for c in account.contracts or ()}
    reported: set[str] = set()
    for index, contract in enumerate(account.contracts or ()):
        chain = [contract.id]
        parent = contract.parent_id
        while parent is not None and parent in parents and parent not in chain:
            chain.append(parent)
            parent = parents[parent]
        if parent == contract.id and contract.id not in reported:
            reported.update(chain)
            message = f"its parents come back to it: {' -> '.join([*chain, parent])}"
            yield Problem(("contracts", index, "parent_id"), message)


def _currency_problems(account: Account) -> Iterable[Problem]:
    for path, currency in _currencies(account):
        if currency != account.currency:
            message = f"in {currency}, but the account is in {account.currency}"
            yield Problem(path, message)


def _currencies(account: Account) -> Iterable[tuple[tuple[str | int, ...], str]]:
    for path, amount in _amounts(account):
        yield path, amount.currency
    for index, contract in enumerate(account.contracts or ()):
        yield ("contracts", index, "currency"), contract.currency
    for index, opportunity in enumerate(account.opportunities or ()):
        if opportunity.deal is not None:
            where = ("opportunities", index, "deal", "currency")
            yield where, opportunity.deal.currency
    if account.approvals is not None:
        yield ("approvals", "currency"), account.approvals.currency


def _amounts(account: Account) -> Iterable[tuple[tuple[str | int, ...], Money]]:
    for name in ("invoices", "payments", "credit_notes", "costs"):
        for index, record in enumerate(getattr(account, name) or ()):
            yield (name, index, "amount"), record.amount
    for index, agreement in enumerate(account.service or ()):
        for at, charge in enumerate(agreement.charges):
            yield ("service", index, "charges", at, "amount"), charge.amount
    for index, estimate in enumerate(account.wallet or ()):
        yield ("wallet", index, "wallet"), estimate.wallet
        yield ("wallet", index, "ours"), estimate.ours
    yield from _pipeline_amounts(account)
    for index, plan in enumerate(account.plan or ()):
        yield ("plan", index, "revenue"), plan.revenue
    if account.delivery is not None:
        yield from _delivery_amounts(account.delivery)


def _pipeline_amounts(
    account: Account,
) -> Iterable[tuple[tuple[str | int, ...], Money]]:
    for index, opportunity in enumerate(account.opportunities or ()):
        yield ("opportunities", index, "value"), opportunity.value
        if opportunity.reference is not None:
            yield ("opportunities", index, "reference"), opportunity.reference
    for index, bid in enumerate(account.bids or ()):
        yield ("bids", index, "price"), bid.price


def _delivery_amounts(
    records: DeliveryRecords,
) -> Iterable[tuple[tuple[str | int, ...], Money]]:
    for index, person in enumerate(records.people):
        for at, rate in enumerate(person.rates):
            where = ("delivery", "people", index, "rates", at)
            yield (*where, "cost_rate"), rate.cost_rate
            yield (*where, "bill_rate"), rate.bill_rate
    for index, expense in enumerate(records.expenses):
        yield ("delivery", "expenses", index, "amount"), expense.amount
    for index, line in enumerate(records.budgets or ()):
        yield ("delivery", "budgets", index, "cost"), line.cost


SECTIONS = (
    "contracts",
    "invoices",
    "payments",
    "credit_notes",
    "service",
    "wallet",
    "units",
    "footprint",
    "surveys",
    "escalations",
    "opportunities",
    "bids",
    "costs",
    "plan",
    "obligations",
    "delivery",
)
"""The sections of an :class:`Account` that may be not recorded (``None``)."""
