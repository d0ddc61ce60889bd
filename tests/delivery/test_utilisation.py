"""Utilisation, realisation and cost of one person's time (issue 18).

The worked case, by hand: February 2026 has 20 working days (1 February is a
Sunday; four whole weeks); at 8 hours that is 160 hours, and 2 days' leave
leave 144 available. 120 billable hours are 83.33% of 144; at a standard EUR
150 an hour they are worth 18,000.00, and 16,200.00 billed is 90.00% of that,
an effective EUR 135.00 an hour.
"""

from collections import Counter
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import CurrencyMismatchError, Money, Period, ValidationError
from accountkit.contracts import BusinessCalendar, Weekday, WorkingWindow
from accountkit.delivery import (
    Capacity,
    Leave,
    Person,
    RateChange,
    TimeEntry,
    monthly_utilisation,
    role_utilisation,
    utilisation,
    working_hours,
)

FEBRUARY = Period.month(2026, 2)
OFFICE = BusinessCalendar.weekdays(time(9), time(17), timezone="Europe/Paris")


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def person(**more) -> Person:
    fields = {
        "id": "ana",
        "name": "Ana Silva",
        "role": "architect",
        "calendar": OFFICE,
        "rates": (
            RateChange(
                effective_from=date(2026, 1, 1),
                cost_rate=eur("70"),
                bill_rate=eur("150"),
            ),
        ),
    }
    fields.update(more)
    return Person(**fields)


def weekdays(period: Period) -> list[date]:
    days = [period.start + timedelta(days=n) for n in range(period.days)]
    return [d for d in days if d.weekday() < 5]


def entries(days, *, hours="8", billable=True, activity="") -> list[TimeEntry]:
    return [
        TimeEntry(
            person="ana",
            engagement="C-1",
            day=d,
            hours=hours,
            billable=billable,
            activity=activity,
        )
        for d in days
    ]


LEAVE = Leave(person="ana", start=date(2026, 2, 26), end=date(2026, 2, 27))


def test_the_worked_case():
    seen = utilisation(
        person(),
        entries(weekdays(FEBRUARY)[:15]),
        period=FEBRUARY,
        leave=[LEAVE],
        billed=eur("16200"),
    )
    assert (seen.start, seen.last_day, seen.capacity) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
        Capacity.NET,
    )
    assert (
        seen.available_hours,
        seen.recorded_hours,
        seen.billable_hours,
        seen.non_billable_hours,
        seen.bench_hours,
    ) == (Decimal(144), Decimal(120), Decimal(120), Decimal(0), Decimal(24))
    assert seen.utilisation == Decimal("83.33")
    assert seen.standard_value == eur("18000.00")
    assert seen.realisation == Decimal("90.00")
    assert seen.effective_rate == eur("135.00")
    # 120 hours at the EUR 70 cost rate
    assert seen.cost == eur("8400.00")
    assert (seen.person, seen.role, seen.billed) == ("ana", "architect", eur("16200"))


def test_gross_capacity_keeps_the_leave_in_the_denominator():
    """160 gross hours: 120 / 160 = 75.00%."""
    seen = utilisation(
        person(),
        entries(weekdays(FEBRUARY)[:15]),
        period=FEBRUARY,
        leave=[LEAVE],
        capacity=Capacity.GROSS,
    )
    assert (seen.available_hours, seen.utilisation) == (Decimal(160), Decimal("75.00"))
    assert (seen.billed, seen.realisation, seen.effective_rate) == (None, None, None)


def test_a_person_joining_mid_month_is_available_from_that_day():
    """Joining Monday 16 February: 10 working days, 80 hours; 40 billable is 50%.
    Leaving on Thursday 12 February (the last day counts, the Friday after
    does not): 9 working days, 72 hours."""
    joined = person(joined_on=date(2026, 2, 16))
    seen = utilisation(joined, entries(weekdays(FEBRUARY)[10:15]), period=FEBRUARY)
    assert (seen.available_hours, seen.utilisation) == (Decimal(80), Decimal("50.00"))
    left = person(last_day=date(2026, 2, 12))
    assert utilisation(left, [], period=FEBRUARY).available_hours == Decimal(72)


