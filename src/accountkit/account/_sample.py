"""Reading accounts from JSON, and the sample portfolio shipped with accountkit."""

import json
from datetime import date
from importlib import resources

from accountkit.account._model import Account
from accountkit.errors import ValidationError

__all__ = ["SAMPLE_DAY", "load_portfolio", "sample_portfolio"]

SAMPLE = "sample_portfolio.json"
SAMPLE_DAY = date(2026, 6, 30)
"""The day the sample portfolio's data runs to, the day to review it as of."""


def load_portfolio(text: str | bytes, *, strict: bool = True) -> list[Account]:
    """Read one account (a JSON object) or a portfolio (an array of them).

    Parameters
    ----------
    text
        The JSON document.
    strict
        Refuse unknown fields (default); ``False`` ignores them.

    Raises
    ------
    ValidationError
        Every problem in the document, each at its JSON path
        (``$[1].invoices[3].amount``).

    Examples
    --------
    >>> load_portfolio('{"id": "acme", "name": "Acme", "currency": "EUR"}')[0].client
    'acme'
    >>> load_portfolio('[{"id": "acme", "name": "Acme", "currency": "EUX"}]')
    Traceback (most recent call last):
    ...
    accountkit.errors.ValidationError: $[0].currency: unknown currency code 'EUX' ...
    """
    from accountkit.serialization import from_dict  # noqa: PLC0415 - cattrs is lazy

    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        message = f"not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})"
        raise ValidationError(message, path=(), root="$") from None
    if isinstance(document, dict):
        return [from_dict(Account, document, strict=strict)]
    return from_dict(list[Account], document, strict=strict)


def sample_portfolio() -> list[Account]:
    """Return the sample portfolio: three fictional accounts, data to 2026-06-30.

    Northwind Logistics (an MSA with two SOWs, one ending soon), Contoso
    Health (failing service levels, slow payment, a departed champion) and
    Fabrikam Retail (growing, healthy). Review them as of :data:`SAMPLE_DAY`.

    Examples
    --------
    >>> [account.name for account in sample_portfolio()]
    ['Northwind Logistics', 'Contoso Health', 'Fabrikam Retail']
    """
    text = resources.files("accountkit.data").joinpath(SAMPLE).read_text("utf-8")
    return load_portfolio(text)
