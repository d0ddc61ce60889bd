"""The growth area with a bid history, priced deals and an approval matrix."""

from datetime import date
from decimal import Decimal

import pytest

from accountkit import Money, ValidationError
from accountkit.account import (
    Account,
    Area,
    BidFit,
    Opportunity,
    PricedOpportunity,
    Priority,
    Stage,
    review,
)
from accountkit.deals import (
    ApprovalMatrix,
    ApprovalRule,
    BidOutcome,
    CostKind,
    Deal,
    DealCost,
    Effort,
    Measure,
    RoleRate,
)

DAY = date(2026, 6, 30)
REFERENCE = Money("100000", "EUR")


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def two_prices() -> tuple[BidOutcome, ...]:
    """6 of 8 won at the reference, 2 of 8 at 1.2 times it: the fitted curve
    passes through 75 % and 25 %, and is even at 1.1 (see test_bids)."""
    rows = [("100000", True, 6), ("100000", False, 2)]
    rows += [("120000", True, 2), ("120000", False, 6)]
    return tuple(
        BidOutcome(price=eur(price), reference=REFERENCE, won=won)
        for price, won, count in rows
        for _ in range(count)
    )


def deal(**changes: object) -> Deal:
    """Cost 50,000.00, priced at a 20 % margin: 62,500.00 (one year)."""
    fields: dict[str, object] = {
        "id": "D1",
        "name": "Service desk",
        "client": "acme",
        "currency": "EUR",
        "start": date(2026, 9, 1),
        "years": 1,
        "lead_unit": "apps",
        "rates": (RoleRate(role="analyst", price=eur("800"), cost=eur("500")),),
        "effort": (Effort(role="analyst", deal_year=1, days=Decimal(100)),),
        "target_margin": Decimal("0.2"),
        "liability_cap": eur("10000"),
    }
    fields.update(changes)
    return Deal(**fields)  # type: ignore[arg-type]


MATRIX = ApprovalMatrix(
    currency="EUR",
    levels=("account-lead", "practice-head", "cfo"),
    rules=(
        ApprovalRule(level="account-lead", measure=Measure.TCV, threshold=0),
        ApprovalRule(level="cfo", measure=Measure.MARGIN, threshold="0.25"),
    ),
    walk_away_margin=Decimal("0.25"),
)


def opportunity(
    ident: str, value: str, probability: str, **more: object
) -> Opportunity:
    return Opportunity(
        id=ident,
        name=f"Opportunity {ident}",
        stage=Stage.PROPOSING,
        value=eur(value),
        probability=Decimal(probability),
        close_on=date(2026, 8, 1),
        **more,  # type: ignore[arg-type]
    )


def account(**fields: object) -> Account:
    return Account(id="acme", name="Acme", currency="EUR", **fields)  # type: ignore[arg-type]


def test_the_pipeline_at_the_fitted_chances() -> None:
    """O1 is bid at 110,000 against a reference of 100,000: 1.1, an even
    chance. Recorded: 110,000 x 0.3 + 40,000 x 0.5 = 53,000.00. Fitted:
    110,000 x 0.5 + 40,000 x 0.5 (O2 has no reference) = 75,000.00."""
    growth = review(
        account(
            bids=two_prices(),
            opportunities=(
                opportunity("O1", "110000", "0.3", reference=REFERENCE),
                opportunity("O2", "40000", "0.5"),
            ),
        ),
        as_of=DAY,
    ).growth
    assert growth.weighted_pipeline == eur("53000.00")
    assert growth.fitted_pipeline == eur("75000.00")
    assert growth.bids_recorded is True
    assert growth.fit_note == ""
    # pseudo-R2 = 1 - (12 log 0.75 + 4 log 0.25) / (16 log 0.5) = 0.18872...
    assert growth.fit == BidFit(
        bids=16,
        wins=8,
        pseudo_r2=Decimal("0.1887"),
        at_reference=Decimal("75.00"),
        even_ratio=Decimal("1.1000"),
        ratio_low=Decimal("1.0000"),
        ratio_high=Decimal("1.2000"),
    )
    (priced,) = growth.priced
    assert priced.opportunity == "O1"
    assert priced.name == "Opportunity O1"
    assert priced.price == eur("110000")
    assert priced.probability == Decimal("30.00")
    assert priced.fitted_probability == Decimal("50.00")
    low, high = priced.fitted_low, priced.fitted_high
    assert low is not None
    assert high is not None
    assert low < Decimal(50) < high
    # no deal: no cost, margin, best price or approvals
    assert (priced.cost, priced.margin_rate, priced.best_price) == (None, None, None)
    assert priced.best_extrapolated is False
    assert (priced.required_level, priced.approved, priced.below_walk_away) == (
        None,
        None,
        None,
    )
    assert priced.approved_level is None
    assert priced.needs == ()