def test_a_cost_rate_changing_mid_month_prices_each_day_at_its_rate():
    """Rates rise on 16 February (cost 70 -> 80, bill 150 -> 160): 10 days
    before at 8 h (80 h x 70 = 5,600; x 150 = 12,000) and 5 after (40 h x 80 =
    3,200; x 160 = 6,400): cost 8,800, standard value 18,400."""
    rising = person(
        rates=(
            RateChange(
                effective_from=date(2026, 1, 1),
                cost_rate=eur("70"),
                bill_rate=eur("150"),
            ),
            RateChange(
                effective_from=date(2026, 2, 16),
                cost_rate=eur("80"),
                bill_rate=eur("160"),
            ),
        )
    )
    seen = utilisation(rising, entries(weekdays(FEBRUARY)[:15]), period=FEBRUARY)
    assert (seen.cost, seen.standard_value) == (eur("8800.00"), eur("18400.00"))


def test_leave_on_a_holiday_or_a_weekend_takes_nothing_away():
    """2 February a holiday: 19 working days, 152 hours; leave on the holiday
    and the weekend after it leaves the 152."""
    holiday = BusinessCalendar.weekdays(
        time(9),
        time(17),
        timezone="Europe/Paris",
        holidays=frozenset({date(2026, 2, 2)}),
    )
    away = Leave(person="ana", start=date(2026, 2, 1), end=date(2026, 2, 2))
    seen = utilisation(person(calendar=holiday), [], period=FEBRUARY, leave=[away])
    assert seen.available_hours == Decimal(152)
    assert working_hours(holiday, date(2026, 2, 2)) == Decimal(0)
    assert working_hours(holiday, date(2026, 2, 3)) == Decimal(8)


def test_no_available_hours_leaves_utilisation_undefined():
    """A month on leave: 0 available hours; 4 hours recorded anyway. Utilisation
    is undefined (None), never 0 or infinite; nothing billable, no rate."""
    away = Leave(person="ana", start=date(2026, 2, 1), end=date(2026, 2, 28))
    seen = utilisation(
        person(),
        entries([date(2026, 2, 9)], hours="4", billable=False),
        period=FEBRUARY,
        leave=[away],
        billed=eur("0"),
    )
    assert (seen.available_hours, seen.utilisation, seen.bench_hours) == (
        Decimal(0),
        None,
        Decimal(0),
    )
    assert (seen.standard_value, seen.realisation, seen.effective_rate) == (
        eur("0.00"),
        None,
        None,
    )


def test_a_midnight_window_and_split_shifts_count_their_hours():
    night = BusinessCalendar(
        timezone="UTC",
        windows=(
            WorkingWindow(weekday=Weekday.MONDAY, start=time(8), end=time(12)),
            WorkingWindow(weekday=Weekday.MONDAY, start=time(13), end=time(17, 30)),
            WorkingWindow(weekday=Weekday.TUESDAY, start=time(22), end=time(0)),
        ),
    )
    assert working_hours(night, date(2026, 2, 2)) == Decimal("8.5")
    assert working_hours(night, date(2026, 2, 3)) == Decimal(2)
    assert working_hours(night, date(2026, 2, 4)) == Decimal(0)


