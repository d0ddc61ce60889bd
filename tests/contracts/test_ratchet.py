"""Service points priced together by a ratchet (PPP/PFI payment mechanisms).

The published case (ppponline.affinitext.com, book 3131, section 5.2, "Ratchet -
Service Performance Shortfalls"): 20 points a month are free; points 21-100 cost
1.0, 101-200 cost 1.2 and 201 upwards 1.5 times GBP 3.00 a point; 120 points
in a month cost 80 x 3.00 x 1.0 + 20 x 3.00 x 1.2 = 240.00 + 72.00 = 312.00.
"""

import pytest

from accountkit import CurrencyMismatchError, Money, Period, ValidationError
from accountkit.contracts import (
    CreditRegime,
    FlatCredit,
    Measurement,
    PeriodCharges,
    PointBand,
    PointRatchet,
    RatchetBand,
    ServiceLevel,
    ServicePoints,
    Waiver,
    assess_service_levels,
)

JAN, FEB = Period.month(2026, 1), Period.month(2026, 2)


def gbp(amount: str) -> Money:
    return Money(amount, "GBP")


def published(**changes: object) -> PointRatchet:
    fields: dict[str, object] = {
        "free_points": 20,
        "point_value": gbp("3.00"),
        "bands": (
            RatchetBand(up_to=100, multiplier="1.0"),
            RatchetBand(up_to=200, multiplier="1.2"),
            RatchetBand(up_to=None, multiplier="1.5"),
        ),
    }
    fields.update(changes)
    return PointRatchet(**fields)  # type: ignore[arg-type]


def scoring(level_id: str, points: int, **rule: object) -> ServiceLevel:
    """A level that scores ``points`` whenever it misses 99 (one band)."""
    fields: dict[str, object] = {
        "bands": (
            PointBand(bound="99", points=0),
            PointBand(bound=None, points=points),
        ),
        "rate_per_point": 0,
    }
    fields.update(rule)
    return ServiceLevel(
        id=level_id,
        name=level_id,
        target="99",
        rule=ServicePoints(**fields),  # type: ignore[arg-type]
    )


def assess(levels, ratchet, *, months=(JAN,), missed=None, waivers=()):
    missed = (
        missed if missed is not None else {m: [lv.id for lv in levels] for m in months}
    )
    return assess_service_levels(
        levels,
        CreditRegime(at_risk_rate="1", ratchet=ratchet),
        measurements=[
            Measurement(
                service_level_id=level.id,
                period=month,
                value="90" if level.id in missed.get(month, ()) else "99.5",
            )
            for month in months
            for level in levels
        ],
        charges=[PeriodCharges(period=m, amount=gbp("100000")) for m in months],
        waivers=waivers,
    )


@pytest.mark.parametrize(
    ("points", "deduction"),
    [
        (0, "0.00"),
        (20, "0.00"),  # the threshold itself is free
        (21, "3.00"),
        (100, "240.00"),  # 80 x 3.00
        (101, "243.60"),  # + 1 x 3.60
        (120, "312.00"),  # the published case
        (200, "600.00"),  # 240.00 + 100 x 3.60
        (201, "604.50"),  # + 1 x 4.50
        (250, "825.00"),  # 600.00 + 50 x 4.50
    ],
)
def test_the_published_ratchet_at_each_band_edge(points, deduction):
    assert published().deduction(points) == gbp(deduction)


def test_the_working_names_every_band_it_reaches():
    assert published().working(250) == (
        "250 points, 20 free; 80 x GBP 3.00 x 1.0 + 100 x GBP 3.00 x 1.2 + "
        "50 x GBP 3.00 x 1.5 = GBP 825.00"
    )
    assert published().working(20) == "20 points, 20 free; nothing to deduct"


def test_the_deduction_is_rounded_once_as_asked():
    """3 points at GBP 0.01 x 1.5 = 0.045: half up 0.05, half even 0.04."""
    ratchet = PointRatchet(
        free_points=0,
        point_value=gbp("0.01"),
        bands=(RatchetBand(up_to=None, multiplier="1.5"),),
    )
    assert ratchet.deduction(3) == gbp("0.05")
    assert ratchet.deduction(3, rounding="ROUND_HALF_EVEN") == gbp("0.04")


