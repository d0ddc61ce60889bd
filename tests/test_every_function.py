"""Every public function, called with each class of bad argument, fails cleanly.

The functions come from the public ``__all__`` of every public module
(``api_walk.public_names``), so a function added later is covered by this
test: :data:`VALID` must hold a valid call for it or the first test fails.
From that valid call, each argument in turn is replaced by one bad value of
each class the hostile-integration corpus of issue 14 found escaping:

- ``None`` where a value is needed,
- an object of no accountkit type,
- a string of digits where a number, date or record is expected,
- a float NaN, and infinity,
- a negative number, and an absurdly large one (10**30).

The call must then either succeed (the argument accepts that value, such as a
title string) or raise an :mod:`accountkit.errors` exception; the one builtin
allowed is the documented ``TypeError`` for a float where an exact amount is
needed. Nothing else may escape: no ``AttributeError``, no bare
``TypeError`` from arithmetic, no ``decimal.InvalidOperation``, no
``OverflowError``, no raw numpy error, no hang.
"""

import inspect
import io
import math
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from accountkit import AccountkitError, Money, Period
from accountkit.account import default_scorecard, review, sample_portfolio
from accountkit.contracts import (
    BusinessCalendar,
    Obligation,
    Outage,
    PaymentTerms,
    Side,
    Ticket,
    TicketTarget,
    Tier,
    TimeSpan,
    UnitPrice,
    contract_tree,
    obligation_calendar,
)
from accountkit.deals import (
    ApprovalMatrix,
    ApprovalRule,
    BidOutcome,
    Deal,
    Effort,
    Measure,
    RoleRate,
    UnitShare,
    fit_bid_response,
    price_to_win,
)
from accountkit.delivery import BudgetLine, Engagement, Person, RateChange, TimeEntry
from accountkit.finance import (
    Delivery,
    LineItem,
    Settlement,
    open_items,
    revenue_variance,
    wallet_by_service_line,
)
from accountkit.health import Observation
from accountkit.tables import sample_tables
from api_walk import public_names

AS_OF = date(2026, 6, 30)
NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)
ACCOUNT = sample_portfolio()[0]
SLA = ACCOUNT.service[0]
BOARD = ACCOUNT.stakeholders
CONTRACT = ACCOUNT.contracts[1]
PERSON = Person(
    id="ana",
    name="Ana",
    role="architect",
    calendar=BusinessCalendar.weekdays(time(9), time(17), timezone="UTC"),
    rates=(
        RateChange(
            effective_from=date(2026, 1, 1),
            cost_rate=Money("70", "EUR"),
            bill_rate=Money("150", "EUR"),
        ),
    ),
)
OBLIGATION = Obligation(
    id="kpi",
    title="Monthly KPI report",
    side=Side.PROVIDER,
    start=date(2026, 1, 1),
    rule="FREQ=MONTHLY;BYMONTHDAY=10",
)
YEAR = Period(date(2026, 1, 1), date(2027, 1, 1))
JUNE = Period.month(2026, 6)
DESK = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
SPAN = TimeSpan(datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC))
OUTAGE = Outage(
    start=datetime(2026, 6, 2, tzinfo=UTC), end=datetime(2026, 6, 2, 1, tzinfo=UTC)
)
TARGET = TicketTarget(
    priority="P1", response=timedelta(hours=1), resolution=timedelta(hours=8)
)
TICKET = Ticket(
    id="T-1",
    priority="P1",
    created_at=datetime(2026, 6, 2, 9, tzinfo=UTC),
    resolved_at=datetime(2026, 6, 2, 11, tzinfo=UTC),
)
PRICE = UnitPrice(
    id="u",
    tiers=(
        Tier(up_to=100, unit_price=Money("2", "EUR")),
        Tier(up_to=None, unit_price=Money("1", "EUR")),
    ),
)
SETTLED = Settlement(
    amount=Money("100", "EUR"),
    issued_on=date(2026, 1, 1),
    due_on=date(2026, 1, 31),
    paid_on=date(2026, 2, 10),
)
E = Money("100", "EUR")
REVIEWED = review(ACCOUNT, as_of=AS_OF)
WALLET = wallet_by_service_line({"cloud": Money("500", "EUR")}, {"cloud": E})
VARIANCE = revenue_variance(ACCOUNT.contracts, ACCOUNT.invoices, YEAR)

