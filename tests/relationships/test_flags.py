"""Red flags, as of a date."""

from datetime import date

import pytest

from accountkit.errors import ValidationError
from accountkit.relationships import (
    Attitude,
    BuyingRole,
    FlagKind,
    Relationship,
    RelationshipLevel,
    Stakeholder,
    StakeholderMap,
    red_flags,
)

AS_OF = date(2026, 11, 23)


def account(*relationships: Relationship, **cfo: object) -> StakeholderMap:
    fields = {"confirmed_on": date(2026, 10, 1), **cfo}
    return StakeholderMap(
        stakeholders=(
            Stakeholder(
                id="cfo", name="Cfo", roles=(BuyingRole.ECONOMIC_BUYER,), **fields
            ),  # type: ignore[arg-type]
            Stakeholder(
                id="fan",
                name="Fan",
                attitude=Attitude.CHAMPION,
                confirmed_on=date(2026, 11, 1),
            ),
        ),
        relationships=relationships,
    )


def kinds(
    m: StakeholderMap, **options: object
) -> list[tuple[FlagKind, str | None, int | None]]:
    return [
        (f.kind, f.stakeholder, f.days) for f in red_flags(m, as_of=AS_OF, **options)
    ]  # type: ignore[arg-type]


def contact(on: date, **fields: object) -> Relationship:
    return Relationship(
        member="ana", stakeholder="cfo", strength=0.7, last_contact_on=on, **fields
    )  # type: ignore[arg-type]


def test_a_healthy_map_raises_no_flags():
    assert kinds(account(contact(date(2026, 11, 1)))) == []


def test_a_key_player_never_contacted():
    (flag,) = red_flags(account(), as_of=AS_OF)
    assert (flag.kind, flag.stakeholder) == (FlagKind.KEY_PLAYER_NOT_CONTACTED, "cfo")
    assert flag.detail == "key player (decision role) never contacted"


def test_contacts_after_the_review_date_do_not_count():
    assert (
        kinds(account(contact(date(2026, 12, 1))))[0][0]
        is FlagKind.KEY_PLAYER_NOT_CONTACTED
    )


def test_a_relationship_is_stale_after_more_than_n_days():
    """2026-08-25 is 90 days before 2026-11-23: not yet stale; a day earlier is."""
    assert kinds(account(contact(date(2026, 8, 25)))) == []
    assert kinds(account(contact(date(2026, 8, 24)))) == [
        (FlagKind.STALE_RELATIONSHIP, "cfo", 91)
    ]
    assert kinds(account(contact(date(2026, 8, 24))), stale_after_days=91) == []


def test_entries_unconfirmed_for_too_long_or_ever():
    """2026-05-27 is 180 days before the review; 2026-05-26 is 181."""
    fresh = contact(date(2026, 11, 1))
    assert kinds(account(fresh, confirmed_on=date(2026, 5, 27))) == []
    assert kinds(account(fresh, confirmed_on=date(2026, 5, 26))) == [
        (FlagKind.UNCONFIRMED_ENTRY, "cfo", 181)
    ]
    assert kinds(account(fresh, confirmed_on=None)) == [
        (FlagKind.UNCONFIRMED_ENTRY, "cfo", None)
    ]


def test_a_relationship_below_its_desired_level():
    gap = contact(
        date(2026, 11, 1),
        level=RelationshipLevel.CREDIBLE_SOURCE,
        desired_level=RelationshipLevel.TRUSTED_ADVISOR,
    )
    (flag,) = red_flags(account(gap), as_of=AS_OF)
    assert (flag.kind, flag.member, flag.detail) == (
        FlagKind.RELATIONSHIP_GAP,
        "ana",
        "credible_source -> trusted_advisor (2 rungs to climb)",
    )


def test_a_departed_champion_comes_first():
    m = StakeholderMap(
        stakeholders=(
            Stakeholder(
                id="cfo",
                name="Cfo",
                roles=(BuyingRole.ECONOMIC_BUYER,),
                confirmed_on=AS_OF,
            ),
            Stakeholder(
                id="old", name="Olga", roles=(BuyingRole.CHAMPION,), departed=True
            ),
        ),
        relationships=(contact(AS_OF),),
    )
    assert [(f.kind, f.stakeholder, f.detail) for f in red_flags(m, as_of=AS_OF)] == [
        (FlagKind.CHAMPION_DEPARTED, "old", "Olga argued for us and has left"),
        (FlagKind.NO_CHAMPION, None, "nobody argues for us"),
    ]


def test_an_empty_map_lacks_an_economic_buyer_and_a_champion():
    assert kinds(StakeholderMap()) == [
        (FlagKind.NO_ECONOMIC_BUYER, None, None),
        (FlagKind.NO_CHAMPION, None, None),
    ]


def test_bad_options_are_named():
    with pytest.raises(ValidationError, match=r"^red_flags\.as_of: expected a date"):
        red_flags(StakeholderMap(), as_of="2026-11-23")  # type: ignore[arg-type]
    with pytest.raises(
        ValidationError, match=r"^red_flags\.stale_after_days: expected a whole number"
    ):
        red_flags(StakeholderMap(), as_of=AS_OF, stale_after_days=-1)
