"""The Account aggregate: what it checks across its parts, and its JSON."""

from datetime import date
from decimal import Decimal

import pytest

from accountkit import CurrencyMismatchError, Money, ValidationError
from accountkit.account import (
    Account,
    AccountPlan,
    Escalation,
    Footprint,
    Opportunity,
    Severity,
    Stage,
    SurveyKind,
    SurveyResponse,
    Thresholds,
    load_portfolio,
    sample_portfolio,
)
from accountkit.finance import Invoice, Payment
from accountkit.serialization import from_json, to_json
from builders import eur, monthly


def _invoice(**fields: object) -> Invoice:
    values: dict[str, object] = {
        "id": "I1",
        "customer": "acme",
        "issued_on": date(2026, 1, 1),
        "amount": eur("100"),
        "due_on": date(2026, 1, 31),
        "contract_id": "C-1",
    }
    values.update(fields)
    return Invoice(**values)  # type: ignore[arg-type]


def test_the_sample_portfolio_round_trips_through_json():
    accounts = sample_portfolio()
    assert [a.name for a in accounts] == [
        "Northwind Logistics",
        "Contoso Health",
        "Fabrikam Retail",
    ]
    text = to_json(accounts)
    assert from_json(list[Account], text) == accounts
    assert load_portfolio(to_json(accounts[0])) == [accounts[0]]


def test_the_client_defaults_to_the_id():
    assert Account(id="acme", name="Acme", currency="EUR").client == "acme"


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        (
            {"invoices": (_invoice(contract_id="C-9"),)},
            "invoices[0].contract_id",
            "no such record",
        ),
        ({"invoices": (_invoice(), _invoice())}, "invoices[1].id", "used twice"),
        (
            {"invoices": (_invoice(customer="other"),)},
            "invoices[0].customer",
            "belongs to 'other'",
        ),
        (
            {
                "payments": (
                    Payment(
                        id="P",
                        customer="acme",
                        received_on=date(2026, 2, 1),
                        amount=eur("1"),
                        invoice_id="I9",
                    ),
                )
            },
            "payments[0].invoice_id",
            "no such record",
        ),
        (
            {
                "units": ("ops",),
                "footprint": (Footprint(unit="sales", service_line="desk"),),
            },
            "footprint[0].unit",
            "not one of",
        ),
        ({"surveys": ["not a response"]}, "surveys", "expected a tuple"),
        ({"escalations": ("x",)}, "escalations[0]", "expected an Escalation, got str"),
    ],
)
def test_cross_checks_name_the_path(fields, path, message):
    base = {"id": "acme", "name": "Acme", "currency": "EUR", "contracts": (monthly(),)}
    with pytest.raises(ValidationError, match=message) as caught:
        Account(**{**base, **fields})
    assert path in str(caught.value)


def test_an_amount_in_another_currency_is_named():
    invoice = _invoice(amount=Money("100", "USD"))
    with pytest.raises(
        CurrencyMismatchError,
        match=r"invoices\[0\].amount: in USD, but the account is in EUR",
    ):
        Account(
            id="acme",
            name="Acme",
            currency="EUR",
            contracts=(monthly(),),
            invoices=(invoice,),
        )


def test_records_check_themselves():
    with pytest.raises(ValidationError, match="from 0 to 10, got 11"):
        SurveyResponse(kind=SurveyKind.NPS, score=11, answered_on=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="whole number of at least 1, got 0"):
        SurveyResponse(kind=SurveyKind.CSAT, score=0, answered_on=date(2026, 1, 1))
    with pytest.raises(
        ValidationError, match="closed_on: must not be before raised_on"
    ):
        Escalation(
            id="E",
            title="t",
            severity=Severity.LOW,
            raised_on=date(2026, 2, 1),
            closed_on=date(2026, 1, 1),
        )
    with pytest.raises(
        ValidationError,
        match=r"Opportunity\.probability: must be at least 0 and at most 1 \(a chance\)",
    ):
        Opportunity(
            id="O",
            name="n",
            stage=Stage.WON,
            value=eur("1"),
            probability=Decimal("1.5"),
            close_on=date(2026, 1, 1),
        )


def test_escalation_days_by_hand():
    """Raised 4 May, closed 11 May: 7 days; open on 8 May for 4 days so far."""
    item = Escalation(
        id="E",
        title="t",
        severity=Severity.HIGH,
        raised_on=date(2026, 5, 4),
        closed_on=date(2026, 5, 11),
    )
    assert item.days_open(date(2026, 6, 30)) == 7
    assert item.days_open(date(2026, 5, 8)) == 4
    assert item.is_open(date(2026, 5, 8))
    assert not item.is_open(date(2026, 5, 11))


def test_load_portfolio_reports_every_problem_at_its_json_path():
    text = '[{"id": "a", "name": "A", "currency": "EUR"}, {"id": "b", "name": "B", "currency": "EUR", "invoices": [{"id": 3}], "extra": 1}]'
    with pytest.raises(ValidationError) as caught:
        load_portfolio(text)
    shown = str(caught.value)
    assert "$[1].invoices[0].id: expected a string" in shown
    assert "$[1].extra: unknown field" in shown
    with pytest.raises(ValidationError, match="malformed JSON"):
        load_portfolio("[{")


def test_lenient_reading_ignores_unknown_fields():
    text = '{"id": "a", "name": "A", "currency": "EUR", "crm_owner": "Dana"}'
    assert load_portfolio(text, strict=False)[0].id == "a"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"share_of_wallet": "1.5"},
            (
                "AccountPlan.share_of_wallet: must be at least 0 and at most 1 (a share "
                "of wallet is a fraction), got 1.5"
            ),
        ),
        (
            {"margin": "22"},
            (
                "AccountPlan.margin: must be at least -1 and at most 1 (a margin is a "
                "fraction of revenue), got 22"
            ),
        ),
    ],
)
def test_plan_targets_are_fractions(fields, message):
    """A plan's 22 % margin is 0.22; 22 is refused, 1 and -1 are the edges."""
    with pytest.raises(ValidationError) as caught:
        AccountPlan(year=2026, revenue=eur("1"), **fields)
    assert str(caught.value) == message
    edge = AccountPlan(year=2026, revenue=eur("1"), margin="-1", share_of_wallet="1")
    assert (edge.margin, edge.share_of_wallet) == (Decimal(-1), Decimal(1))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"sla_attainment": "101"},
            (
                "Thresholds.sla_attainment: must be at least 0 and at most 100 (a "
                "percentage), got 101"
            ),
        ),
        (
            {"debtor_days_now": "-1"},
            (
                "Thresholds.debtor_days_now: must be at least 0 and at most 3650 (days), "
                "got -1"
            ),
        ),
        (
            {"plan_shortfall": "2"},
            (
                "Thresholds.plan_shortfall: must be at least 0 and at most 1 (a "
                "fraction), got 2"
            ),
        ),
        (
            {"colour_completeness": float("nan")},
            "Thresholds.colour_completeness: must be in [0, 1], got nan",
        ),
        (
            {"escalation_days": -1},
            "Thresholds.escalation_days: expected a whole number of at least 0, got -1",
        ),
    ],
)
def test_thresholds_refuse_nonsense_with_the_bound(fields, message):
    with pytest.raises(ValidationError) as caught:
        Thresholds(**fields)
    assert str(caught.value) == message
    edges = Thresholds(sla_attainment=100, credit_share=0, completeness=1.0)
    assert (edges.sla_attainment, edges.credit_share) == (Decimal(100), Decimal(0))
