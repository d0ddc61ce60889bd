import enum
import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import Money, Period, ValidationError
from accountkit.account import Account, load_portfolio
from accountkit.contracts import Contract, RenewalTerms, ServiceLevel
from accountkit.serialization import (
    from_dict,
    from_json,
    parse_json,
    read_portfolio,
    tag_of,
    to_dict,
    to_json,
)
from json_values import only_json_values
from strategies.core import money, periods

# Small models standing in for the union-bearing records later packages define.


class Kind(enum.Enum):
    FIXED = "fixed"
    VARIABLE = "variable"


@attrs.frozen
class Fee:
    amount: Money
    kind: Kind


@attrs.frozen
class UsageCharge:
    period: Period
    rate: Decimal


@attrs.frozen
class Ledger:
    id: str
    lines: tuple[Fee | UsageCharge, ...]
    labels: frozenset[str] = frozenset()
    counts: dict[str, int] = attrs.field(factory=dict)
    note: str | None = None
    seen_at: datetime | None = None


LEDGER = Ledger(
    id="L-1",
    lines=(
        Fee(Money("1200.00", "EUR"), Kind.FIXED),
        UsageCharge(Period.month(2026, 1), Decimal("0.035")),
    ),
    labels=frozenset({"priority", "emea"}),
    counts={"tickets": 3},
    seen_at=datetime(2026, 1, 31, 9, 30, tzinfo=timezone(timedelta(hours=1))),
)

LEDGER_JSON = {
    "id": "L-1",
    "lines": [
        {
            "type": "fee",
            "amount": {"amount": "1200.00", "currency": "EUR"},
            "kind": "fixed",
        },
        {
            "type": "usage_charge",
            "period": {"start": "2026-01-01", "end": "2026-02-01"},
            "rate": "0.035",
        },
    ],
    "labels": ["emea", "priority"],
    "counts": {"tickets": 3},
    "note": None,
    "seen_at": "2026-01-31T09:30:00+01:00",
}


# --- the JSON shape ------------------------------------------------------------


def test_money_travels_with_its_amount_as_a_string():
    assert to_dict(Money("1234.50", "EUR")) == {"amount": "1234.50", "currency": "EUR"}
    assert (
        to_json(Money("1234.50", "EUR")) == '{"amount": "1234.50", "currency": "EUR"}'
    )


def test_the_documented_shape_of_a_record():
    assert to_dict(LEDGER) == LEDGER_JSON


def test_json_round_trip_of_a_record():
    assert from_json(Ledger, to_json(LEDGER)) == LEDGER
    assert from_dict(Ledger, LEDGER_JSON) == LEDGER


def test_to_json_indents_on_request():
    assert to_json(Money("1", "JPY"), indent=2) == (
        '{\n  "amount": "1",\n  "currency": "JPY"\n}'
    )


def test_tag_is_the_class_name_in_snake_case():
    assert tag_of(UsageCharge) == "usage_charge"
    assert tag_of(type("SLACredit", (), {})) == "sla_credit"
    assert tag_of(type("TimeAndMaterials", (), {})) == "time_and_materials"


# --- numbers on the way in ----------------------------------------------------


def test_json_numbers_are_read_as_decimals_and_keep_their_digits():
    value = from_json(Money, '{"amount": 1234.50, "currency": "EUR"}')
    assert repr(value) == "Money('1234.50', 'EUR')"


def test_json_integers_and_exponents_are_accepted_for_amounts():
    assert from_json(Money, '{"amount": 12, "currency": "EUR"}') == Money("12", "EUR")
    assert from_json(Money, '{"amount": 1.5e3, "currency": "EUR"}') == Money(
        "1500", "EUR"
    )


