"""Approvals: each measure at exactly its threshold, the levels, the refusals."""

from datetime import date
from decimal import Decimal

import pytest

from accountkit import CurrencyMismatchError, Money, ValidationError
from accountkit.contracts import PaymentTerms
from accountkit.deals import (
    ApprovalMatrix,
    ApprovalNeed,
    ApprovalRule,
    Approvals,
    Deal,
    Effort,
    Measure,
    RoleRate,
    deal_approvals,
)

LEVELS = ("account-lead", "practice-head", "cfo", "board")


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def simple_deal(**changes: object) -> Deal:
    """100 days at a day cost of 500 and a list rate of 800, at a 20 % margin.

    Cost 50,000.00; price 50,000 / 0.8 = 62,500.00 (TCV and ACV: one year);
    margin 0.2 exactly; list 80,000.00, so the discount is 1 - 62,500 / 80,000
    = 0.21875 exactly.
    """
    fields: dict[str, object] = {
        "id": "d1",
        "name": "Service desk",
        "client": "acme",
        "currency": "EUR",
        "start": date(2027, 1, 1),
        "years": 1,
        "lead_unit": "apps",
        "rates": (RoleRate(role="analyst", price=eur("800"), cost=eur("500")),),
        "effort": (Effort(role="analyst", deal_year=1, days=Decimal(100)),),
        "target_margin": Decimal("0.2"),
        "liability_cap": eur("62500"),
    }
    fields.update(changes)
    return Deal(**fields)  # type: ignore[arg-type]


def one_rule(measure: Measure, threshold: str, **matrix: object) -> ApprovalMatrix:
    return ApprovalMatrix(
        currency="EUR",
        levels=LEVELS,
        rules=(
            ApprovalRule(level="cfo", measure=measure, threshold=Decimal(threshold)),
        ),
        **matrix,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("measure", "quiet", "fires", "reason"),
    [
        # TCV 62,500.00 triggers at or above the threshold
        (Measure.TCV, "62500.01", "62500", "TCV 62500 is at or above 62500"),
        # margin 0.2 triggers only below the threshold
        (Measure.MARGIN, "0.2", "0.2000001", "margin 0.2 is below 0.2000001"),
        # discount 0.21875 triggers only above it
        (
            Measure.DISCOUNT,
            "0.21875",
            "0.2187499",
            "discount from list 0.21875 is above 0.2187499",
        ),
        # net 30: 30 days, triggering only above
        (
            Measure.PAYMENT_DAYS,
            "30",
            "29",
            "payment can take 30 days, above 29",
        ),
        # a cap of 62,500 over an ACV of 62,500: 1 x ACV, triggering above
        (
            Measure.LIABILITY,
            "1",
            "0.99",
            "the liability cap is 1 x ACV, above 0.99",
        ),
    ],
)
def test_each_measure_at_exactly_its_threshold(
    measure: Measure, quiet: str, fires: str, reason: str
) -> None:
    assert deal_approvals(simple_deal(), one_rule(measure, quiet)).needs == ()
    approvals = deal_approvals(simple_deal(), one_rule(measure, fires))
    (need,) = approvals.needs
    assert need.level == "cfo"
    assert need.measure is measure
    assert need.threshold == Decimal(fires)
    assert need.reason == reason


def test_figures_are_exact() -> None:
    values = {
        measure: deal_approvals(simple_deal(), one_rule(measure, "0")).needs
        for measure in (Measure.TCV, Measure.DISCOUNT, Measure.PAYMENT_DAYS)
    }
    assert values[Measure.TCV][0].value == Decimal(62500)
    assert values[Measure.DISCOUNT][0].value == Decimal("0.21875")
    assert values[Measure.PAYMENT_DAYS][0].value == Decimal(30)


def test_payment_days_are_the_longest_over_a_year() -> None:
    """End of month + 30: an invoice on the 1st of a 31-day month waits 30
    days to the month's end, then 30 more: 60 days, the longest."""
    deal = simple_deal(payment_terms=PaymentTerms.end_of_month(30))
    (need,) = deal_approvals(deal, one_rule(Measure.PAYMENT_DAYS, "59")).needs
    assert need.value == Decimal(60)
    assert deal_approvals(deal, one_rule(Measure.PAYMENT_DAYS, "60")).needs == ()


