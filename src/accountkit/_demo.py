"""A demonstration over a sample billing ledger, until the account review lands.

The ledger lists, per account, what was billed for which period and an optional
service credit to spread over those bills. The demo totals billing per calendar
quarter and allocates each credit pro rata to the bills, so that the parts add
up to the credit exactly. It exercises the foundation end to end: JSON in,
validation with located errors, exact money, periods and allocation.
"""

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import attrs

from accountkit.errors import ValidationError
from accountkit.money import Money, check_currency
from accountkit.periods import Period

__all__ = ["Ledger", "LedgerAccount", "LedgerLine", "load_ledger", "render_ledger"]

SAMPLE = "sample_ledger.json"
_QUARTER_MONTHS = 3


@attrs.frozen
class LedgerLine:
    """An amount billed for a period."""

    period: Period
    amount: Money


def _account_currency(
    _instance: "LedgerAccount", _attribute: object, value: str
) -> None:
    check_currency(value, where="LedgerAccount")


def _lines_in_currency(
    instance: "LedgerAccount", _attribute: object, value: tuple[LedgerLine, ...]
) -> None:
    for index, line in enumerate(value):
        if line.amount.currency != instance.currency:
            message = (
                f"billed in {line.amount.currency}, but the account bills in "
                f"{instance.currency}"
            )
            raise ValidationError(
                message, path=("billing", index, "amount"), root="LedgerAccount"
            )


def _credit_in_currency(
    instance: "LedgerAccount", _attribute: object, value: Money | None
) -> None:
    if value is not None and value.currency != instance.currency:
        message = f"in {value.currency}, but the account bills in {instance.currency}"
        raise ValidationError(message, path="service_credit", root="LedgerAccount")


@attrs.frozen(kw_only=True)
class LedgerAccount:
    """One account's billing and the service credit to spread over it."""

    name: str
    currency: str = attrs.field(validator=_account_currency)
    billing: tuple[LedgerLine, ...] = attrs.field(validator=_lines_in_currency)
    service_credit: Money | None = attrs.field(
        default=None, validator=_credit_in_currency
    )


@attrs.frozen
class Ledger:
    """The accounts of a portfolio."""

    accounts: tuple[LedgerAccount, ...]


def load_ledger(path: Path | None = None) -> Ledger:
    """Read a ledger from ``path``, or the sample shipped with accountkit."""
    from accountkit.serialization import from_json  # noqa: PLC0415 - keeps import light

    if path is None:
        text = resources.files("accountkit.data").joinpath(SAMPLE).read_text("utf-8")
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            message = f"cannot read {path}: {err.strerror}"
            raise ValidationError(message, path="path", root="demo") from err
    return from_json(Ledger, text)


def _quarter_of(period: Period) -> tuple[int, int]:
    return period.start.year, (period.start.month - 1) // _QUARTER_MONTHS + 1


def _account_lines(account: LedgerAccount) -> Iterator[str]:
    yield f"{account.name} ({account.currency})"
    quarters: dict[tuple[int, int], list[Money]] = {}
    for line in sorted(account.billing, key=lambda line: line.period):
        quarters.setdefault(_quarter_of(line.period), []).append(line.amount)
    for (year, quarter), amounts in quarters.items():
        total = Money.total(amounts, currency=account.currency)
        yield f"  {year} Q{quarter}   {total!s:>20}"
    billed = Money.total(
        (line.amount for line in account.billing), currency=account.currency
    )
    yield f"  billed    {billed!s:>20}"
    if account.service_credit is not None and account.billing:
        credit = account.service_credit
        yield f"  service credit {credit} spread pro rata to billing:"
        weights = [line.amount.amount for line in account.billing]
        for line, part in zip(account.billing, credit.allocate(weights), strict=True):
            yield f"    {line.period.start:%Y-%m}  {part!s:>20}"


def render_ledger(ledger: Ledger) -> str:
    """Return the demo report for ``ledger`` as text."""
    lines = [f"accountkit demo: billing ledger of {len(ledger.accounts)} accounts", ""]
    for account in ledger.accounts:
        lines.extend(_account_lines(account))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