@pytest.mark.parametrize(
    ("amount", "currency", "strict"),
    [
        ('"1E+3"', "EUR", True),
        ('"-0.00"', "EUR", True),
        ('"0E-2"', "JPY", True),
        ('"12.340"', "KWD", True),
        ("1.5e3", "USD", True),
        ("-7", "USD", True),
        ('"99999999999999.9999"', "EUR", True),
        ('"5.5"', "eur", False),
    ],
)
def test_money_read_from_json_is_the_money_the_constructor_makes(
    amount, currency, strict
):
    """Digit for digit (the reader checks each part itself and builds the
    amount without checking again): positive exponents written out, negative
    zero unsigned, trailing zeros kept."""
    read = from_json(
        Money, f'{{"amount": {amount}, "currency": "{currency}"}}', strict=strict
    )
    made = Money(json.loads(amount, parse_float=Decimal), currency.upper())
    assert read == made
    assert read.amount.as_tuple() == made.amount.as_tuple()
    assert read.currency == made.currency


def test_binary_floats_are_refused_for_money():
    with pytest.raises(ValidationError) as info:
        from_dict(Money, {"amount": 0.1, "currency": "EUR"})
    assert str(info.value) == (
        "$.amount: got the binary float 0.1, which is not exact; send decimals as "
        "strings or parse JSON with parse_float=Decimal"
    )


def test_absurd_exponent_in_json_is_a_validation_error():
    with pytest.raises(ValidationError, match=r"\$\.amount: .* is too large"):
        from_json(Money, '{"amount": 1e999999999, "currency": "EUR"}')


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_constants_are_refused(constant):
    with pytest.raises(
        ValidationError, match=rf"\$: malformed JSON: {constant} is not"
    ):
        from_json(Money, f'{{"amount": {constant}, "currency": "EUR"}}')


# --- unknown keys ---------------------------------------------------------------


def test_unknown_keys_are_refused_by_default():
    with pytest.raises(ValidationError) as info:
        from_dict(Money, {"amount": "1", "currency": "EUR", "crm_id": 7})
    assert str(info.value) == (
        "$.crm_id: unknown field (Money has amount, currency); ignored when reading leniently "
        "(strict=False)"
    )


def test_unknown_keys_are_ignored_when_not_strict():
    data = dict(LEDGER_JSON, crm_id=7)
    data["lines"] = [dict(LEDGER_JSON["lines"][0], crm_line=1), LEDGER_JSON["lines"][1]]
    assert from_dict(Ledger, data, strict=False) == LEDGER
    assert from_json(
        Money, '{"amount": "1", "currency": "EUR", "x": 1}', strict=False
    ) == (Money("1", "EUR"))


def test_unknown_keys_in_nested_records_are_located():
    data = json.loads(json.dumps(LEDGER_JSON))
    data["lines"][1]["period"]["length"] = 31
    with pytest.raises(
        ValidationError, match=r"^\$\.lines\[1\]\.period\.length: unknown field"
    ):
        from_dict(Ledger, data)


# --- every problem at once, with its path ---------------------------------------


def test_every_problem_is_reported_with_its_json_path():
    bad = {
        "id": 5,
        "lines": [
            {
                "type": "fee",
                "amount": {"amount": "abc", "currency": "EUX"},
                "kind": "x",
            },
            {
                "type": "usage_charge",
                "period": {"start": "2026-02-01", "end": "2026-01-01"},
                "rate": "1",
            },
            {"type": "rebate"},
            "fee",
        ],
        "labels": "emea",
        "counts": {"tickets": "3"},
        "seen_at": "2026-01-31T09:30:00",
        "extra": True,
    }
    with pytest.raises(ValidationError) as info:
        from_dict(Ledger, bad)
    located = [problem.located("$") for problem in info.value.problems]
    assert located == [
        "$.id: expected a string, got whole number 5",
        "$.lines[0].amount.amount: not a decimal number: 'abc'",
        (
            "$.lines[0].amount.currency: unknown currency code 'EUX' "
            "(expected an ISO 4217 code such as 'EUR')"
        ),
        "$.lines[0].kind: expected one of 'fixed', 'variable', got string 'x'",
        (
            "$.lines[1].period.end: must be after start (2026-02-01), "
            "got 2026-01-01; a period is [start, end) and holds at least one day"
        ),
        (
            "$.lines[2].type: record type unknown: 'rebate' (expected one of 'fee', "
            "'usage_charge')"
        ),
        "$.lines[3]: expected an object tagged with 'type', got string 'fee'",
        "$.labels: expected an array, got string 'emea'",
        "$.counts.tickets: expected a whole number, got string '3'",
        (
            "$.seen_at: 2026-01-31T09:30:00 has no UTC offset, so it is ambiguous; add "
            "one (+00:00 or Z for UTC)"
        ),
        (
            "$.extra: unknown field (Ledger has id, lines, labels, counts, note, "
            "seen_at); ignored when reading leniently (strict=False)"
        ),
    ]
    assert str(info.value).startswith("11 problems:\n  $.id: expected a string")


