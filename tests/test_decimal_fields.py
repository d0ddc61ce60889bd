"""Every decimal field names itself when given what is not an exact decimal.

attrs passes a converter the value only, so the decimal converters leave what
they cannot convert to the field's validator, which refuses it by name. This
test finds every such field in the package and checks that its validator does.
"""

import importlib
import pkgutil
from decimal import Decimal

import attrs
import pytest

import accountkit
from accountkit import ValidationError
from accountkit._validators import decimal, optional_decimal
from accountkit.contracts import FlatCredit, ServiceLevel


def _decimal_fields() -> list[tuple[type, attrs.Attribute]]:
    found = []
    for info in pkgutil.walk_packages(accountkit.__path__, "accountkit."):
        if info.name.endswith("__main__"):  # it runs the command line
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and attrs.has(value)
                and value.__module__ == module.__name__
            ):
                found += [
                    (value, field)
                    for field in attrs.fields(value)
                    if field.converter in (decimal, optional_decimal)
                ]
    return sorted(found, key=lambda pair: (pair[0].__name__, pair[1].name))


FIELDS = _decimal_fields()


def test_the_package_has_decimal_fields_to_check():
    names = {f"{cls.__name__}.{field.name}" for cls, field in FIELDS}
    assert {"FlatCredit.rate", "ServiceLevel.target", "Thresholds.win_rate"} <= names
    assert len(FIELDS) >= 30


@pytest.mark.parametrize(
    ("cls", "field"), FIELDS, ids=[f"{c.__name__}.{f.name}" for c, f in FIELDS]
)
def test_a_decimal_field_refuses_a_float_by_name(cls, field):
    assert field.validator is not None
    stub = object.__new__(cls)
    with pytest.raises(TypeError) as caught:
        field.validator(stub, field, field.converter(0.03))
    assert str(caught.value).startswith(
        f"{cls.__name__}.{field.name}: a float is not an exact amount (0.03)"
    )
    with pytest.raises(ValidationError) as caught:
        field.validator(stub, field, field.converter("abc"))
    assert str(caught.value).startswith(f"{cls.__name__}.{field.name}: ")


def test_the_constructor_names_the_field():
    with pytest.raises(TypeError) as caught:
        FlatCredit(rate=0.03)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "FlatCredit.rate: a float is not an exact amount (0.03); pass "
        "Decimal('0.03') or the string '0.03'"
    )
    with pytest.raises(ValidationError) as caught:
        ServiceLevel(id="a", name="A", target="ninety-nine")
    assert str(caught.value) == (
        "ServiceLevel.target: not a decimal number: 'ninety-nine'"
    )
    assert ServiceLevel(id="a", name="A", target="99.5").target == Decimal("99.5")
