"""Reading accounts from a stream: JSON Lines, a JSON array, one account.

``iter_portfolio`` reads a chunk at a time; the tests shrink the chunk to a
few characters so that every boundary (inside a string, a number, a
multi-byte character, between lines) is crossed, and require what
``read_portfolio`` and ``parse_json`` say about the whole text.
"""

import io
import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountkit.account import Account
from accountkit.errors import ValidationError
from accountkit.serialization import (
    MAX_ACCOUNT_CHARACTERS,
    MAX_PROBLEMS,
    iter_portfolio,
    parse_json,
    read_portfolio,
    to_json,
)

SAMPLE = (
    resources.files("accountkit.data")
    .joinpath("sample_portfolio.json")
    .read_text("utf-8")
)
ACME = '{"id": "acme", "name": "Acme", "currency": "EUR"}'
INITECH = '{"id": "initech", "name": "Initech", "currency": "GBP"}'


def outcome(items: list[Account | ValidationError]) -> list[object]:
    """What a reader gave, comparable: accounts as they are, errors as text."""
    return [item if isinstance(item, Account) else str(item) for item in items]


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Read five characters (or bytes) at a time."""
    monkeypatch.setattr("accountkit.serialization._CHUNK", 5)


def test_json_lines_give_each_account_or_its_problems_by_line_number():
    text = "\n".join(
        [
            ACME,
            "",  # a blank line is skipped, but counted
            '{"id": "b", "name": "B", "currency": "EUX"}',
            '{"id": "c", "name": ',
            "   ",
            INITECH.replace("initech", "acme"),
            INITECH,
        ]
    )
    found = list(iter_portfolio(io.BytesIO(text.encode())))
    assert [type(item).__name__ for item in found] == [
        "Account",
        "ValidationError",
        "ValidationError",
        "ValidationError",
        "Account",
    ]
    assert found[0].id == "acme"
    assert found[4].id == "initech"
    assert str(found[1]).startswith("line 3: $.currency: unknown currency code 'EUX'")
    assert str(found[2]) == ("line 4: $: malformed JSON: Expecting value at column 21")
    assert str(found[3]) == (
        "line 6: $.id: account id 'acme' is used twice (line 1 and here)"
    )
    assert [p.path for p in found[3].problems] == [("id",)]


@pytest.mark.usefixtures("tiny_chunks")
def test_json_lines_read_in_tiny_chunks_give_the_same(tmp_path):
    text = f'{ACME}\n{{"id": "é", "name": "Ü", "currency": "EUR"}}\n{INITECH}'
    whole = outcome(list(iter_portfolio(io.StringIO(text))))
    assert [a.name for a in whole] == ["Acme", "Ü", "Initech"]  # type: ignore[attr-defined]
    path = tmp_path / "p.jsonl"
    path.write_text(text + "\n", encoding="utf-8")
    with path.open("rb") as stream:
        assert outcome(list(iter_portfolio(stream))) == whole


@pytest.mark.usefixtures("tiny_chunks")
def test_an_array_read_in_tiny_chunks_is_what_read_portfolio_reads():
    # the sample is one pretty-printed array: its accounts, with every record
    expected = read_portfolio(SAMPLE)
    assert len(expected) == 3
    assert outcome(list(iter_portfolio(io.BytesIO(SAMPLE.encode())))) == outcome(
        expected
    )
    compact = to_json(expected)
    assert outcome(list(iter_portfolio(io.StringIO(compact)))) == outcome(expected)


def test_an_array_of_accounts_gives_paths_from_the_document_root():
    text = f'[{ACME}, {{"id": "b", "name": "B", "currency": 7}}, {ACME}]'
    found = list(iter_portfolio(io.StringIO(text)))
    assert outcome(found) == outcome(read_portfolio(text))
    assert str(found[1]).startswith("$[1].currency: ")
    assert str(found[2]) == "$[2].id: account id 'acme' is used twice ($[0] and here)"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("[]", False),
        ("  [ ]  ", False),
        (f"[{ACME}]", False),
        (f"{ACME}\n{INITECH}\n", True),
        (f"{ACME}\n\n\n", True),
        (json.dumps(json.loads(ACME), indent=2), False),
        ("", True),
    ],
)
def test_the_form_is_told_exactly_from_the_first_character_and_line(text, lines):
    # the default reading is that of the form named explicitly
    told = outcome(list(iter_portfolio(io.StringIO(text))))
    assert told == outcome(list(iter_portfolio(io.StringIO(text), lines=lines)))


def test_a_pretty_printed_account_is_one_account_and_an_empty_stream_none():
    pretty = json.dumps(json.loads(ACME), indent=2)
    [acme] = iter_portfolio(io.StringIO(pretty))
    assert isinstance(acme, Account)
    assert acme.id == "acme"
    assert list(iter_portfolio(io.BytesIO(b""))) == []
    assert list(iter_portfolio(io.BytesIO(b" \n\n "), lines=True)) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "$: malformed JSON: Expecting value at line 1 column 1"),
        ('"x"', "$: expected an account (an object) or a portfolio"),
        (f"[{ACME} {ACME}]", "$: malformed JSON: Expecting ',' delimiter at line 1"),
        (f"[{ACME}] x", "$: malformed JSON: Extra data at line 1 column"),
        ("[]x", "$: malformed JSON: Extra data at line 1 column 3"),
        ("[1, tru", "$: malformed JSON: Expecting value at line 1 column 5"),
    ],
)
def test_a_document_that_cannot_be_read_on_raises_where_it_stops(text, message):
    with pytest.raises(ValidationError) as caught:
        list(iter_portfolio(io.StringIO(text), lines=False))
    assert str(caught.value).startswith(message)


@pytest.mark.usefixtures("tiny_chunks")
@settings(max_examples=300, deadline=None)
@given(
    cut=st.integers(0, 400),
    junk=st.sampled_from(["", "x", "]", ",", "\n}"]),
    compact=st.booleans(),
)
def test_a_broken_array_is_reported_where_parse_json_reports_it(cut, junk, compact):
    """Truncate (and spoil) an array anywhere: same line and column.

    Pretty-printed (errors after line breaks) or on one line (columns counted
    across every chunk).
    """
    members = [ACME, INITECH, ACME.replace("acme", "x")]
    text = (
        "[" + ",".join(members) + "]"
        if compact
        else "[\n  " + ",\n  ".join(members) + "\n]"
    )
    broken = text[:cut] + junk
    try:
        parse_json(broken)
    except ValidationError as err:
        expected = str(err)
    else:
        expected = None
    stream = io.BytesIO(broken.encode())
    if expected is None:
        # it is still JSON: the same as reading it whole
        assert outcome(list(iter_portfolio(stream, lines=False))) == outcome(
            read_portfolio(broken)
        )
        return
    with pytest.raises(ValidationError) as caught:
        list(iter_portfolio(stream, lines=False))
    assert str(caught.value) == expected


@pytest.mark.parametrize("chunk", [1, 2, 5, 1 << 20])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_bytes_that_are_not_utf8_are_refused_at_the_offset_parse_json_gives(
    monkeypatch, chunk, bom
):
    monkeypatch.setattr("accountkit.serialization._CHUNK", chunk)
    # [{"id": "a  é = 2 bytes  ", "name": "  then 0xff: bytes 0-23 before it
    data = bom + b'[{"id": "a\xc3\xa9", "name": "\xff"}]'
    with pytest.raises(ValidationError) as whole:
        parse_json(data)
    assert str(whole.value) == (
        "$: the text is not UTF-8: byte 0xff at offset 24 cannot be decoded"
    )
    with pytest.raises(ValidationError) as streamed:
        list(iter_portfolio(io.BytesIO(data)))
    assert str(streamed.value) == str(whole.value)


@pytest.mark.usefixtures("tiny_chunks")
def test_a_byte_order_mark_is_skipped_and_columns_count_after_it():
    data = b"\xef\xbb\xbf" + ACME.encode() + b"\n" + INITECH.encode()
    assert [a.id for a in iter_portfolio(io.BytesIO(data))] == ["acme", "initech"]  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as caught:
        list(iter_portfolio(io.BytesIO(b"\xef\xbb\xbf[1 2]")))
    assert str(caught.value) == (
        "$: malformed JSON: Expecting ',' delimiter at line 1 column 4"
    )
    assert str(caught.value) == _whole_error(b"\xef\xbb\xbf[1 2]")


def _whole_error(data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_json(data)
    return str(caught.value)


@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_an_account_longer_than_the_limit_is_refused_and_the_next_line_read(
    monkeypatch, chunk
):
    """Whether the long account arrives in pieces or in one read."""
    monkeypatch.setattr("accountkit.serialization.MAX_ACCOUNT_CHARACTERS", 60)
    monkeypatch.setattr("accountkit.serialization._CHUNK", chunk)
    long = ACME.replace('"Acme"', '"' + "A" * 100 + '"')
    found = list(iter_portfolio(io.StringIO(f"{long}\n{INITECH}\n{long}"), lines=True))
    assert [str(f) if isinstance(f, ValidationError) else f.id for f in found] == [
        (
            "line 1: $: line 1 is longer than 60 characters, the most one account "
            "may be; it was not read"
        ),
        "initech",
        (
            "line 3: $: line 3 is longer than 60 characters, the most one account "
            "may be; it was not read"
        ),
    ]
    with pytest.raises(ValidationError, match=r"^\$: an element of the array is"):
        list(iter_portfolio(io.StringIO(f"[{INITECH}, {long}]")))
    with pytest.raises(ValidationError, match=r"^\$: the document is longer"):
        list(iter_portfolio(io.StringIO(json.dumps(json.loads(long), indent=1))))


@pytest.mark.parametrize("chunk", [3, 1 << 20])
def test_an_account_at_exactly_the_limit_is_read(monkeypatch, chunk):
    monkeypatch.setattr("accountkit.serialization._CHUNK", chunk)
    monkeypatch.setattr("accountkit.serialization.MAX_ACCOUNT_CHARACTERS", len(ACME))
    [acme] = iter_portfolio(io.StringIO(ACME + "\n"), lines=True)
    assert isinstance(acme, Account)
    [acme] = iter_portfolio(io.StringIO(f"[{ACME}]"))
    assert isinstance(acme, Account)


def test_reading_stops_after_the_problem_cap_and_says_where():
    bad = '{"id": 1, "name": 2, "currency": 3}\n'
    found = list(iter_portfolio(io.StringIO(bad * (MAX_PROBLEMS // 3 + 5))))
    assert len(found) == MAX_PROBLEMS // 3 + 2
    assert str(found[-1]).startswith(
        f"line {MAX_PROBLEMS // 3 + 2}: $: not read: {MAX_PROBLEMS // 3 * 3 + 3:,} "
        "problems were found before this account"
    )


def test_the_stream_is_read_lazily_one_account_at_a_time():
    lines = [ACME, INITECH, "not json"]
    stream = io.StringIO("\n".join(lines))
    found = iter_portfolio(stream, lines=True)
    assert next(found).id == "acme"  # type: ignore[union-attr]
    assert next(found).id == "initech"  # type: ignore[union-attr]
    assert str(next(found)).startswith("line 3: $: malformed JSON: Expecting value")
    assert next(found, None) is None


def test_a_stream_that_gives_neither_bytes_nor_text_is_refused():
    class Odd:
        def read(self, size=-1, /):
            return 7 + 0 * size

    with pytest.raises(ValidationError, match=r"^\$: the stream gave int, not"):
        list(iter_portfolio(Odd()))
    with pytest.raises(ValidationError, match=r"iter_portfolio\.stream: expected"):
        iter_portfolio("[]")  # type: ignore[arg-type]


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 8, 1 << 20])
def test_line_numbers_do_not_depend_on_how_the_stream_is_read(monkeypatch, chunk):
    monkeypatch.setattr("accountkit.serialization._CHUNK", chunk)
    text = f'\n{ACME}\n\n  \n{{oops\n\n{INITECH}\n{{"id": 1}}\n'
    found = [
        str(item) if isinstance(item, ValidationError) else item.id
        for item in iter_portfolio(io.StringIO(text))
    ]
    assert found[0] == "acme"
    assert found[1].startswith("line 5: $: malformed JSON: Expecting property name")
    assert found[2] == "initech"
    assert "line 8: $.id: expected a string, got whole number 1" in found[3]


def test_an_element_nested_too_deeply_is_refused_by_name():
    with pytest.raises(
        ValidationError, match=r"^\$: arrays and objects are nested too deeply"
    ):
        list(iter_portfolio(io.StringIO("[" + "[" * 100_000), lines=False))


class _Counted(io.StringIO):
    """A stream that counts the characters read from it."""

    taken = 0

    def read(self, size=-1, /):
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def test_an_array_is_read_no_further_than_its_next_element(monkeypatch):
    monkeypatch.setattr("accountkit.serialization._CHUNK", 16)
    long = ACME.replace('"Acme"', '"' + "A" * 5000 + '"')
    longer = INITECH.replace('"Initech"', '"' + "I" * 50_000 + '"')
    stream = _Counted(f"[{long}, {longer}]")
    found = iter_portfolio(stream)
    assert next(found).id == "acme"  # type: ignore[union-attr]
    # reads grow geometrically, so up to about twice the first element
    assert stream.taken < 12_000  # not the 50,000 characters after it


def test_an_element_over_the_limit_is_refused_before_it_is_read_whole(monkeypatch):
    monkeypatch.setattr("accountkit.serialization._CHUNK", 7)
    monkeypatch.setattr("accountkit.serialization.MAX_ACCOUNT_CHARACTERS", 60)
    huge = ACME.replace('"Acme"', '"' + "A" * 100_000 + '"')
    stream = _Counted(f"[{huge}]")
    with pytest.raises(ValidationError, match=r"^\$: an element of the array is"):
        list(iter_portfolio(stream))
    assert stream.taken < 300


def test_reading_is_strict_by_default_and_the_limit_is_64_mi_characters():
    """The documented defaults: unknown fields refused; 64 Mi characters."""
    loose = ACME[:-1] + ', "crm_owner": "x"}'
    [refused] = iter_portfolio(io.StringIO(loose))
    assert str(refused).startswith("line 1: $.crm_owner: unknown field")
    [read] = iter_portfolio(io.StringIO(loose), strict=False)
    assert isinstance(read, Account)
    assert MAX_ACCOUNT_CHARACTERS == 64 * 2**20


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 1 << 20])
def test_a_number_cut_by_a_chunk_is_read_whole(monkeypatch, chunk):
    """``[12345678, 1]`` read three characters at a time: 12 is not a number
    that ends where the chunk does, so reading waits for the rest."""
    monkeypatch.setattr("accountkit.serialization._CHUNK", chunk)
    found = list(iter_portfolio(io.StringIO("[12345678, 1]")))
    assert [str(item) for item in found] == [
        "$[0]: expected an object for Account, got whole number 12345678",
        "$[1]: expected an object for Account, got whole number 1",
    ]