def test_missing_fields_are_named():
    with pytest.raises(ValidationError) as info:
        from_dict(Ledger, {"labels": []})
    assert [p.located("$") for p in info.value.problems] == [
        "$.id: required field is missing",
        "$.lines: required field is missing",
    ]


def test_missing_money_fields_are_named():
    with pytest.raises(
        ValidationError, match=r"\$\.currency: required field is missing"
    ):
        from_dict(Money, {"amount": "1"})


def test_missing_union_tag_is_named():
    data = json.loads(json.dumps(LEDGER_JSON))
    del data["lines"][0]["type"]
    with pytest.raises(
        ValidationError, match=r"^\$\.lines\[0\]\.type: record type missing"
    ):
        from_dict(Ledger, data)


def test_wrong_top_level_shape():
    with pytest.raises(
        ValidationError, match=r"^\$: expected an object for Ledger, got array"
    ):
        from_dict(Ledger, [])
    with pytest.raises(ValidationError, match=r"^\$: expected money as an object"):
        from_dict(Money, "1.00 EUR")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"amount": "1",', "malformed JSON: Expecting property name"),
        ("", "malformed JSON: Expecting value at line 1 column 1"),
        ('{"amount": "1", "amount": "2", "currency": "EUR"}', "duplicate key 'amount'"),
        (b"\xff\xfe\x00", "the text is not UTF-8: byte 0xff at offset 0"),
        (b'{"amount": "\xe9"}', "the text is not UTF-8: byte 0xe9 at offset 12"),
    ],
)
def test_malformed_json_is_a_validation_error(text, fragment):
    with pytest.raises(ValidationError, match=r"^\$: ") as info:
        from_json(Money, text)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (
            "31/01/2026",
            "expected an ISO 8601 date (YYYY-MM-DD), got string '31/01/2026'",
        ),
        ("2026-02-30", "not a calendar date: '2026-02-30'"),
        ("20260131", "expected an ISO 8601 date"),
        ("2026-01-31T00:00:00+00:00", "expected an ISO 8601 date"),
        (20260131, "got whole number 20260131"),
    ],
)
def test_dates_must_be_iso_8601_calendar_dates(value, fragment):
    with pytest.raises(ValidationError, match=r"^\$\.start: ") as info:
        from_dict(Period, {"start": value, "end": "2027-01-01"})
    assert fragment in str(info.value)


def test_datetimes_keep_their_offset():
    data = json.loads(json.dumps(LEDGER_JSON))
    data["seen_at"] = "2026-01-31T08:30:00Z"
    moment = from_dict(Ledger, data).seen_at
    assert moment == datetime(2026, 1, 31, 8, 30, tzinfo=UTC)
    assert moment is not None
    assert moment.utcoffset() == timedelta(0)


def test_bad_datetime_text_is_named():
    data = dict(LEDGER_JSON, seen_at="2026-01-31T25:00:00+00:00")
    with pytest.raises(
        ValidationError, match=r"^\$\.seen_at: not an ISO 8601 date and time"
    ):
        from_dict(Ledger, data)


def test_sets_refuse_duplicates_rather_than_lose_them():
    data = dict(LEDGER_JSON, labels=["emea", "emea"])
    with pytest.raises(
        ValidationError, match=r"^\$\.labels\[1\]: duplicate value in a set"
    ):
        from_dict(Ledger, data)


