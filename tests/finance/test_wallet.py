from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import CurrencyMismatchError, Money, ValidationError
from accountkit.finance import (
    penetration,
    portfolio_wallet,
    share_of_wallet,
    wallet_allocation,
    wallet_by_service_line,
)


def eur(amount: str | int) -> Money:
    return Money(amount, "EUR")


# --- share of wallet ---------------------------------------------------------------------


def test_share_of_wallet_worked_case():
    """The issue's case: 2,500 of a 10,000 wallet is 25%, whitespace 7,500."""
    result = share_of_wallet(eur(2500), eur(10000))
    assert result.share == Decimal("0.25")
    assert result.whitespace == eur(7500)
    assert result.over_wallet is False


def test_a_wallet_below_our_revenue_is_flagged_not_capped():
    result = share_of_wallet(eur(12000), eur(10000))
    assert result.share == Decimal("1.2")
    assert result.whitespace == eur(-2000)
    assert result.over_wallet is True


def test_a_zero_wallet_has_no_share():
    result = share_of_wallet(eur(0), eur(0))
    assert result.share is None
    assert result.whitespace == eur(0)
    assert result.over_wallet is False


def test_shares_are_rounded_half_up_to_the_places_asked():
    assert share_of_wallet(eur(1), eur(3)).share == Decimal("0.3333")
    assert share_of_wallet(eur(2), eur(3), places=2).share == Decimal("0.67")


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: share_of_wallet(eur(1), eur(-5)),
            ValidationError,
            "wallet: must not be negative",
        ),
        (
            lambda: share_of_wallet(eur(1), Money(5, "USD")),
            CurrencyMismatchError,
            "wallet in USD, our revenue in EUR",
        ),
        (
            lambda: share_of_wallet(2500, eur(5)),
            ValidationError,
            (
                r"^share_of_wallet\.ours: expected Money \(an amount with its "
                r"currency, such as Money\('100', 'EUR'\)\), got int 2500$"
            ),
        ),
    ],
)
def test_bad_amounts_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_whitespace_and_ours_make_the_wallet(ours, wallet):
    result = share_of_wallet(
        Money.from_minor_units(ours, "EUR"), Money.from_minor_units(wallet, "EUR")
    )
    assert result.whitespace + result.ours == result.wallet
    assert abs(result.share - Decimal(ours) / Decimal(wallet)) <= Decimal("0.00005")
    assert result.over_wallet == (ours > wallet)


# --- by service line ---------------------------------------------------------------------


def test_service_lines_by_hand():
    """Wallet cloud 4,000, apps 5,000, security 1,000; ours cloud 1,500, apps 1,000.

    Whitespace: apps 4,000, cloud 2,500, security 1,000 (largest first).
    Shares: cloud 1,500/4,000 = 0.375, apps 0.2, security 0.
    Mix of our 2,500: cloud 0.6, apps 0.4, security 0.
    Total: 2,500 / 10,000 = 0.25.
    """
    report = wallet_by_service_line(
        {"cloud": eur(4000), "apps": eur(5000), "security": eur(1000)},
        {"cloud": eur(1500), "apps": eur(1000)},
        account="northwind",
    )
    rows = [
        (x.service_line, x.position.share, x.position.whitespace, x.mix)
        for x in report.lines
    ]
    assert rows == [
        ("apps", Decimal("0.2"), eur(4000), Decimal("0.4")),
        ("cloud", Decimal("0.375"), eur(2500), Decimal("0.6")),
        ("security", Decimal(0), eur(1000), Decimal(0)),
    ]
    assert report.total.share == Decimal("0.25")
    assert report.account == "northwind"
    assert report.unestimated == ()


def test_a_line_we_bill_without_an_estimate_is_kept_apart():
    """Ours: cloud 1,000, data 500 (no estimate). The total covers cloud only."""
    report = wallet_by_service_line(
        {"cloud": eur(4000)}, {"cloud": eur(1000), "data": eur(500)}
    )
    assert report.unestimated == ("data",)
    assert report.lines[-1].service_line == "data"
    assert report.lines[-1].position is None
    assert report.lines[-1].mix == Decimal("0.3333")
    assert report.total.share == Decimal("0.25")


def test_every_bad_amount_is_named_at_once():
    """Amounts of the wrong kind are named together, in every argument; so are
    negative ones (an argument check runs before the body, so a call with
    both kinds of problem hears of the wrong kinds first)."""
    with pytest.raises(ValidationError) as caught:
        wallet_by_service_line({"cloud": 5, "data": eur(1)}, {"apps": 3})
    assert [p.path for p in caught.value.problems] == [
        ("wallet", "cloud"),
        ("ours", "apps"),
    ]
    with pytest.raises(ValidationError) as caught:
        wallet_by_service_line({"cloud": eur(-1)}, {"apps": eur(-2)})
    assert [p.path for p in caught.value.problems] == [
        ("wallet", "cloud"),
        ("ours", "apps"),
    ]


