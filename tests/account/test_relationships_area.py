"""The review's picture of the stakeholder map, worked by hand."""

import json
from datetime import date

import attrs
import pytest

from accountkit.account import Account, AccountReview, MapPerson, review
from accountkit.relationships import (
    Attitude,
    BuyingRole,
    Influence,
    Relationship,
    RelationshipLevel,
    Stakeholder,
    StakeholderMap,
)
from accountkit.serialization import from_json, to_json

DAY = date(2026, 5, 15)
# The map of tests/relationships/test_support.py: personalised on the CFO, who
# defers to the IT director (0.8) and to the buyer (0.2), both dangling:
# x_cfo = 0.15 / (1 - 0.85**2), x_itd = 0.68 x_cfo, x_buy = 0.17 x_cfo, and
# x_cfo (1 + 0.68 + 0.17) = 0.15 * 1.85 / 0.2775 = 1.
X_CFO = 0.15 / (1 - 0.85**2)
X_ITD = 0.68 * X_CFO
X_BUY = 0.17 * X_CFO
CONVERGED = 2e-5
"""PageRank's stopping rule leaves the scores this close to the fixed point."""

BUYER = Stakeholder(
    id="buy", name="Buy <Lead>", title="Procurement", attitude=Attitude.SUPPORTER
)
MAP = StakeholderMap(
    stakeholders=(
        BUYER,
        Stakeholder(
            id="cfo",
            name="Cfo",
            title="Chief Financial Officer",
            roles=(BuyingRole.ECONOMIC_BUYER, BuyingRole.APPROVER),
        ),
        Stakeholder(id="old", name="Old", departed=True, attitude=Attitude.CHAMPION),
        Stakeholder(id="itd", name="Itd", attitude=Attitude.BLOCKER),
    ),
    influences=(
        Influence(source="itd", target="cfo", strength=0.8),
        Influence(source="buy", target="cfo", strength=0.2),
    ),
    relationships=(
        Relationship(member="ana", stakeholder="cfo", strength=0.9),
        Relationship(
            member="ben",
            stakeholder="itd",
            strength=0.4,
            level=RelationshipLevel.CREDIBLE_SOURCE,
        ),
        Relationship(member="ben", stakeholder="cfo", strength=0.2),
    ),
)


def account(board: StakeholderMap | None = MAP) -> Account:
    return Account(id="acme", name="Acme", currency="EUR", stakeholders=board)


def test_people_are_listed_most_influential_first_with_our_ties():
    """CFO 0.5405, IT director 0.3676, buyer 0.0919 (above); the departed
    champion is not on the picture; each person's ties in the map's order."""
    people = review(account(), as_of=DAY).relationships.people
    assert [p.stakeholder for p in people] == ["cfo", "itd", "buy"]
    assert [p.influence for p in people] == pytest.approx(
        [X_CFO, X_ITD, X_BUY], abs=CONVERGED
    )
    cfo, itd, buy = people
    assert cfo == MapPerson(
        stakeholder="cfo",
        name="Cfo",
        title="Chief Financial Officer",
        roles=(BuyingRole.ECONOMIC_BUYER, BuyingRole.APPROVER),
        attitude=Attitude.NEUTRAL,
        influence=cfo.influence,
        ties=(MAP.relationships[0], MAP.relationships[2]),
    )
    assert (itd.name, itd.title, itd.roles, itd.attitude, itd.ties) == (
        "Itd",
        "",
        (),
        Attitude.BLOCKER,
        (MAP.relationships[1],),
    )
    assert (buy.name, buy.title, buy.attitude, buy.ties) == (
        "Buy <Lead>",
        "Procurement",
        Attitude.SUPPORTER,
        (),
    )


def test_people_of_equal_influence_keep_the_map_order():
    """The CFO alone decides and defers to no one: all influence is hers and
    the others have 0 each, listed in the map's order (buyer, IT director)."""
    board = attrs.evolve(MAP, influences=())
    people = review(account(board), as_of=DAY).relationships.people
    assert [(p.stakeholder, p.influence) for p in people] == [
        ("cfo", 1.0),
        ("buy", 0.0),
        ("itd", 0.0),
    ]


def test_no_map_no_people():
    position = review(account(None), as_of=DAY).relationships
    assert (position.people, position.map_status) == ((), None)


def test_the_people_reach_the_review_document():
    """Each person, ties included, in the review's JSON, and read back."""
    seen = review(account(), as_of=DAY)
    document = json.loads(to_json(seen))
    itd = document["relationships"]["people"][1]
    assert itd == {
        "stakeholder": "itd",
        "name": "Itd",
        "title": "",
        "roles": [],
        "attitude": "blocker",
        "influence": itd["influence"],
        "ties": [
            {
                "member": "ben",
                "stakeholder": "itd",
                "strength": 0.4,
                "level": "credible_source",
                "desired_level": None,
                "last_contact_on": None,
            }
        ],
    }
    assert itd["influence"] == pytest.approx(X_ITD, abs=CONVERGED)
    assert from_json(AccountReview, to_json(seen)) == seen
