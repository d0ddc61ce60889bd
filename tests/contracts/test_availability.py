from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import InsufficientDataError, ValidationError
from accountkit.contracts import Outage, TimeSpan, availability, downtime, merge_spans
from strategies.contracts import outages, time_spans


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=UTC)


APRIL = TimeSpan(at(4, 1), at(5, 1))
WORKED_OUTAGES = [
    Outage(start=at(3, 31, 23, 50), end=at(4, 1, 0, 20)),
    Outage(start=at(4, 10, 10, 0), end=at(4, 10, 10, 30)),
    Outage(start=at(4, 10, 10, 20), end=at(4, 10, 10, 50)),
    Outage(start=at(4, 10, 10, 45), end=at(4, 10, 11, 0)),
]
WORKED_MAINTENANCE = [TimeSpan(at(4, 10, 10, 40), at(4, 10, 11, 30))]


def test_worked_case_maintenance_leaves_downtime_only():
    """Issue 4: 20 minutes clipped from the first outage; the three overlapping ones
    merge into 10:00-11:00 (60), less 10:40-11:00 under maintenance (20): 60 minutes.
    (43,200 - 60) / 43,200 = 99.861111...%."""
    result = downtime(WORKED_OUTAGES, APRIL, maintenance=WORKED_MAINTENANCE)
    assert result.downtime_minutes == Decimal(60)
    assert result.window_minutes == Decimal(43200)
    assert result.maintenance_minutes == Decimal(50)
    assert result.availability == Decimal("99.86111111111111111111111111111111")
    assert [(s.start, s.end) for s in result.counted] == [
        (at(4, 1, 0, 0), at(4, 1, 0, 20)),
        (at(4, 10, 10, 0), at(4, 10, 10, 40)),
    ]


def test_worked_case_maintenance_leaves_the_window_too():
    """Issue 4: the 50 maintenance minutes also leave the window: 43,090 / 43,150."""
    result = downtime(
        WORKED_OUTAGES,
        APRIL,
        maintenance=WORKED_MAINTENANCE,
        maintenance_leaves_window=True,
    )
    assert result.window_minutes == Decimal(43150)
    # 34 significant digits of 100 x 43,090 / 43,150 = 99.860950173812...
    exact = Fraction(100 * 43090, 43150)
    assert abs(Fraction(result.availability) - exact) < Fraction(1, 10**31)
    assert str(result.availability).startswith("99.860950")


def test_minimum_qualifying_outage():
    """With a 25-minute minimum, the 20-minute stretch at midnight is ignored; the
    40-minute stretch counts: 40 minutes."""
    result = downtime(
        WORKED_OUTAGES,
        APRIL,
        maintenance=WORKED_MAINTENANCE,
        minimum_outage=timedelta(minutes=25),
    )
    assert result.downtime_minutes == Decimal(40)
    assert [(s.start, s.end) for s in result.ignored] == [
        (at(4, 1, 0, 0), at(4, 1, 0, 20))
    ]


def test_partial_outages_count_in_user_minutes_and_overlaps_take_the_largest_weight():
    """30 minutes at 25% = 7.5; overlapped for 10 of them by a 50% outage: the
    overlap counts at 50% (never 75%): 20 x 0.25 + 10 x 0.5 + 10 x 0.5 = 15."""
    quarter = Outage(start=at(4, 2, 9, 0), end=at(4, 2, 9, 30), weight="0.25")
    half = Outage(start=at(4, 2, 9, 20), end=at(4, 2, 9, 40), weight="0.5")
    assert downtime([quarter], APRIL).downtime_minutes == Decimal("7.5")
    assert downtime([quarter, half], APRIL).downtime_minutes == Decimal(15)


def test_a_whole_month_down_is_zero_percent():
    assert availability([Outage(start=at(3, 1), end=at(6, 1))], APRIL) == Decimal(0)


def test_outage_in_another_time_zone_is_the_same_instant():
    cest = timezone(timedelta(hours=2))
    local = Outage(
        start=datetime(2025, 4, 2, 11, 0, tzinfo=cest),
        end=datetime(2025, 4, 2, 11, 30, tzinfo=cest),
    )
    assert downtime([local], APRIL).counted == (
        TimeSpan(at(4, 2, 9, 0), at(4, 2, 9, 30)),
    )


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (
            lambda: Outage(start=datetime(2025, 4, 1), end=at(4, 2)),  # noqa: DTZ001 - naive on purpose
            r"Outage\.start: .* has no time zone",
        ),
        (
            lambda: Outage(start=at(4, 2), end=at(4, 1)),
            r"Outage\.end: must be after start",
        ),
        (
            lambda: Outage(start=at(4, 1), end=at(4, 1)),
            r"Outage\.end: must be after start",
        ),
        (
            lambda: Outage(start=at(4, 1), end=at(4, 2), weight="1.5"),
            r"Outage\.weight: must be in \(0, 1\]",
        ),
        (
            lambda: TimeSpan(at(4, 1), "tomorrow"),
            r"TimeSpan\.end: expected a timezone-aware datetime",
        ),
        (
            lambda: downtime([], APRIL, minimum_outage=timedelta(0)),
            r"downtime\.minimum_outage",
        ),
        (
            lambda: downtime(["outage"], APRIL),
            r"downtime\.outages\[0\]: expected an Outage",
        ),
    ],
)
def test_bad_input_is_named(make, fragment):
    with pytest.raises(ValidationError, match=fragment):
        make()


def test_maintenance_over_the_whole_window_leaves_nothing_to_measure():
    with pytest.raises(InsufficientDataError, match="nothing to measure"):
        downtime([], APRIL, maintenance=[APRIL], maintenance_leaves_window=True)


# --- properties -------------------------------------------------------------------


@given(st.lists(outages, max_size=8), time_spans(), st.randoms())
def test_merging_is_order_independent_and_idempotent(found, window, rng):
    shuffled = list(found)
    rng.shuffle(shuffled)
    doubled = found + found
    expected = downtime(found, window)
    assert downtime(shuffled, window) == expected
    assert downtime(doubled, window) == expected
    assert merge_spans(merge_spans(o.span for o in found)) == merge_spans(
        o.span for o in found
    )


@given(
    st.lists(outages, max_size=8),
    time_spans(),
    st.lists(time_spans(), max_size=3),
    st.booleans(),
)
def test_availability_is_a_percentage(found, window, upkeep, leaves):
    try:
        value = availability(
            found, window, maintenance=upkeep, maintenance_leaves_window=leaves
        )
    except InsufficientDataError:
        return
    assert Decimal(0) <= value <= Decimal(100)


@given(st.lists(outages, max_size=6), outages, time_spans())
def test_another_outage_never_raises_availability(found, extra, window):
    assert availability([*found, extra], window) <= availability(found, window)


@given(
    st.lists(outages.map(lambda o: Outage(start=o.start, end=o.end)), max_size=6),
    time_spans(),
)
def test_full_outages_count_the_minutes_of_their_merged_union(found, window):
    merged = merge_spans(o.span for o in found)
    expected = sum(
        (
            TimeSpan(max(s.start, window.start), min(s.end, window.end)).minutes
            for s in merged
            if max(s.start, window.start) < min(s.end, window.end)
        ),
        Decimal(0),
    )
    assert downtime(found, window).downtime_minutes == expected