def test_the_points_of_all_levels_in_a_month_are_priced_together():
    """50 + 40 + 30 = 120 points: GBP 312.00, shared 130.00 / 104.00 / 78.00
    (312 x 50/120, x 40/120, x 30/120). Alone, no level would pass band 1."""
    levels = [scoring("cleaning", 50), scoring("helpdesk", 40), scoring("heating", 30)]
    report = assess(levels, published())
    assert [(r.service_level_id, r.points, r.raw) for r in report.levels] == [
        ("cleaning", 50, gbp("130.00")),
        ("helpdesk", 40, gbp("104.00")),
        ("heating", 30, gbp("78.00")),
    ]
    assert report.periods[0].raw_total == gbp("312.00")
    assert report.periods[0].issued_total == gbp("312.00")
    assert report.levels[0].basis == (
        "band 2: 50 points = 50; GBP 130.00 for its 50 of the period's points under "
        "the ratchet: 120 points, 20 free; 80 x GBP 3.00 x 1.0 + 20 x GBP 3.00 x 1.2 "
        "= GBP 312.00"
    )


def test_the_share_of_a_deduction_that_does_not_divide_goes_by_largest_remainder():
    """GBP 0.05 over 1 + 1 + 1 points: 0.02, 0.02, 0.01 (earlier levels first)."""
    ratchet = PointRatchet(
        free_points=0,
        point_value=gbp("0.01"),
        bands=(RatchetBand(up_to=None, multiplier="1.5"),),
    )
    levels = [scoring("a", 1), scoring("b", 1), scoring("c", 1)]
    report = assess(levels, ratchet)
    assert [r.raw for r in report.levels] == [gbp("0.02"), gbp("0.02"), gbp("0.01")]


def test_points_under_the_threshold_cost_nothing_and_met_levels_score_none():
    levels = [scoring("a", 12), scoring("b", 8), scoring("c", 30)]
    report = assess(levels, published(), missed={JAN: ["a", "b"]})
    assert [(r.points, r.raw) for r in report.levels] == [
        (12, gbp("0.00")),
        (8, gbp("0.00")),
        (None, gbp("0.00")),
    ]
    assert report.levels[0].basis.endswith("20 points, 20 free; nothing to deduct")
    assert report.levels[2].basis == "target met"


def test_a_repeat_failure_doubles_the_points_before_the_ratchet():
    """January 60 points: 40 x 3.00 = 120.00. February the repeat doubles them
    to 120 points: the published 312.00."""
    levels = [scoring("a", 60)]
    report = assess(levels, published(), months=(JAN, FEB))
    assert [(r.points, r.raw) for r in report.levels] == [
        (60, gbp("120.00")),
        (120, gbp("312.00")),
    ]


def test_a_waiver_removes_its_share_of_a_levels_part():
    """Half of helpdesk's 104.00 is waived: 52.00 charged, 260.00 in all."""
    levels = [scoring("cleaning", 50), scoring("helpdesk", 40), scoring("heating", 30)]
    waiver = Waiver(
        target="helpdesk",
        period=JAN,
        reason="client's change freeze",
        approved_by="cfo",
        share="0.5",
    )
    report = assess(levels, published(), waivers=[waiver])
    helpdesk = report.levels[1]
    assert (helpdesk.raw, helpdesk.waived, helpdesk.charged) == (
        gbp("104.00"),
        gbp("52.00"),
        gbp("52.00"),
    )
    assert helpdesk.basis.endswith(
        "; waiver of 0.5 (client's change freeze, approved by cfo)"
    )
    assert report.periods[0].charged_total == gbp("260.00")


def test_levels_priced_otherwise_keep_their_own_rule():
    """A flat 1% credit beside the ratchet: 1,000.00 plus the 312.00."""
    levels = [
        scoring("cleaning", 50),
        scoring("helpdesk", 70),
        ServiceLevel(
            id="report", name="report", target="99", rule=FlatCredit(rate="0.01")
        ),
    ]
    report = assess(levels, published())
    assert [r.raw for r in report.levels] == [
        gbp("130.00"),
        gbp("182.00"),
        gbp("1000.00"),
    ]