@given(
    st.lists(
        st.tuples(st.integers(0, 27), st.integers(1, 16), st.booleans()), max_size=40
    ).filter(
        lambda drawn: max(Counter(d for d, _, _ in drawn).values(), default=0) <= 3
    )
)
def test_billable_and_non_billable_add_up_to_what_was_recorded(drawn):
    """Property: billable + non-billable = recorded; utilisation is billable
    over available, to 2 places (up to 3 entries of up to 8 hours a day)."""
    records = [
        TimeEntry(
            person="ana",
            engagement="C-1",
            day=FEBRUARY.start + timedelta(days=day),
            hours=Decimal(halves) / 2,
            billable=billable,
        )
        for day, halves, billable in drawn
    ]
    seen = utilisation(person(), records, period=FEBRUARY)
    assert seen.billable_hours + seen.non_billable_hours == seen.recorded_hours
    assert seen.recorded_hours == sum((r.hours for r in records), Decimal(0))
    assert seen.utilisation == (seen.billable_hours * 100 / 160).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: utilisation(
                person(),
                [
                    TimeEntry(
                        person="bo", engagement="C-1", day=date(2026, 2, 2), hours="1"
                    )
                ],
                period=FEBRUARY,
            ),
            ValidationError,
            "utilisation.entries[0].person: is 'bo''s, not 'ana''s",
        ),
        (
            lambda: utilisation(
                person(),
                [],
                period=FEBRUARY,
                leave=[
                    Leave(person="bo", start=date(2026, 2, 2), end=date(2026, 2, 2))
                ],
            ),
            ValidationError,
            "utilisation.leave[0].person: is 'bo''s, not 'ana''s",
        ),
        (
            lambda: utilisation(
                person(), entries([date(2025, 12, 31)]), period=FEBRUARY
            ),
            ValidationError,
            "utilisation.entries[0].day: 2025-12-31 is before 'ana''s first rate",
        ),
        (
            lambda: utilisation(
                person(),
                [
                    TimeEntry(
                        person="ana", engagement="C-1", day=date(2026, 2, 2), hours="16"
                    ),
                    TimeEntry(
                        person="ana", engagement="C-2", day=date(2026, 2, 3), hours="9"
                    ),
                    TimeEntry(
                        person="ana",
                        engagement="C-2",
                        day=date(2026, 2, 2),
                        hours="8.5",
                    ),
                ],
                period=FEBRUARY,
            ),
            ValidationError,
            (
                "utilisation.entries[2].hours: 'ana' has 24.5 hours on 2026-02-02 with "
                "this entry; a day has 24"
            ),
        ),
        (
            lambda: utilisation(
                person(), [], period=FEBRUARY, billed=Money("1", "USD")
            ),
            CurrencyMismatchError,
            "utilisation.billed: in USD, the rates are in EUR",
        ),
        (
            lambda: TimeEntry(
                person="ana", engagement="C-1", day=date(2026, 2, 2), hours="0"
            ),
            ValidationError,
            "TimeEntry.hours: must be above 0 and at most 24 hours, got 0",
        ),
        (
            lambda: TimeEntry(
                person="ana", engagement="C-1", day=date(2026, 2, 2), hours="24.5"
            ),
            ValidationError,
            "TimeEntry.hours: must be above 0 and at most 24 hours, got 24.5",
        ),
        (
            lambda: Leave(person="ana", start=date(2026, 2, 3), end=date(2026, 2, 2)),
            ValidationError,
            "Leave.end: 2026-02-02 is before the first day 2026-02-03",
        ),
        (
            lambda: person(rates=()),
            ValidationError,
            "Person.rates: needs at least one rate",
        ),
        (
            lambda: person(
                rates=(
                    RateChange(
                        effective_from=date(2026, 2, 1),
                        cost_rate=eur("1"),
                        bill_rate=eur("2"),
                    ),
                    RateChange(
                        effective_from=date(2026, 2, 1),
                        cost_rate=eur("1"),
                        bill_rate=eur("2"),
                    ),
                )
            ),
            ValidationError,
            (
                "Person.rates[1].effective_from: 2026-02-01 is not after 2026-02-01: rates "
                "go in date order, one a day"
            ),
        ),
        (
            lambda: RateChange(
                effective_from=date(2026, 2, 1),
                cost_rate=eur("1"),
                bill_rate=Money("2", "USD"),
            ),
            ValidationError,
            "RateChange.bill_rate: in USD, but the cost rate is in EUR",
        ),
        (
            lambda: person(joined_on=date(2026, 2, 2), last_day=date(2026, 2, 1)),
            ValidationError,
            "Person.last_day: 2026-02-01 is before the day they joined (2026-02-02)",
        ),
    ],
)
def test_bad_time_and_people_are_refused_where_they_are(call, error, message):
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


def test_a_day_of_exactly_24_hours_on_two_engagements_is_accepted():
    """16 + 8 = 24 hours on 2 February: a full day, not more."""
    both = [
        TimeEntry(person="ana", engagement="C-1", day=date(2026, 2, 2), hours="16"),
        TimeEntry(person="ana", engagement="C-2", day=date(2026, 2, 2), hours="8"),
    ]
    assert utilisation(person(), both, period=FEBRUARY).recorded_hours == Decimal(24)