def test_a_deal_below_its_approval_and_its_walk_away_margin() -> None:
    """The deal's 20 % margin is below the CFO's 25 % and the walk-away 25 %.

    Against a reference of 50,000 its 62,500 is 1.25 times: the curve gives
    1 / (1 + 3^1.5) = 16.14 %.
    """
    reviewed = review(
        account(
            bids=two_prices(),
            approvals=MATRIX,
            opportunities=(
                opportunity(
                    "O1",
                    "62500",
                    "0.4",
                    deal=deal(approved_level="account-lead"),
                    reference=eur("50000"),
                ),
            ),
        ),
        as_of=DAY,
    )
    (priced,) = reviewed.growth.priced
    assert priced == PricedOpportunity(
        opportunity="O1",
        name="Opportunity O1",
        price=eur("62500.00"),
        cost=eur("50000.00"),
        margin_rate=Decimal("20.00"),
        probability=Decimal("40.00"),
        fitted_probability=Decimal("16.14"),
        fitted_low=priced.fitted_low,
        fitted_high=priced.fitted_high,
        best_price=priced.best_price,
        best_extrapolated=priced.best_extrapolated,
        required_level="cfo",
        approved_level="account-lead",
        approved=False,
        below_walk_away=True,
        needs=(
            "cfo: margin 0.2 is below 0.25",
            "account-lead: TCV 62500 is at or above 0",
        ),
    )
    # the best price solves (r - c) b (1 - rho) = 1 with c = 50,000 / 50,000:
    # above the cost, and beyond the history's 1.0 to 1.2 here
    assert priced.best_price is not None
    assert priced.best_price > eur("50000")
    growth_flags = [f for f in reviewed.flags if f.area is Area.GROWTH]
    assert [(f.priority, f.code, f.message, f.evidence) for f in growth_flags] == [
        (
            Priority.NOW,
            "growth.deal_below_walk_away",
            (
                "Opportunity O1: priced at EUR 62,500.00, a margin of 20.00%, below "
                "the walk-away margin of 25.00%"
            ),
            ("O1",),
        ),
        (
            Priority.THIS_MONTH,
            "growth.deal_below_approval",
            (
                "Opportunity O1: priced at EUR 62,500.00 needs cfo sign-off; signed "
                "off by account-lead"
            ),
            (
                "O1",
                "cfo: margin 0.2 is below 0.25",
                "account-lead: TCV 62500 is at or above 0",
            ),
        ),
    ]


def test_a_deal_signed_off_at_its_level_raises_nothing() -> None:
    reviewed = review(
        account(
            approvals=ApprovalMatrix(
                currency="EUR", levels=MATRIX.levels, rules=MATRIX.rules
            ),
            opportunities=(
                opportunity("O1", "62500", "0.4", deal=deal(approved_level="cfo")),
            ),
        ),
        as_of=DAY,
    )
    (priced,) = reviewed.growth.priced
    assert priced.approved is True
    assert priced.below_walk_away is False  # no walk-away margin set
    assert priced.fitted_probability is None  # no history, no reference
    assert [f for f in reviewed.flags if f.area is Area.GROWTH] == []


def test_a_deal_without_a_matrix_is_listed_without_approvals() -> None:
    growth = review(
        account(opportunities=(opportunity("O1", "62500", "0.4", deal=deal()),)),
        as_of=DAY,
    ).growth
    (priced,) = growth.priced
    assert priced.cost == eur("50000.00")
    assert (priced.approved, priced.required_level, priced.below_walk_away) == (
        None,
        None,
        None,
    )