def test_unlimited_liability_always_needs_approval() -> None:
    deal = simple_deal(liability_cap=None)
    (need,) = deal_approvals(deal, one_rule(Measure.LIABILITY, "100")).needs
    assert need.value is None
    assert need.reason == "unlimited liability"


def test_a_cap_without_acv() -> None:
    deal = simple_deal(effort=(), target_margin=None, price=eur("0"))
    (need,) = deal_approvals(deal, one_rule(Measure.LIABILITY, "100")).needs
    assert need.value is None
    assert need.reason == (
        "a liability cap of EUR 62,500.00 and no ACV to measure it by"
    )


def test_without_a_price_margin_and_discount_do_not_apply() -> None:
    deal = simple_deal(effort=(), target_margin=None, price=eur("0"))
    assert deal_approvals(deal, one_rule(Measure.MARGIN, "0.9")).needs == ()
    assert deal_approvals(deal, one_rule(Measure.DISCOUNT, "0")).needs == ()
    approvals = deal_approvals(deal, one_rule(Measure.MARGIN, "0.9"))
    assert approvals.margin_rate is None
    assert approvals.below_walk_away is False


def test_the_highest_level_first_and_whether_sign_off_covers_it() -> None:
    matrix = ApprovalMatrix(
        currency="EUR",
        levels=LEVELS,
        rules=(
            ApprovalRule(level="account-lead", measure=Measure.TCV, threshold=0),
            ApprovalRule(
                level="practice-head", measure=Measure.DISCOUNT, threshold="0.1"
            ),
            ApprovalRule(level="cfo", measure=Measure.MARGIN, threshold="0.25"),
            ApprovalRule(level="board", measure=Measure.TCV, threshold=1_000_000),
            ApprovalRule(level="cfo", measure=Measure.TCV, threshold=50_000),
        ),
        walk_away_margin=Decimal("0.1"),
    )
    approvals = deal_approvals(simple_deal(approved_level="practice-head"), matrix)
    assert approvals == Approvals(
        deal_id="d1",
        required_level="cfo",
        needs=(
            ApprovalNeed(
                level="cfo",
                measure=Measure.MARGIN,
                value=Decimal("0.2"),
                threshold=Decimal("0.25"),
                reason="margin 0.2 is below 0.25",
            ),
            ApprovalNeed(
                level="cfo",
                measure=Measure.TCV,
                value=Decimal(62500),
                threshold=Decimal(50000),
                reason="TCV 62500 is at or above 50000",
            ),
            ApprovalNeed(
                level="practice-head",
                measure=Measure.DISCOUNT,
                value=Decimal("0.21875"),
                threshold=Decimal("0.1"),
                reason="discount from list 0.21875 is above 0.1",
            ),
            ApprovalNeed(
                level="account-lead",
                measure=Measure.TCV,
                value=Decimal(62500),
                threshold=Decimal(0),
                reason="TCV 62500 is at or above 0",
            ),
        ),
        approved_level="practice-head",
        approved=False,
        below_walk_away=False,
        margin_rate=Decimal("0.2"),
    )
    assert deal_approvals(simple_deal(approved_level="cfo"), matrix).approved
    assert deal_approvals(simple_deal(approved_level="board"), matrix).approved
    assert not deal_approvals(simple_deal(), matrix).approved


def test_no_rule_triggered_is_approved_without_sign_off() -> None:
    approvals = deal_approvals(simple_deal(), one_rule(Measure.TCV, "1000000"))
    assert approvals.required_level is None
    assert approvals.needs == ()
    assert approvals.approved is True
    assert approvals.approved_level is None


def test_walk_away_margin_at_exactly_its_value() -> None:
    """Below the walk-away margin only: a margin of 0.2 exactly is not."""
    at = one_rule(Measure.TCV, "1000000", walk_away_margin=Decimal("0.2"))
    above = one_rule(Measure.TCV, "1000000", walk_away_margin=Decimal("0.2000001"))
    assert deal_approvals(simple_deal(), at).below_walk_away is False
    assert deal_approvals(simple_deal(), above).below_walk_away is True