def test_the_rates_in_effect_on_a_day_and_the_defaults():
    ana = person()
    assert ana.rate_on(date(2025, 12, 31)) is None
    assert ana.rate_on(date(2026, 1, 1)).bill_rate == eur("150")
    assert (ana.grade, ana.joined_on, ana.last_day, ana.currency) == (
        "",
        None,
        None,
        "EUR",
    )
    entry = TimeEntry(person="ana", engagement="C-1", day=date(2026, 2, 2), hours="24")
    assert (entry.billable, entry.activity, entry.hours) == (True, "", Decimal(24))
    assert LEAVE.days() == [date(2026, 2, 26), date(2026, 2, 27)]


def test_the_day_after_the_period_is_not_counted():
    """March 2026 has 22 working days (176 hours); the period ends on 1 April,
    a Wednesday, which is not in it."""
    seen = utilisation(person(), [], period=Period.month(2026, 3))
    assert seen.available_hours == Decimal(176)


def test_rates_out_of_order_or_in_two_currencies_are_refused_at_the_rate():
    def change(day, currency="EUR"):
        return RateChange(
            effective_from=day,
            cost_rate=Money("1", currency),
            bill_rate=Money("2", currency),
        )

    with pytest.raises(ValidationError) as caught:
        person(
            rates=(
                change(date(2026, 1, 1)),
                change(date(2026, 3, 1)),
                change(date(2026, 2, 1)),
            )
        )
    assert str(caught.value) == (
        "Person.rates[2].effective_from: 2026-02-01 is not after 2026-03-01: rates "
        "go in date order, one a day"
    )
    with pytest.raises(ValidationError) as caught:
        person(rates=(change(date(2026, 1, 1)), change(date(2026, 2, 1), "USD")))
    assert str(caught.value) == (
        "Person.rates[1].cost_rate: in USD, the first rate is not"
    )


def test_monthly_and_by_role_by_hand():
    """26 January to 28 February 2026. Ana (architect) works 8 billable hours
    on 26 January, 2-6 February (40) and 4 non-billable on 9 February; Bo
    (architect) joins on 16 February and bills 8 hours that day; Cy
    (engineer) records nothing. January's part (26-30, 5 days) has 40 hours
    to work, February 160.

    Ana: 8/40 = 20.00 % in January, 40/160 = 25.00 % in February (44
    recorded, 116 on the bench). Bo: nothing available in January (None);
    10 days (80 h) in February, 8/80 = 10.00 %. Cy: 0.00 % twice.
    Architects in February: 48 billable of 240 = 20.00 %; cost 44 x 70 + 8 x
    70 = 3,640.00; standard value 48 x 150 = 7,200.00. In January only Ana
    counts among the architects (Bo has not joined)."""
    bo = person(id="bo", name="Bo", joined_on=date(2026, 2, 16))
    cy = person(id="cy", name="Cy", role="engineer")
    days = [date(2026, 1, 26), *weekdays(FEBRUARY)[:5]]
    records = [
        *entries(days),
        *entries([date(2026, 2, 9)], hours="4", billable=False),
        TimeEntry(person="bo", engagement="C-1", day=date(2026, 2, 16), hours="8"),
    ]
    lines = monthly_utilisation(
        [person(), bo, cy], records, period=Period(date(2026, 1, 26), date(2026, 3, 1))
    )
    assert [(ln.person, ln.start, ln.last_day) for ln in lines] == [
        ("ana", date(2026, 1, 26), date(2026, 1, 31)),
        ("ana", date(2026, 2, 1), date(2026, 2, 28)),
        ("bo", date(2026, 1, 26), date(2026, 1, 31)),
        ("bo", date(2026, 2, 1), date(2026, 2, 28)),
        ("cy", date(2026, 1, 26), date(2026, 1, 31)),
        ("cy", date(2026, 2, 1), date(2026, 2, 28)),
    ]
    assert [(ln.available_hours, ln.utilisation) for ln in lines] == [
        (Decimal(40), Decimal("20.00")),
        (Decimal(160), Decimal("25.00")),
        (Decimal(0), None),
        (Decimal(80), Decimal("10.00")),
        (Decimal(40), Decimal("0.00")),
        (Decimal(160), Decimal("0.00")),
    ]
    assert (lines[1].recorded_hours, lines[1].bench_hours) == (
        Decimal(44),
        Decimal(116),
    )
    roles = role_utilisation(lines)
    assert [(r.role, r.start, r.people, r.utilisation) for r in roles] == [
        ("architect", date(2026, 1, 26), 1, Decimal("20.00")),
        ("architect", date(2026, 2, 1), 2, Decimal("20.00")),
        ("engineer", date(2026, 1, 26), 1, Decimal("0.00")),
        ("engineer", date(2026, 2, 1), 1, Decimal("0.00")),
    ]
    february = roles[1]
    assert (
        february.last_day,
        february.available_hours,
        february.recorded_hours,
        february.billable_hours,
        february.bench_hours,
        february.cost,
        february.standard_value,
    ) == (
        date(2026, 2, 28),
        Decimal(240),
        Decimal(52),
        Decimal(48),
        Decimal(188),
        eur("3640"),
        eur("7200"),
    )
    assert role_utilisation([]) == ()


