"""read_reviews(): an earlier review's output read back, and every refusal."""

import functools
import json
from datetime import date

import pytest

from accountkit import ValidationError
from accountkit.account import AccountReview, review_many, sample_portfolio
from accountkit.cli import main
from accountkit.serialization import read_reviews, to_json

DAY = date(2026, 5, 31)


@functools.cache
def reviews() -> tuple[AccountReview, ...]:
    return tuple(review_many(sample_portfolio(), as_of=DAY))


def _written(tmp_path, form: str) -> bytes:
    """What ``accountkit review --format FORM`` writes for the sample on DAY."""
    out = tmp_path / f"out.{form}"
    arguments = ["review", "--sample", "--as-of", DAY.isoformat()]
    assert main([*arguments, "--format", form, "--output", str(out)]) == 0
    return out.read_bytes()


@pytest.mark.parametrize("form", ["json", "jsonl"])
def test_the_commands_output_reads_back_as_the_reviews(tmp_path, form):
    """Both forms the command writes give back the very reviews, in order."""
    assert read_reviews(_written(tmp_path, form)) == reviews()


def test_text_bytes_a_byte_order_mark_and_blank_lines_read_alike():
    lines = [to_json(r) for r in reviews()]
    text = "\n" + lines[0] + "\n\n  \n" + lines[1] + "\r\n" + lines[2]
    assert read_reviews(text) == reviews()
    assert read_reviews(("\ufeff" + text).encode("utf-8")) == reviews()
    assert read_reviews("") == ()
    assert read_reviews(" \n\n") == ()


def test_a_one_line_document_is_told_by_its_schema_version():
    document = json.dumps(
        {"schema_version": "1", "reviews": [json.loads(to_json(reviews()[1]))]}
    )
    assert "\n" not in document
    assert read_reviews(document) == (reviews()[1],)


def _refusal(text: str | bytes, *, strict: bool = True) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        read_reviews(text, strict=strict)
    return [p.located(caught.value.root) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("version", "shown"), [('"0"', "'0'"), ("1", "1"), ("null", "None")]
)
def test_another_schema_version_is_refused(version, shown):
    assert _refusal(f'{{"schema_version": {version}, "reviews": []}}') == [
        (
            "$.schema_version: expected a review document of schema version '1', "
            f"got {shown}"
        )
    ]


def test_a_document_needs_a_list_of_reviews():
    assert _refusal('{"schema_version": "1"}') == [
        "$.reviews: required field is missing"
    ]
    assert _refusal('{"schema_version": "1", "reviews": {}}') == [
        "$.reviews: expected a list of reviews, got object {}"
    ]
    assert _refusal('[\n{"schema_version": "1"}\n]') == [
        "$: expected a review document (an object), got array [{'schema_version': '1'}]"
    ]
    assert _refusal('{"schema_version": "1",\n') == [
        (
            "$: malformed JSON: Expecting property name enclosed in double quotes "
            "at line 2 column 1"
        )
    ]


def test_every_bad_review_of_a_document_is_reported_at_its_path():
    """Review 0 has a score that is not a number and review 2 is not an
    object; review 1 is sound. Both problems are reported, none hidden."""
    listed = [json.loads(to_json(r)) for r in reviews()]
    listed[0]["health"]["score"] = "high"
    listed[2] = 7
    document = json.dumps({"schema_version": "1", "reviews": listed}, indent=2)
    found = _refusal(document)
    assert len(found) == 2
    assert found[0].startswith("$.reviews[0].health.score: ")
    assert (
        found[1]
        == "$.reviews[2]: expected an object for AccountReview, got whole number 7"
    )


def test_a_bad_line_is_reported_at_its_line():
    lines = [to_json(r) for r in reviews()]
    lines[1] = lines[1].replace('"as_of": "2026-05-31"', '"as_of": "2026-02-30"', 1)
    assert '"2026-02-30"' in lines[1]
    assert _refusal(lines[0] + "\n\n" + lines[1] + "\n" + lines[2]) == [
        "line 3: $.as_of: not a calendar date: '2026-02-30'"
    ]
    assert _refusal("[1]") == [
        "line 1: $: expected an object for AccountReview, got array [1]"
    ]


def test_unknown_fields_are_refused_unless_lenient():
    data = json.loads(to_json(reviews()[0]))
    data["crm_note"] = "kept by hand"
    text = json.dumps(data)
    assert _refusal(text)[0].startswith(
        "line 1: $.crm_note: unknown field (AccountReview has account, name"
    )
    assert read_reviews(text, strict=False) == (reviews()[0],)