def test_python_values_are_accepted_where_json_ones_are():
    data = dict(LEDGER_JSON, seen_at=LEDGER.seen_at)
    data["lines"] = [
        LEDGER_JSON["lines"][0],
        dict(LEDGER_JSON["lines"][1], rate=Decimal("0.035")),
    ]
    data["lines"][1]["period"] = {"start": date(2026, 1, 1), "end": date(2026, 2, 1)}
    assert from_dict(Ledger, data) == LEDGER


# --- properties -------------------------------------------------------------------


ledgers = st.builds(
    Ledger,
    id=st.text(max_size=8),
    lines=st.lists(
        st.one_of(
            st.builds(Fee, money(), st.sampled_from(Kind)),
            st.builds(
                UsageCharge,
                periods(),
                # accountkit reads decimals of up to 30 integer digits
                st.decimals(min_value=-(10**30) + 1, max_value=10**30 - 1, places=4),
            ),
        ),
        max_size=4,
    ).map(tuple),
    labels=st.frozensets(st.text(max_size=5), max_size=4),
    counts=st.dictionaries(st.text(max_size=5), st.integers(), max_size=4),
    note=st.none() | st.text(max_size=10),
    seen_at=st.none() | st.datetimes(timezones=st.just(UTC)),
)


@given(ledgers)
def test_records_with_unions_round_trip_exactly(ledger):
    data = to_dict(ledger)
    assert only_json_values(data)
    assert from_dict(Ledger, data) == ledger
    assert from_json(Ledger, to_json(ledger)) == ledger
    assert to_dict(from_json(Ledger, to_json(ledger))) == data


def _read_or_refuse(text: str) -> object:
    try:
        return from_json(Ledger, text)
    except ValidationError as err:
        return err


@given(st.text())
def test_arbitrary_text_never_escapes_as_anything_but_a_validation_error(text):
    outcome = _read_or_refuse(text)
    if isinstance(outcome, ValidationError):
        assert outcome.problems
    else:
        assert isinstance(outcome, Ledger)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (object(), r"^\$: cannot write a object as JSON"),
        ([Money("1", "EUR"), {1, 2}], r"^\$\[1\]: cannot write a set as JSON"),
        ({"a": float("nan")}, r"^\$\.a: cannot write the non-finite number nan"),
        ({1: "a"}, r"^\$: a key must be a string, got whole number 1"),
    ],
)
def test_writing_something_that_is_not_a_model_is_a_validation_error(value, fragment):
    with pytest.raises(ValidationError, match=fragment):
        to_json(value)


class _Text(str):
    __slots__ = ()


class _Whole(int):
    __slots__ = ()


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ([{"k": [2.0, True, None, "s", 7]}], '[{"k": [2.0, true, null, "s", 7]}]'),
        # subclasses of JSON's types are written as those types
        ({"a": _Text("x"), "b": _Whole(3)}, '{"a": "x", "b": 3}'),
        ({"a": {_Text("k"): 1}}, '{"a": {"k": 1}}'),
        ({"a": (1, 2)}, '{"a": [1, 2]}'),
    ],
)
def test_writing_plain_values_as_json(value, written):
    assert to_json(value) == written


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (
            {"a": [1, float("inf")]},
            r"^\$\.a\[1\]: cannot write the non-finite number inf",
        ),
        ([{"x": {"y": float("-inf")}}], r"^\$\[0\]\.x\.y: cannot write the non-finite"),
        ([[], {"deep": [{"z": object()}]}], r"^\$\[1\]\.deep\[0\]\.z: cannot write a"),
    ],
)
def test_what_cannot_be_written_is_named_at_its_path_however_deep(value, fragment):
    with pytest.raises(ValidationError, match=fragment):
        to_json(value)


def test_from_json_refuses_what_is_not_text():
    with pytest.raises(ValidationError) as caught:
        from_json(Money, None)  # type: ignore[arg-type]
    assert (
        str(caught.value) == "from_json.text: expected a str or a bytes, got NoneType"
    )


# --- one reader: the rules every JSON entry point shares --------------------------