BIDS = [
    BidOutcome(price=Money(p, "EUR"), reference=E, won=w)
    for p, w in (
        ("90", True),
        ("100", True),
        ("110", False),
        ("95", False),
        ("120", False),
        ("105", True),
    )
]

DEAL = Deal(
    id="d1",
    name="Service desk",
    client="acme",
    currency="EUR",
    start=date(2027, 1, 1),
    years=1,
    lead_unit="apps",
    rates=(RoleRate(role="analyst", price=Money("800", "EUR"), cost=E),),
    effort=(Effort(role="analyst", deal_year=1, days=Decimal(10)),),
    target_margin=Decimal("0.2"),
)
MATRIX = ApprovalMatrix(
    currency="EUR",
    levels=("lead", "cfo"),
    rules=(ApprovalRule(level="cfo", measure=Measure.MARGIN, threshold="0.25"),),
)

Call = tuple[tuple[Any, ...], dict[str, Any]]


def _(*args: Any, **kwargs: Any) -> Callable[[], Call]:
    return lambda: (args, kwargs)


VALID: dict[str, Callable[[], Call]] = {
    # serialization
    "json_schema": _(Money),
    "from_dict": _(Money, {"amount": "1", "currency": "EUR"}),
    "from_json": _(Money, '{"amount": "1", "currency": "EUR"}'),
    "parse_json": _("[1]"),
    "read_portfolio": _("[]"),
    "read_reviews": _(""),
    "iter_portfolio": lambda: ((io.BytesIO(b"[]"),), {}),
    "schema": _("account"),
    "tag_of": _(Money),
    "to_dict": _(E),
    "to_json": _(E),
    # tables
    "read_tables": lambda: ((sample_tables(),), {}),
    "read_frames": _({}),
    "sample_tables": _(),
    "table_layout": _(),
    "to_tables": _([ACCOUNT]),
    "write_tables": lambda: (([ACCOUNT], tempfile.mkdtemp()), {}),
    "review_tables": _([REVIEWED]),
    "review_frames": _([REVIEWED]),
    "record_rows": _([E]),
    "write_csv": lambda: (([{"a": 1}], io.StringIO()), {}),
    "write_review_tables": lambda: (([REVIEWED], tempfile.mkdtemp()), {}),
    "write_workbook": lambda: (([REVIEWED], tempfile.mkdtemp() + "/r.xlsx"), {}),
    # account
    "render_portfolio": _([REVIEWED]),
    "render_review": _(REVIEWED),
    "render_site": lambda: (([REVIEWED], tempfile.mkdtemp()), {}),
    "review": _(ACCOUNT, as_of=AS_OF),
    "obligations_of": _(ACCOUNT),
    "sample_rates": _(),
    "review_many": _([ACCOUNT], as_of=AS_OF),
    "iter_reviews": _([ACCOUNT], as_of=AS_OF),
    "review_block": _([(0, ACCOUNT)], as_of=AS_OF),
    "review_frame": _([REVIEWED]),
    "review_rows": _([REVIEWED]),
    "review_lines": _(['{"id": "a", "name": "A", "currency": "EUR"}'], as_of=AS_OF),
    "load_portfolio": _("[]"),
    "sample_portfolio": _(),
    "default_scorecard": _(),
    # contracts
    "add_business_time": _(DESK, NOW, timedelta(hours=2)),
    "assess_arrays": _(
        SLA.levels, SLA.regime, [[[999_000] * 3]], [[100_000]], currency="EUR"
    ),
    "assess_service_levels": _(
        SLA.levels, SLA.regime, measurements=SLA.measurements, charges=SLA.charges
    ),
    "availability": _([OUTAGE], SPAN),
    "billing_arrays": _([CONTRACT]),
    "contract_tree": lambda: ((sample_portfolio()[0].contracts,), {}),
    "contract_obligations": _(CONTRACT),
    "utilisation": lambda: ((PERSON, []), {"period": Period.month(2026, 2)}),
    "working_hours": _(PERSON.calendar, date(2026, 2, 2)),
    "attrition": _([PERSON], period=Period.month(2026, 2)),
    "headcount": _([PERSON], on=date(2026, 2, 2)),
    "monthly_utilisation": lambda: (
        (
            [PERSON],
            [
                TimeEntry(
                    person="ana", engagement="C-1", day=date(2026, 2, 2), hours="8"
                )
            ],
        ),
        {"period": Period.month(2026, 2)},
    ),
    "role_utilisation": _([]),
    "available_hours": _([PERSON], period=Period.month(2026, 2)),
    "client_pnl": _(
        [Engagement(id="C-1", name="Run", service_line="run")],
        period=Period.month(2026, 2),
        people=[PERSON],
        entries=[
            TimeEntry(person="ana", engagement="C-1", day=date(2026, 2, 2), hours="8")
        ],
    ),
    "time_arrays": _(
        person=[0],
        engagement=[0],
        day=["2026-02-02"],
        hours=[8.0],
        billable=[True],
        rate_person=[0],
        rate_from=["2026-01-01"],
        cost_rate=[7000],
        bill_rate=[15000],
        currency="EUR",
        period=Period.month(2026, 2),
    ),
    "budget_position": _(
        "C-1",
        budget=[
            BudgetLine(
                engagement="C-1",
                month=date(2026, 1, 1),
                cost=Money("100", "EUR"),
                hours="10",
            )
        ],
        people=[PERSON],
        entries=[],
        as_of=date(2026, 1, 31),
    ),
    "staffing": _([], period=Period.month(2026, 2), as_of=date(2026, 2, 28)),
    "earned_value": _(
        budget_at_completion=Money("100", "EUR"),
        planned_value=Money("50", "EUR"),
        earned_value=Money("40", "EUR"),
        actual_cost=Money("45", "EUR"),
    ),
    "obligation_calendar": _(
        [OBLIGATION], Period.month(2026, 3), as_of=date(2026, 3, 12)
    ),
    "calendar_text": _(
        obligation_calendar(
            [OBLIGATION], Period.month(2026, 3), as_of=date(2026, 3, 12)
        ),
        Period.month(2026, 3),
    ),
    "rolled_value": lambda: ((contract_tree(sample_portfolio()[0].contracts)[0],), {}),
    "tree_schedule": lambda: (
        (contract_tree(sample_portfolio()[0].contracts)[0],),
        {"period": Period.month(2026, 6)},
    ),
    "tree_changes": lambda: ((contract_tree(sample_portfolio()[0].contracts)[0],), {}),
    "billing_schedule": _(CONTRACT, period=YEAR),
    "business_time_between": _(DESK, NOW, NOW + timedelta(days=2)),
    "change_log": _(CONTRACT),
    "charge_window": _(CONTRACT.charges[0], CONTRACT.term),
    "contract_value": _(CONTRACT),
    "contract_years": _(CONTRACT.term),
    "downtime": _([OUTAGE], SPAN),
    "due_dates": _(PaymentTerms.net(30), np.array(["2026-06-30"], "datetime64[D]")),
    "fixed_fee_arrays": _(
        np.array(["2026-01-01"], "datetime64[D]"),
        np.array(["2027-01-01"], "datetime64[D]"),
        [1000],
    ),
    "meets": _(SLA.levels[0], Decimal("99.9")),
    "merge_spans": _([SPAN]),
    "price_units": _(PRICE, 150),
    "renewal_status": _(CONTRACT, as_of=AS_OF),
    "rule_credit": _(SLA.levels[0], Decimal(90), charges=E),
    "ticket_clock": _(TICKET, [TARGET], DESK),
    "ticket_compliance": _([TICKET], [TARGET], DESK, period=SPAN, as_of=NOW),
    "tier_breakdown": _(PRICE, 150),
    # errors
    "format_path": _("$", ["a", 1]),
    "shorten": _("x" * 100),
    # finance
    "ageing": _(
        open_items(ACCOUNT.invoices, ACCOUNT.payments, as_of=AS_OF), as_of=AS_OF
    ),
    "ageing_arrays": _(["2026-05-01"], [100], ["a"], as_of=AS_OF),
    "attainment": _(
        ACCOUNT.contracts, ACCOUNT.invoices, year=YEAR, as_of=AS_OF, history_months=6
    ),
    "average_days_delinquent": _(E, Money("50", "EUR"), E, days=30),
    "average_days_to_pay": _([SETTLED]),
    "best_possible_dso": _(Money("50", "EUR"), E, days=30),
    "billed_by_period": _(ACCOUNT.invoices, JUNE, currency="EUR"),
    "collection_effectiveness": _(E, E, Money("80", "EUR"), Money("40", "EUR")),
    "contracted_by_period": _(ACCOUNT.contracts, JUNE),
    "countback_dso": _(E, [Money("80", "EUR")], period_days=[30], allow_partial=True),
    "countback_dso_arrays": _([100], [[80, 50]], [30, 31]),
    "days_beyond_terms": _([SETTLED]),
    "fit_bid_response": _(BIDS, min_each=2),
    "deal_pnl": _(DEAL),
    "deal_contract": _(DEAL, signed_on=date(2026, 12, 1)),
    "deal_approvals": _(DEAL, MATRIX),
    "revenue_split": _(DEAL, [UnitShare(unit="apps", weight=Decimal(1))]),
    "plot_price_to_win": lambda: (
        (
            price_to_win(
                fit_bid_response(BIDS, min_each=2),
                reference=E,
                cost=Money("80", "EUR"),
            ),
        ),
        {"price": E, "floor": Money("90", "EUR"), "title": "t"},
    ),
    "price_to_win": lambda: (
        (fit_bid_response(BIDS, min_each=2),),
        {"reference": E, "cost": Money("80", "EUR")},
    ),
    "forecast": _([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3),
    "forecast_many": _([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]], 3),
    "backtest": _([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]], 2, initial=5),
    "open_items": _(ACCOUNT.invoices, ACCOUNT.payments, as_of=AS_OF),
    "order_book": _(
        E, [JUNE], bookings=[Money("10", "EUR")], revenue=[Money("20", "EUR")]
    ),
    "penetration": _([("u", "s")], units=["u"], service_lines=["s"]),
    "plot_revenue": _(VARIANCE),
    "portfolio_wallet": _([WALLET]),
    "price_volume_mix": _(
        [LineItem(item="a", quantity=1, unit_price=E)],
        [LineItem(item="a", quantity=2, unit_price=E)],
    ),
    "revenue_leakage": _(
        [
            Delivery(
                item="a",
                delivered=2,
                contract_rate=E,
                billed_quantity=1,
                billed=E,
            )
        ]
    ),
    "revenue_variance": _(ACCOUNT.contracts, ACCOUNT.invoices, YEAR),
    "share_of_wallet": _(E, Money("500", "EUR")),
    "simple_dso": _(E, Money("300", "EUR"), days=90),
    "unconsumed_caps": _(ACCOUNT.contracts, as_of=AS_OF),
    "wallet_allocation": _({"a": 1, "b": 3}),
    "wallet_by_service_line": _({"cloud": Money("500", "EUR")}, {"cloud": E}),
    # health
    "compare": _(REVIEWED.health, REVIEWED.health),
    "csat": _([4, 5, 5, 3, 4]),
    "nps": _([9, 10, 7, 3, 9]),
    "roll_up": _([REVIEWED.health]),
    "score": _(
        default_scorecard(),
        [Observation(measure="sla_attainment", value=99, observed_on=AS_OF)],
        as_of=AS_OF,
    ),
    "score_many": _(default_scorecard(), np.full((1, 24), np.nan)),
    "trend": _([REVIEWED.health]),
    # money
    "check_currency": _("EUR"),
    "check_rounding": _("ROUND_HALF_UP"),
    "minor_units": _("EUR"),
    "round_quotient": _(7, 3, "ROUND_HALF_UP"),
    "to_decimal": _("1.5"),
    # periods
    "add_months": _(AS_OF, 1),
    "check_date": _(AS_OF),
    "end_of_month": _(AS_OF),
    # relationships
    "alignment": _(BOARD),
    "broker_scores": _(BOARD),
    "connection_risks": _(BOARD),
    "coverage": _(BOARD),
    "influence_arrays": _([3], [0, 1], [1, 2], [1.0, 0.5]),
    "influence_scores": _(BOARD),
    "influence_scores_many": _([BOARD]),
    "katz_scores": _(BOARD),
    "key_players": _(BOARD),
    "mendelow_grid": _(BOARD),
    "multithreading": _(BOARD),
    "org_chart_layout": _(BOARD),
    "plot_map": _(BOARD),
    "red_flags": _(BOARD, as_of=AS_OF),
    "warm_paths": _(BOARD, BOARD.stakeholders[-1].id),
}
"""One valid call of every public function, by name."""