def test_without_a_history_there_is_no_curve_and_it_says_why() -> None:
    growth = review(
        account(opportunities=(opportunity("O1", "1000", "0.5"),)), as_of=DAY
    ).growth
    assert growth.bids_recorded is False
    assert growth.fit is None
    assert growth.fit_note == "no bid history recorded"
    assert growth.fitted_pipeline is None
    assert growth.priced == ()  # neither a deal nor a reference


def test_a_thin_history_is_not_fitted_and_says_why() -> None:
    growth = review(account(bids=two_prices()[:7]), as_of=DAY).growth
    assert growth.bids_recorded is True
    assert growth.fit is None
    assert growth.fit_note == (
        "no bid-response curve: 6 wins and 1 losses: the curve needs at least 5 of each"
    )
    assert growth.fitted_pipeline is None


def test_the_account_refuses_what_does_not_fit_together() -> None:
    with pytest.raises(ValidationError) as caught:
        account(
            approvals=MATRIX,
            opportunities=(
                opportunity("O1", "1", "0.5", deal=deal(approved_level="ceo")),
                opportunity("O2", "1", "0.5", reference=Money("1", "USD")),
            ),
            bids=(
                BidOutcome(
                    price=Money("1", "GBP"), reference=Money("1", "GBP"), won=True
                ),
            ),
        )
    assert str(caught.value) == (
        "3 problems:\n"
        "  Account.opportunities[0].deal.approved_level: not one of the approval "
        "matrix's levels (account-lead, practice-head, cfo): 'ceo'\n"
        "  Account.opportunities[1].reference: in USD, but the account is in EUR\n"
        "  Account.bids[0].price: in GBP, but the account is in EUR"
    )


def test_an_opportunity_refuses_a_deal_it_cannot_price() -> None:
    unpriceable = deal(
        target_margin=None,
        price=eur("1"),
        costs=(
            DealCost(
                id="lic", kind=CostKind.PASS_THROUGH, deal_year=1, amount=eur("10")
            ),
        ),
    )
    with pytest.raises(ValidationError) as caught:
        opportunity("O1", "1", "0.5", deal=unpriceable)
    assert str(caught.value) == (
        "Opportunity.deal: the deal cannot be priced: deal_pnl.price: the price "
        "EUR 1.00 is below the pass-through recharges EUR 10.00: nothing would "
        "be left for the service"
    )
    with pytest.raises(ValidationError, match=r"^Opportunity\.reference: in USD"):
        opportunity("O1", "1", "0.5", deal=deal(), reference=Money("5", "USD"))


def history(*rows: tuple[str, bool, int]) -> tuple[BidOutcome, ...]:
    """``(price, won, how many)`` rows against the reference of 100,000."""
    return tuple(
        BidOutcome(price=eur(price), reference=REFERENCE, won=won)
        for price, won, count in rows
        for _ in range(count)
    )


def test_an_even_chance_below_the_reference() -> None:
    """6 of 8 won at 0.8, 2 of 8 at the reference: the curve passes through
    75 % and 25 % and is even half way, at 0.9."""
    bids = history(("80000", True, 6), ("80000", False, 2))
    bids += history(("100000", True, 2), ("100000", False, 6))
    fit = review(account(bids=bids), as_of=DAY).growth.fit
    assert fit is not None
    assert fit.even_ratio == Decimal("0.9000")
    assert fit.at_reference == Decimal("25.00")
    assert (fit.ratio_low, fit.ratio_high) == (Decimal("0.8000"), Decimal("1.0000"))


def test_a_reference_without_a_history_has_no_fitted_chance() -> None:
    growth = review(
        account(
            opportunities=(
                opportunity("O1", "62500", "0.4", deal=deal(), reference=eur("50000")),
            )
        ),
        as_of=DAY,
    ).growth
    (priced,) = growth.priced
    assert (priced.fitted_probability, priced.fitted_low, priced.fitted_high) == (
        None,
        None,
        None,
    )
    assert priced.best_price is None