def test_load_portfolio_reads_json_numbers_exactly_and_refuses_duplicate_keys():
    """The review command's reader is from_json's: 1200.10 stays 1200.10."""
    text = (
        '{"id": "a", "name": "A", "currency": "EUR", "costs": [{"id": "K", '
        '"incurred_on": "2026-01-01", "amount": {"amount": 1200.10, '
        '"currency": "EUR"}}]}'
    )
    [account] = load_portfolio(text)
    assert account.costs is not None
    assert account.costs[0].amount.amount.as_tuple() == Decimal("1200.10").as_tuple()
    with pytest.raises(ValidationError, match="duplicate key 'id'"):
        load_portfolio('{"id": "a", "id": "b", "name": "A", "currency": "EUR"}')


def test_null_is_an_absent_field():
    """A null for a field with a default takes the default; for an account's
    section it is 'not recorded'; for a required field it is refused."""
    contract = from_dict(
        Contract,
        {
            "id": "C",
            "title": "T",
            "kind": "sow",
            "client": "a",
            "currency": "EUR",
            "term": {"start": "2026-01-01", "end": "2027-01-01"},
            "signed_on": "2026-01-01",
            "renewal": None,
            "charges": None,
        },
    )
    assert (contract.renewal, contract.charges) == (RenewalTerms(auto_renew=False), ())
    [account] = load_portfolio(
        '{"id": "a", "name": "A", "currency": "EUR", "escalations": null}'
    )
    assert account.escalations is None
    with pytest.raises(ValidationError, match=r"\$\.name: expected a string, got null"):
        load_portfolio('{"id": "a", "name": null, "currency": "EUR"}')


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2026-01-31T00:00:00Z", date(2026, 1, 31)),
        ("2026-01-31T00:00:00.000Z", date(2026, 1, 31)),
        ("2026-01-31T00:00:00-05:00", date(2026, 1, 31)),
        ("2026-01-31T00:00+01:00", date(2026, 1, 31)),
        ("2026-01-31T00:00:00", date(2026, 1, 31)),
        ("2026-01-31", date(2026, 1, 31)),
    ],
)
def test_lenient_reading_takes_the_day_of_a_midnight_date_time_as_written(written, day):
    data = {"start": written, "end": "2026-03-01"}
    assert from_dict(Period, data, strict=False).start == day


@pytest.mark.parametrize(
    "written",
    ["2026-01-31T23:00:00-05:00", "2026-01-31T00:00:01Z", "2026-01-31T12:00Z"],
)
def test_a_date_time_with_a_time_of_day_is_refused_even_leniently(written):
    with pytest.raises(ValidationError) as caught:
        from_dict(Period, {"start": written, "end": "2026-03-01"}, strict=False)
    assert str(caught.value) == (
        f"$.start: expected a date, got the date and time string '{written}'; "
        "only a date-time at midnight is read as its day (shifting it through a "
        "time zone would be a guess)"
    )


def test_strict_reading_names_the_lenient_rule_it_breaks():
    with pytest.raises(ValidationError) as caught:
        from_dict(Period, {"start": "2026-01-31T00:00:00Z", "end": "2026-03-01"})
    assert str(caught.value) == (
        "$.start: expected an ISO 8601 date (YYYY-MM-DD), got string "
        "'2026-01-31T00:00:00Z'; a date-time at midnight is read as its day when "
        "reading leniently (strict=False)"
    )


def test_lenient_reading_accepts_currency_codes_in_any_case():
    assert from_dict(Money, {"amount": "1", "currency": "eUr"}, strict=False) == Money(
        "1", "EUR"
    )
    [account] = load_portfolio(
        '{"id": "a", "name": "A", "currency": "usd"}', strict=False
    )
    assert account.currency == "USD"
    with pytest.raises(ValidationError, match="unknown currency code 'eux'"):
        from_dict(Money, {"amount": "1", "currency": "eux"}, strict=False)


def test_read_portfolio_keeps_every_good_account_and_refuses_a_repeated_id():
    found = read_portfolio(
        '[{"id": "a", "name": "A", "currency": "EUR"},'
        ' {"id": "b", "name": "B", "currency": 7},'
        ' {"id": "a", "name": "A2", "currency": "EUR"}]'
    )
    assert isinstance(found[0], Account)
    assert isinstance(found[1], ValidationError)
    assert isinstance(found[2], ValidationError)
    assert str(found[1]) == "$[1].currency: expected a string, got whole number 7"
    assert str(found[2]) == "$[2].id: account id 'a' is used twice ($[0] and here)"
    with pytest.raises(ValidationError, match=r"got string 'x'"):
        read_portfolio('"x"')


