"""The review's picture of the stakeholder map, worked by hand."""

import json
from datetime import date

import attrs
import pytest

from accountkit.account import (
    Account,
    AccountReview,
    MapPerson,
    SurveyKind,
    SurveyResponse,
    review,
    sample_portfolio,
)
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


def test_map_people_are_built_by_keyword_only():
    with pytest.raises(TypeError):
        MapPerson("cfo", "Cfo", "", (), Attitude.NEUTRAL, 1.0, ())  # type: ignore[misc]


def _surveys(*answers: tuple[date, int]) -> Account:
    return attrs.evolve(
        account(None),
        surveys=tuple(
            SurveyResponse(kind=SurveyKind.NPS, score=score, answered_on=on)
            for on, score in answers
        ),
    )


def test_surveys_count_for_a_year_up_to_the_review_day():
    """Reviewed on 15 May 2026: a detractor of 15 May 2025 (365 days
    before) is out, a promoter of 16 May 2025 and four of the day itself
    are in, a detractor of the day after is out: five promoters of five
    answers (at least five are needed), NPS +100."""
    seen = review(
        _surveys(
            (date(2025, 5, 15), 0),
            (date(2025, 5, 16), 10),
            *((DAY, 9),) * 4,
            (date(2026, 5, 16), 0),
        ),
        as_of=DAY,
    ).relationships
    assert (seen.nps, seen.nps_responses) == (100.0, 5)


def _nps_flags(*scores: int) -> list[tuple[str, str]]:
    seen = review(_surveys(*((DAY, s) for s in scores)), as_of=DAY)
    return [(f.code, f.message) for f in seen.flags if f.area.value == "relationships"]


def test_a_negative_nps_is_flagged_and_zero_is_not():
    """Two promoters, two detractors and a passive: NPS 0, no flag. One
    promoter, two detractors and two passives: (1 - 2) / 5 = -20, flagged."""
    assert _nps_flags(10, 10, 0, 0, 8) == []
    assert _nps_flags(10, 0, 0, 8, 7) == [
        ("relationships.nps_negative", "NPS is negative (-20 from 5 answers)")
    ]


def test_contosos_relationship_flags_name_people_and_our_team():
    """Contoso on 30 June 2026 (see the sample's map): Liam Price, a champion,
    has left (the detail names him, so his name is not put in front); Grace
    Okafor (skeptic, severity 0.5) and Owen Hughes (blocker) could block us;
    Priya Nair, a decision maker, was never contacted; nobody argues for us;
    Grace and Priya have one strong tie each; our sam last saw Grace and our
    kim last saw Owen on 10 February, 140 days before; NPS -50 from eight
    answers."""
    contoso = sample_portfolio()[1]
    seen = review(contoso, as_of=date(2026, 6, 30))
    assert [
        (f.priority.value, f.code, f.message, f.evidence)
        for f in seen.flags
        if f.area.value == "relationships"
    ] == [
        (
            1,
            "relationships.champion_departed",
            "Liam Price argued for us and has left",
            ("liam",),
        ),
        (
            2,
            "relationships.blocker",
            "Grace Okafor could block us (attitude skeptic)",
            ("grace",),
        ),
        (
            2,
            "relationships.nps_negative",
            "NPS is negative (-50 from 8 answers)",
            (),
        ),
        (
            2,
            "relationships.blocker",
            "Owen Hughes could block us (attitude blocker)",
            ("owen",),
        ),
        (
            2,
            "relationships.key_player_not_contacted",
            "Priya Nair: key player (decision role, political status) never contacted",
            ("priya",),
        ),
        (2, "relationships.no_champion", "nobody argues for us", ()),
        (
            2,
            "relationships.single_threaded",
            "single-threaded key players: Grace Okafor, Priya Nair",
            ("grace", "priya"),
        ),
        (
            3,
            "relationships.stale_relationship",
            "Grace Okafor and our sam: last contact 2026-02-10",
            ("grace",),
        ),
        (
            3,
            "relationships.stale_relationship",
            "Owen Hughes and our kim: last contact 2026-02-10",
            ("owen",),
        ),
    ]


def test_what_is_recorded_and_what_is_missing():
    """Surveys recorded as an empty list are recorded (no answers), not
    recorded at all they are not; without a map the threading measure is
    missing, with one it counts (the CFO, a key player, is known by ana
    (0.9) and ben (0.2): one strong tie, single-threaded)."""
    assert review(account(None), as_of=DAY).relationships.surveys_recorded is False
    assert review(_surveys(), as_of=DAY).relationships.surveys_recorded is True
    bare = {m.id: m for m in review(account(None), as_of=DAY).health.measures}
    assert (bare["single_threaded"].status.value, bare["single_threaded"].raw) == (
        "missing",
        None,
    )
    seen = review(account(), as_of=DAY)
    mapped = {m.id: m for m in seen.health.measures}
    assert seen.relationships.single_threaded == ("cfo",)
    assert mapped["single_threaded"].raw == 1.0