NOT_CALLED = {
    "main": "the command line; tests/test_cli.py feeds it bad arguments and files",
}
"""Public functions this test leaves to a test of their own, and why."""

BAD: dict[str, object] = {
    "None": None,
    "object": object(),
    "digits": "12",
    "nan": math.nan,
    "inf": math.inf,
    "negative": -1,
    "huge": 10**30,
}
"""One value of each class of bad argument."""


def _functions() -> dict[str, Callable[..., object]]:
    return {
        name: obj
        for _module, name, obj in public_names()
        if inspect.isfunction(obj) and name not in NOT_CALLED
    }


FUNCTIONS = _functions()


def _documented(error: BaseException) -> bool:
    if isinstance(error, AccountkitError):
        return True
    # The one documented builtin: a float where an exact amount is needed.
    return type(error) is TypeError and "float" in str(error) and "exact" in str(error)


@pytest.fixture(autouse=True)
def _no_figures_kept():
    """The plotting functions draw on new figures; close them after each call."""
    yield
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


def test_every_public_function_has_a_valid_call():
    assert sorted(FUNCTIONS) == sorted(VALID)


@pytest.mark.parametrize("name", sorted(VALID))
def test_the_valid_call_succeeds(name):
    args, kwargs = VALID[name]()
    FUNCTIONS[name](*args, **kwargs)


def _variants() -> list[tuple[str, str, str]]:
    return [
        (name, parameter, kind)
        for name in sorted(VALID)
        for parameter in inspect.signature(FUNCTIONS[name]).parameters
        for kind in BAD
    ]


@pytest.mark.parametrize(("name", "parameter", "kind"), _variants())
def test_a_bad_argument_fails_cleanly(name, parameter, kind, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a path given as text is written here, not in the tree
    args, kwargs = VALID[name]()
    function = FUNCTIONS[name]
    bound = inspect.signature(function).bind(*args, **kwargs)
    bound.arguments[parameter] = BAD[kind]
    escaped: BaseException | None = None
    try:
        function(*bound.args, **bound.kwargs)
    except Exception as error:  # noqa: BLE001 - the kind of error is the test
        escaped = None if _documented(error) else error
    assert escaped is None, f"{type(escaped).__name__}: {escaped}"