def test_a_huge_integer_and_deep_nesting_are_validation_errors():
    with pytest.raises(ValidationError, match=r"a number has more than \d+ digits"):
        parse_json("1" * 10_000)
    with pytest.raises(ValidationError, match="nested too deeply"):
        parse_json("[" * 100_000)


def test_a_long_error_lists_fifty_problems_and_counts_the_rest():
    text = "[" + ", ".join(['{"id": 1}'] * 30) + "]"
    with pytest.raises(ValidationError) as caught:
        load_portfolio(text)
    lines = str(caught.value).splitlines()
    assert lines[0] == "90 problems:"
    assert len(caught.value.problems) == 90
    assert len(lines) == 1 + 50 + 1
    assert lines[-1] == (
        "  ... and 40 more (the first 50 are listed; every one is in .problems)"
    )


def test_structural_and_cross_reference_problems_come_in_one_report():
    """Invoice I2 cannot be read (no amount); invoice I1 bills a contract the
    account lacks, a payment settles an invoice that does not exist, and a
    credit note settles the unreadable I2 - which is not reported, since I2
    is there, only broken. All in one run, each at its path."""
    document = {
        "id": "acme",
        "name": "Acme",
        "currency": "EUR",
        "contracts": [],
        "invoices": [
            {
                "id": "I1",
                "customer": "acme",
                "issued_on": "2026-01-01",
                "amount": {"amount": "100", "currency": "EUR"},
                "due_on": "2026-01-31",
                "contract_id": "C-9",
            },
            {"id": "I2", "customer": "acme", "issued_on": "2026-02-01"},
        ],
        "payments": [
            {
                "id": "P1",
                "customer": "acme",
                "received_on": "2026-02-10",
                "amount": {"amount": "100", "currency": "EUR"},
                "invoice_id": "I7",
            }
        ],
        "credit_notes": [
            {
                "id": "N1",
                "customer": "acme",
                "issued_on": "2026-02-15",
                "amount": {"amount": "10", "currency": "EUR"},
                "invoice_id": "I2",
            }
        ],
    }
    [outcome] = read_portfolio(json.dumps(document))
    assert isinstance(outcome, ValidationError)
    assert [p.located("$") for p in outcome.problems] == [
        "$.invoices[1].amount: required field is missing",
        "$.invoices[0].contract_id: no such record in the account: 'C-9'",
        "$.payments[0].invoice_id: no such record in the account: 'I7'",
    ]


def test_an_object_where_a_union_tag_belongs_is_named():
    """It used to say "unhashable type: 'dict'"."""
    with pytest.raises(ValidationError) as caught:
        from_dict(
            ServiceLevel,
            {"id": "a", "name": "A", "target": "1", "rule": {"type": {"x": 1}}},
        )
    assert str(caught.value) == (
        "$.rule.type: record type unknown: object {'x': 1} (expected one of "
        "'tiered_credit', 'linear_shortfall_credit', 'pool_allocation_credit', "
        "'service_points', 'flat_credit')"
    )


def test_a_huge_currency_code_is_not_echoed_whole():
    with pytest.raises(ValidationError) as caught:
        from_dict(Money, {"amount": "1", "currency": "X" * 10_000_000})
    assert str(caught.value) == (
        "$.currency: unknown currency code 'XXXXXXXXXXXX...' (expected an ISO 4217 "
        "code such as 'EUR')"
    )


def test_a_value_that_contains_itself_cannot_be_written():
    cyclic: list[object] = []
    cyclic.append(cyclic)
    with pytest.raises(ValidationError) as caught:
        to_json(cyclic)
    assert str(caught.value) == (
        "$: cannot write a value that contains itself (or nests too deeply)"
    )