def test_a_curve_that_rises_with_price_gives_no_best_price() -> None:
    """2 of 8 won at the reference, 6 of 8 at 1.2: dearer bids won more
    (b < 0). The chance is read off the curve (75 % at 1.2), but no price
    maximises the margin on it, and the review says none rather than fail."""
    bids = history(("100000", True, 2), ("100000", False, 6))
    bids += history(("120000", True, 6), ("120000", False, 2))
    growth = review(
        account(
            bids=bids,
            opportunities=(
                opportunity(
                    "O1",
                    "120000",
                    "0.4",
                    deal=deal(target_margin=None, price=eur("120000")),
                    reference=REFERENCE,
                ),
            ),
        ),
        as_of=DAY,
    ).growth
    (priced,) = growth.priced
    assert priced.fitted_probability == Decimal("75.00")
    assert priced.best_price is None
    assert priced.best_extrapolated is False


def test_a_shallow_falling_curve_still_has_a_best_price() -> None:
    """10 of 20 won at the reference, 9 of 20 at twice it: b = log(11 / 9),
    about 0.2, a curve that barely falls; it still has a best price."""
    bids = history(("100000", True, 10), ("100000", False, 10))
    bids += history(("200000", True, 9), ("200000", False, 11))
    growth = review(
        account(
            bids=bids,
            opportunities=(
                opportunity("O1", "62500", "0.4", deal=deal(), reference=eur("50000")),
            ),
        ),
        as_of=DAY,
    ).growth
    (priced,) = growth.priced
    assert priced.best_price is not None
    assert priced.best_price > eur("50000")


def test_a_deal_without_cost_has_no_best_price() -> None:
    """A price-to-win needs a cost to earn a margin over; a deal of no effort
    and no costs has none, and gets no best price rather than an error."""
    free = deal(effort=(), target_margin=None, price=eur("1000"))
    growth = review(
        account(
            bids=two_prices(),
            opportunities=(
                opportunity("O1", "1000", "0.4", deal=free, reference=eur("1000")),
            ),
        ),
        as_of=DAY,
    ).growth
    (priced,) = growth.priced
    assert priced.cost == eur("0.00")
    assert priced.fitted_probability == Decimal("75.00")
    assert priced.best_price is None


def test_the_win_rate_counts_the_decided_opportunities() -> None:
    """One won and two lost in the last 12 months: 33.33 %; the open one and
    one decided 13 months ago do not count."""

    def decided(ident: str, stage: Stage, day: date) -> Opportunity:
        return Opportunity(
            id=ident,
            name=ident,
            stage=stage,
            value=eur("1000"),
            probability=Decimal(1 if stage is Stage.WON else 0),
            close_on=day,
        )

    growth = review(
        account(
            opportunities=(
                decided("W1", Stage.WON, date(2026, 3, 1)),
                decided("L1", Stage.LOST, date(2026, 4, 1)),
                decided("L2", Stage.LOST, date(2026, 5, 1)),
                decided("W0", Stage.WON, date(2025, 5, 30)),
                opportunity("O1", "1000", "0.5"),
            )
        ),
        as_of=DAY,
    ).growth
    assert (growth.won, growth.lost, growth.win_rate) == (1, 2, Decimal("33.33"))
    assert growth.lost_opportunities == ("L1", "L2")


def test_a_curve_never_even_at_a_positive_price_has_no_even_ratio() -> None:
    """5 of 20 won at half the reference (25 %), 5 of 40 at the reference
    (12.5 %): a + b/2 = log 3 and a + b = log 7, so b = 2 log(7/3) and
    a = log 3 - log(7/3) > 0; the chance is below a half at every positive
    price, and no even ratio is made up."""
    bids = history(("50000", True, 5), ("50000", False, 15))
    bids += history(("100000", True, 5), ("100000", False, 35))
    fit = review(account(bids=bids), as_of=DAY).growth.fit
    assert fit is not None
    assert fit.even_ratio is None
    assert fit.at_reference == Decimal("12.50")