def test_one_currency_per_report():
    with pytest.raises(CurrencyMismatchError, match="amounts in EUR, USD"):
        wallet_by_service_line({"cloud": eur(1)}, {"cloud": Money(1, "USD")})


def test_the_portfolio_sums_lines_across_accounts():
    """North cloud 1,000/4,000; south cloud 4,000/6,000, apps 0/2,000.

    Portfolio cloud 5,000/10,000 = 0.5 (whitespace 5,000), apps 0/2,000.
    Accounts by whitespace: north 3,000 vs south 4,000 -> south first.
    """
    north = wallet_by_service_line(
        {"cloud": eur(4000)}, {"cloud": eur(1000)}, account="north"
    )
    south = wallet_by_service_line(
        {"cloud": eur(6000), "apps": eur(2000)}, {"cloud": eur(4000)}, account="south"
    )
    result = portfolio_wallet([north, south])
    lines = [
        (x.service_line, x.position.share, x.position.whitespace)
        for x in result.service_lines
    ]
    assert lines == [
        ("cloud", Decimal("0.5"), eur(5000)),
        ("apps", Decimal(0), eur(2000)),
    ]
    assert [r.account for r in result.accounts] == ["south", "north"]
    assert result.total.share == Decimal("0.4167")


def test_an_empty_portfolio_is_refused():
    with pytest.raises(ValidationError, match="reports: expected a non-empty"):
        portfolio_wallet([])


# --- the Wallet Allocation Rule ------------------------------------------------------------


def test_war_worked_case_for_three_brands():
    """Keiningham et al. (HBR 2011): N = 3 gives 0.5, 0.3333, 0.1667."""
    result = wallet_allocation({"us": 9, "rival": 7, "other": 4})
    assert [(a.brand, a.rank, a.share) for a in result] == [
        ("us", Decimal(1), Decimal("0.5000")),
        ("rival", Decimal(2), Decimal("0.3333")),
        ("other", Decimal(3), Decimal("0.1667")),
    ]


def test_tied_brands_share_the_mean_rank():
    """Scores 9, 7, 7: ranks 1, 2.5, 2.5; shares 3/4 * 2/3 = 0.5, then
    (1 - 2.5/4) * 2/3 = 0.25 each."""
    result = wallet_allocation({"us": 9, "b": 7, "a": 7})
    assert [(a.brand, a.rank, a.share) for a in result] == [
        ("us", Decimal(1), Decimal("0.5")),
        ("a", Decimal("2.5"), Decimal("0.25")),
        ("b", Decimal("2.5"), Decimal("0.25")),
    ]


def test_one_brand_takes_the_whole_wallet():
    assert wallet_allocation({"us": 3})[0].share == Decimal(1)


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=5), st.integers(0, 10), min_size=1, max_size=12
    )
)
def test_war_shares_add_up_to_one_and_follow_the_scores(scores):
    result = wallet_allocation(scores)
    assert sum(a.share for a in result) == 1
    n = len(scores)
    assert sum(Fraction(a.rank) for a in result) == Fraction(n * (n + 1), 2)
    for better, worse in pairwise(result):
        assert better.score >= worse.score
        assert better.share >= worse.share - Decimal("0.0001")


def test_war_refuses_float_scores():
    """A float is inexact: the documented TypeError, as for every exact amount."""
    with pytest.raises(
        TypeError, match=r"^wallet_allocation\.scores\.us: a float is not an exact"
    ):
        wallet_allocation({"us": 8.5})


# --- penetration ---------------------------------------------------------------------------


def test_penetration_by_hand():
    """Work in finance (cloud, apps) and hr (apps): 2 of 4 units, 2 of 3 lines,
    3 of 12 cells; whitespace is the other 9 cells."""
    result = penetration(
        [("finance", "cloud"), ("finance", "apps"), ("hr", "apps")],
        units=["finance", "hr", "sales", "ops"],
        service_lines=["cloud", "apps", "security"],
    )
    assert result.units == ("finance", "hr")
    assert result.service_lines == ("cloud", "apps")
    assert (result.unit_rate, result.service_line_rate, result.cell_rate) == (
        Decimal("0.5"),
        Decimal("0.6667"),
        Decimal("0.25"),
    )
    assert result.whitespace == {
        "finance": ("security",),
        "hr": ("cloud", "security"),
        "sales": ("cloud", "apps", "security"),
        "ops": ("cloud", "apps", "security"),
    }


def test_penetration_names_unknown_units_and_lines():
    with pytest.raises(ValidationError) as caught:
        penetration(
            [("legal", "cloud"), ("hr", "ai")], units=["hr"], service_lines=["cloud"]
        )
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (("active", 0, 0), "unknown unit 'legal'"),
        (("active", 1, 1), "unknown service line 'ai'"),
    ]


def test_penetration_needs_known_units():
    with pytest.raises(ValidationError, match="units: must name at least one"):
        penetration([], units=[], service_lines=["cloud"])