def test_reading_stops_collecting_after_max_problems():
    """5,000 junk accounts of one problem each (a number, not an object): the
    first 1,000 are reported, then the 1,001st says reading stopped."""
    found = read_portfolio("[" + ", ".join(["7"] * 5000) + "]")
    assert len(found) == 1001
    assert all(isinstance(item, ValidationError) for item in found)
    assert str(found[0]) == "$[0]: expected an object for Account, got whole number 7"
    assert str(found[-1]) == (
        "$[1000]: not read: 1,000 problems were found before this account (at most "
        "1,000 are collected); fix those and read the document again"
    )


# --- the quick paths of the reader say what the careful ones say --------------


@attrs.frozen
class Receipt:
    paid: Money | None
    on: date | None = None
    ref: str | int | None = None
    lines: tuple[Fee, ...] = ()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        # two keys, the usual shape, one part wrong: said once, at its key
        (
            {"amount": "abc", "currency": "EUR"},
            ["$.amount: not a decimal number: 'abc'"],
        ),
        (
            {"amount": "1", "currency": "eur"},
            [
                (
                    "$.currency: unknown currency code 'eur' (expected an ISO 4217 "
                    "code such as 'EUR'); did you mean 'EUR'? It is accepted when "
                    "reading leniently (strict=False)."
                )
            ],
        ),
        (
            {"amount": 5, "currency": 7},
            ["$.currency: expected a currency code string, got int"],
        ),
        (
            {"amount": "5", "currency": ["EUR"]},
            ["$.currency: expected a currency code string, got list"],
        ),
        # two keys, one of them unknown
        (
            {"amount": "1", "cur": "EUR"},
            [
                "$.currency: required field is missing",
                (
                    "$.cur: unknown field (Money has amount, currency); ignored "
                    "when reading leniently (strict=False)"
                ),
            ],
        ),
    ],
)
def test_money_of_two_keys_is_read_or_refused_exactly_as_any_money(data, said):
    with pytest.raises(ValidationError) as caught:
        from_dict(Money, data)
    assert [p.located("$") for p in caught.value.problems] == said


def test_two_key_money_is_read_from_text_and_from_other_numbers_alike():
    """The quick path takes text; an integer or a Decimal takes the other,
    and both give the money the constructor makes. Equal decimals with other
    digits (12.5 and 12.50) stay apart: read texts are kept by their text."""
    assert from_dict(Money, {"amount": "12.50", "currency": "USD"}) == Money(
        "12.50", "USD"
    )
    for digits in ("12.5", "12.50", "12.500"):
        read = from_dict(Money, {"amount": Decimal(digits), "currency": "USD"})
        assert read.amount.as_tuple() == Decimal(digits).as_tuple()
        read = from_dict(Money, {"amount": digits, "currency": "USD"})
        assert read.amount.as_tuple() == Decimal(digits).as_tuple()
    assert from_dict(Money, {"amount": 3, "currency": "JPY"}) == Money("3", "JPY")


def test_optional_fields_read_null_as_none_and_anything_else_by_their_type():
    assert from_dict(Receipt, {"paid": None, "on": None, "ref": None}) == Receipt(None)
    read = from_dict(
        Receipt,
        {
            "paid": {"amount": "5", "currency": "EUR"},
            "on": "2026-03-31",
            "ref": 12,
            "lines": [{"amount": {"amount": "1", "currency": "EUR"}, "kind": "fixed"}],
        },
    )
    assert read == Receipt(
        Money("5", "EUR"),
        date(2026, 3, 31),
        12,
        (Fee(Money("1", "EUR"), Kind.FIXED),),
    )
    assert from_dict(Receipt, {"paid": None, "ref": "R-1"}).ref == "R-1"
    with pytest.raises(ValidationError) as caught:
        from_dict(
            Receipt, {"paid": {"amount": "x", "currency": "EUR"}, "on": 5, "ref": 1.5}
        )
    assert [p.located("$") for p in caught.value.problems] == [
        "$.paid.amount: not a decimal number: 'x'",
        "$.on: expected an ISO 8601 date (YYYY-MM-DD), got whole number 5",
        "$.ref: expected str or int or NoneType, got float 1.5",
    ]
