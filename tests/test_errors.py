import pickle

import pytest

from accountkit.errors import (
    AccountkitError,
    ConvergenceError,
    CurrencyMismatchError,
    InsufficientDataError,
    Problem,
    ValidationError,
    format_path,
)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (ValidationError, ValueError),
        (CurrencyMismatchError, ValueError),
        (InsufficientDataError, ValueError),
        (ConvergenceError, ArithmeticError),
    ],
)
def test_each_error_is_also_the_builtin_callers_catch(error, builtin):
    assert issubclass(error, AccountkitError)
    assert issubclass(error, builtin)


def test_single_problem_renders_as_path_and_message():
    err = ValidationError("must be after start", path="end", root="Period")
    assert str(err) == "Period.end: must be after start"
    assert err.problems == (Problem(("end",), "must be after start"),)


def test_problem_without_root_or_path_is_just_the_message():
    assert str(ValidationError("no data")) == "no data"


def test_several_problems_render_one_per_line():
    err = ValidationError(
        problems=[
            Problem(("invoices", 2, "amount", "amount"), "not a decimal number: 'abc'"),
            Problem(("customer",), "required field is missing"),
        ],
        root="$",
    )
    assert str(err) == (
        "2 problems:\n"
        "  $.invoices[2].amount.amount: not a decimal number: 'abc'\n"
        "  $.customer: required field is missing"
    )


@pytest.mark.parametrize(
    ("root", "path", "expected"),
    [
        ("$", [], "$"),
        ("$", ["a", 0, "b"], "$.a[0].b"),
        ("$", ["senior consultant"], "$['senior consultant']"),
        ("$", ["class"], "$['class']"),
        ("", ["a", "b"], "a.b"),
        ("", [3], "[3]"),
        ("Money", ["amount"], "Money.amount"),
    ],
)
def test_format_path(root, path, expected):
    assert format_path(root, path) == expected


def test_problem_within_prefixes_its_path():
    problem = Problem(("currency",), "unknown").within(("lines", 1, "amount"))
    assert problem.path == ("lines", 1, "amount", "currency")
    assert problem.located("$") == "$.lines[1].amount.currency: unknown"


def test_validation_error_pickles_with_its_problems():
    err = ValidationError("bad", path=("a", 1), root="$")
    copy = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own bytes
    assert copy.problems == err.problems
    assert str(copy) == "$.a[1]: bad"


def test_currency_mismatch_is_a_validation_error_with_a_path():
    err = CurrencyMismatchError(
        "in USD, not EUR", path=("charges", 0, "amount"), root="Contract"
    )
    assert isinstance(err, ValidationError)
    assert str(err) == "Contract.charges[0].amount: in USD, not EUR"


def test_subclasses_pickle_as_themselves():
    err = CurrencyMismatchError("in USD", path="amount", root="Fee")
    copy = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own bytes
    assert type(copy) is CurrencyMismatchError
    assert str(copy) == "Fee.amount: in USD"
