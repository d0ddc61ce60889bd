"""The review's contracts area: the contract trees, their value and the next
price reviews (issue 17), on the sample and by hand."""

from datetime import date

import attrs

from accountkit import Money
from accountkit.account import (
    ContractTree,
    PriceReview,
    render_review,
    review,
    sample_portfolio,
)
from accountkit.contracts import Rate, RateCard, TimeAndMaterials, Unit

DAY = date(2026, 6, 30)
NORTHWIND = sample_portfolio()[0]


def test_the_sample_msa_is_one_tree_with_its_value_and_the_next_price_review():
    """NW-MSA with two SOWs: 0 + 1,440,000 + 210,720 (15,000 x 12, then 15,360
    x 2 after the 1 July review) = 1,650,720; the review of NW-SOW-2's fee
    comes on 1 July 2026, the day after the review."""
    position = review(NORTHWIND, as_of=DAY).contracts
    assert position.trees == (
        ContractTree(
            contract="NW-MSA",
            title="Master services agreement",
            contracts=3,
            tcv=Money("1650720.00", "EUR"),
            basis=(
                "NW-MSA EUR 0.00 + NW-SOW-1 EUR 1,440,000.00 + NW-SOW-2 EUR "
                "210,720.00 = EUR 1,650,720.00"
            ),
            without_value=(),
        ),
    )
    assert position.price_reviews == (
        PriceReview(
            contract="NW-SOW-2",
            charge="NW-SOW-2-fee",
            index="eu-hicp",
            on=date(2026, 7, 1),
        ),
    )
    assert (
        "Master services agreement with 2 under it: TCV EUR 1,650,720.00; price "
        "review of NW-SOW-2-fee (eu-hicp) on 1 July 2026"
    ) in render_review(review(NORTHWIND, as_of=DAY))


def test_a_review_on_the_review_date_points_to_none_after_the_term():
    """On 1 July 2026 the next review would be 1 July 2027, after NW-SOW-2
    ends (1 September 2026): none is listed."""
    position = review(NORTHWIND, as_of=date(2026, 7, 1)).contracts
    assert position.price_reviews == ()


def test_uncapped_time_and_materials_is_named_as_without_value():
    msa, desk, data = NORTHWIND.contracts
    card = RateCard(
        (
            Rate(
                role="dev",
                unit=Unit.DAY,
                price=Money("800", "EUR"),
                effective_from=date(2025, 7, 1),
            ),
        )
    )
    open_ended = attrs.evolve(
        data, charges=(*data.charges, TimeAndMaterials(id="adhoc", rate_card=card))
    )
    account = attrs.evolve(NORTHWIND, contracts=(msa, desk, open_ended))
    (tree,) = review(account, as_of=DAY).contracts.trees
    assert tree.without_value == ("NW-SOW-2/adhoc",)
    assert tree.tcv == Money("1650720.00", "EUR")