@pytest.mark.parametrize(
    ("levels", "ratchet", "error", "message"),
    [
        (
            [scoring("a", 5, rate_per_point="0.01")],
            published(),
            ValidationError,
            (
                "assess_service_levels.levels[0].rule.rate_per_point: must be 0 under the "
                "regime's ratchet, which prices the points (got 0.01)"
            ),
        ),
        (
            [scoring("a", 5), scoring("b", 5, free_points=2)],
            published(),
            ValidationError,
            (
                "assess_service_levels.levels[1].rule.free_points: must be 0 under the "
                "regime's ratchet, which prices the points (got 2)"
            ),
        ),
        (
            [ServiceLevel(id="f", name="f", target="99", rule=FlatCredit(rate="0.01"))],
            published(),
            ValidationError,
            (
                "assess_service_levels.regime.ratchet: the ratchet prices service points, "
                "and no service level scores any"
            ),
        ),
        (
            [scoring("a", 5)],
            published(point_value=Money("3.00", "EUR")),
            CurrencyMismatchError,
            (
                "assess_service_levels.regime.ratchet.point_value: in EUR, the charges are "
                "in GBP"
            ),
        ),
    ],
)
def test_a_ratchet_the_levels_do_not_fit_is_refused(levels, ratchet, error, message):
    with pytest.raises(error) as caught:
        assess(levels, ratchet)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        (
            (),
            (
                "PointRatchet.bands: needs at least one band, and the last must be open "
                "(up_to null)"
            ),
        ),
        (
            (RatchetBand(up_to=100, multiplier="1"),),
            (
                "PointRatchet.bands: needs at least one band, and the last must be open "
                "(up_to null)"
            ),
        ),
        (
            (
                RatchetBand(up_to=20, multiplier="1"),
                RatchetBand(up_to=None, multiplier="2"),
            ),
            (
                "PointRatchet.bands[0].up_to: up_to 20 must be above the free points, 20; "
                "bands go in ascending order without overlap"
            ),
        ),
        (
            (
                RatchetBand(up_to=100, multiplier="1"),
                RatchetBand(up_to=100, multiplier="1.2"),
                RatchetBand(up_to=None, multiplier="1.5"),
            ),
            (
                "PointRatchet.bands[1].up_to: up_to 100 must be above the previous band's "
                "100; bands go in ascending order without overlap"
            ),
        ),
        (
            (
                RatchetBand(up_to=None, multiplier="1"),
                RatchetBand(up_to=None, multiplier="1.2"),
            ),
            (
                "PointRatchet.bands[1]: follows an open-ended band; only the last band may "
                "be open"
            ),
        ),
        (
            (
                RatchetBand(up_to=100, multiplier="1.2"),
                RatchetBand(up_to=None, multiplier="1"),
            ),
            (
                "PointRatchet.bands[1].multiplier: 1 is below the multiplier of the band "
                "before it (1.2): bands rise with the period's points, and a worse result "
                "must not cost less a point"
            ),
        ),
    ],
)
def test_a_ratchet_table_that_does_not_rise_is_refused(bands, message):
    with pytest.raises(ValidationError) as caught:
        published(bands=bands)
    assert str(caught.value) == message


def test_the_edges_of_a_ratchet_are_accepted():
    """A band ending one point above the threshold, and a multiplier of 0."""
    ratchet = published(
        bands=(
            RatchetBand(up_to=21, multiplier="0"),
            RatchetBand(up_to=None, multiplier="0"),
        ),
    )
    assert ratchet.deduction(500) == gbp("0.00")
    assert published(free_points=0).deduction(1) == gbp("3.00")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: published(free_points=-1),
            "PointRatchet.free_points: expected a whole number",
        ),
        (
            lambda: published(point_value=gbp("0")),
            "PointRatchet.point_value: expected a positive amount of money",
        ),
        (
            lambda: RatchetBand(up_to=-1, multiplier="1"),
            "RatchetBand.up_to: expected a whole number",
        ),
        (
            lambda: RatchetBand(up_to=5, multiplier="-0.1"),
            "RatchetBand.multiplier: must not be negative, got -0.1",
        ),
        (
            lambda: published().deduction(-1),
            "PointRatchet.deduction.points: expected a whole number",
        ),
    ],
)
def test_bad_ratchet_fields_are_named(make, message):
    with pytest.raises(ValidationError) as caught:
        make()
    assert str(caught.value).startswith(message)