def test_monthly_utilisation_refuses_leave_of_someone_not_given():
    away = Leave(person="zz", start=date(2026, 2, 2), end=date(2026, 2, 2))
    with pytest.raises(ValidationError) as caught:
        monthly_utilisation(
            [person(), person(id="bo")], [], period=FEBRUARY, leave=[away]
        )
    assert str(caught.value) == (
        "monthly_utilisation.leave[0].person: no person 'zz' among the people"
    )


def test_leave_outside_the_period_or_after_the_last_day_takes_nothing_away():
    """Leave from Friday 30 January to Tuesday 3 February: only 2 and 3
    February are in the month (144 of 160 hours); leave on the period's first
    day (Monday 2 February, for a period from that day) counts (152). Someone
    whose last day is 13 February (10 days, 80 hours) on leave 16-20
    February loses nothing."""
    across = Leave(person="ana", start=date(2026, 1, 30), end=date(2026, 2, 3))
    assert utilisation(
        person(), [], period=FEBRUARY, leave=[across]
    ).available_hours == Decimal(144)
    first = Leave(person="ana", start=date(2026, 2, 2), end=date(2026, 2, 2))
    from_monday = Period(date(2026, 2, 2), date(2026, 3, 1))
    assert utilisation(
        person(), [], period=from_monday, leave=[first]
    ).available_hours == Decimal(152)
    gone = person(last_day=date(2026, 2, 13))
    after = Leave(person="ana", start=date(2026, 2, 16), end=date(2026, 2, 20))
    assert utilisation(gone, [], period=FEBRUARY, leave=[after]).available_hours == (
        Decimal(80)
    )


def test_the_first_entry_without_a_rate_is_named_and_currencies_must_agree():
    """Ana's entry has her first rate; Bo's, on 2 February, is before his
    first (from 1 March): entries[1]. People paid in two currencies are
    refused at the second one's rates."""
    bo = person(
        id="bo",
        rates=(
            RateChange(
                effective_from=date(2026, 3, 1),
                cost_rate=eur("50"),
                bill_rate=eur("90"),
            ),
        ),
    )
    records = [
        TimeEntry(person="ana", engagement="C-1", day=date(2026, 2, 2), hours="8"),
        TimeEntry(person="bo", engagement="C-1", day=date(2026, 2, 2), hours="8"),
    ]
    with pytest.raises(ValidationError) as caught:
        monthly_utilisation([person(), bo], records, period=FEBRUARY)
    assert str(caught.value) == (
        "monthly_utilisation.entries[1].day: 2026-02-02 is before 'bo''s first rate"
    )
    pounds = person(
        id="bo",
        rates=(
            RateChange(
                effective_from=date(2026, 1, 1),
                cost_rate=Money("50", "GBP"),
                bill_rate=Money("90", "GBP"),
            ),
        ),
    )
    with pytest.raises(CurrencyMismatchError) as caught:
        monthly_utilisation([person(), pounds], [], period=FEBRUARY)
    assert str(caught.value) == (
        "monthly_utilisation.people[1].rates: rates in GBP, the first person's in EUR"
    )