def test_margin_not_terminating_shown_to_twelve_places() -> None:
    """Cost 100.00, price 300.00 set: margin 2/3."""
    deal = simple_deal(
        rates=(RoleRate(role="analyst", price=eur("3"), cost=eur("1")),),
        target_margin=None,
        price=eur("300"),
    )
    approvals = deal_approvals(deal, one_rule(Measure.MARGIN, "0.7"))
    assert approvals.margin_rate == Decimal("0.666666666667")
    assert approvals.needs[0].reason == "margin 0.666666666667 is below 0.7"


def test_refusals() -> None:
    with pytest.raises(CurrencyMismatchError) as caught:
        deal_approvals(
            simple_deal(),
            one_rule(Measure.TCV, "1").__class__(
                currency="USD", levels=LEVELS, rules=()
            ),
        )
    assert str(caught.value) == (
        "deal_approvals.currency: the deal is in EUR, the matrix in USD"
    )
    with pytest.raises(ValidationError) as caught:
        deal_approvals(simple_deal(approved_level="ceo"), one_rule(Measure.TCV, "1"))
    assert str(caught.value) == (
        "deal_approvals.approved_level: the deal's approved level 'ceo' is not "
        "among the matrix's levels (account-lead, practice-head, cfo, board)"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"levels": ()},
            (
                "ApprovalMatrix.levels: expected the approval levels, lowest "
                "authority first"
            ),
        ),
        (
            {"levels": ("a", "a")},
            "ApprovalMatrix.levels[1]: level 'a' is listed twice",
        ),
        (
            {"levels": ("a", " b")},
            "ApprovalMatrix.levels[1]: expected a level's name, got ' b'",
        ),
        (
            {"rules": (ApprovalRule(level="ceo", measure=Measure.TCV, threshold=1),)},
            (
                "ApprovalMatrix.rules[0].level: level 'ceo' is not among the "
                "matrix's levels"
            ),
        ),
        (
            {"rules": (ApprovalRule(level="cfo", measure=Measure.TCV, threshold=-1),)},
            ("ApprovalMatrix.rules[0].threshold: a tcv threshold is 0 or more, got -1"),
        ),
        (
            {
                "rules": (
                    ApprovalRule(level="cfo", measure=Measure.DISCOUNT, threshold=1),
                )
            },
            (
                "ApprovalMatrix.rules[0].threshold: a discount is a share of the "
                "price, below 1, got 1"
            ),
        ),
        (
            {"walk_away_margin": Decimal("1.5")},
            (
                "ApprovalMatrix.walk_away_margin: must be at least -1 and at most 1 "
                "(a margin on the price below which we do not bid), got 1.5"
            ),
        ),
        (
            {"currency": "XXX1"},
            None,
        ),
    ],
)
def test_matrix_refusals(fields: dict[str, object], message: str | None) -> None:
    given: dict[str, object] = {"currency": "EUR", "levels": LEVELS, "rules": ()}
    given |= fields
    if message is None:
        with pytest.raises(ValidationError, match=r"^ApprovalMatrix\.currency: "):
            ApprovalMatrix(**given)  # type: ignore[arg-type]
        return
    with pytest.raises(ValidationError) as caught:
        ApprovalMatrix(**given)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_a_negative_margin_threshold_is_allowed() -> None:
    """A loss-leader rule: a margin below -5 % goes to the board."""
    rule = ApprovalRule(level="board", measure=Measure.MARGIN, threshold="-0.05")
    matrix = ApprovalMatrix(currency="EUR", levels=LEVELS, rules=(rule,))
    assert deal_approvals(simple_deal(), matrix).needs == ()
    assert matrix.walk_away_margin is None


def test_rank() -> None:
    matrix = one_rule(Measure.TCV, "1")
    assert [matrix.rank(level) for level in LEVELS] == [0, 1, 2, 3]
    with pytest.raises(ValidationError) as caught:
        matrix.rank("ceo")
    assert str(caught.value) == (
        "ApprovalMatrix.rank.level: no level 'ceo' (levels: account-lead, "
        "practice-head, cfo, board)"
    )
