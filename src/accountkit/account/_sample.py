"""Reading accounts from JSON, and the sample portfolio shipped with accountkit."""

from datetime import date
from importlib import resources

from accountkit._checked import checked
from accountkit.account._model import Account
from accountkit.errors import Problem, ValidationError
from accountkit.finance import FxRates

__all__ = ["SAMPLE_DAY", "load_portfolio", "sample_portfolio", "sample_rates"]

SAMPLE = "sample_portfolio.json"
SAMPLE_DAY = date(2026, 6, 30)
"""The day the sample portfolio's data runs to, the day to review it as of."""


RATES = "sample_rates.json"
"""The sample's exchange rates, in the package's data."""


@checked
def load_portfolio(text: str | bytes, *, strict: bool = True) -> list[Account]:
    """Read one account (a JSON object) or a portfolio (an array of them).

    Parameters
    ----------
    text
        The JSON document.
    strict
        Refuse what CRM exports do but the JSON shape does not allow (the
        default); ``False`` reads them (see
        :func:`~accountkit.serialization.read_portfolio`).

    Raises
    ------
    ValidationError
        Every problem of every account at once, each at its JSON path
        (``$[1].invoices[3].amount``). To review the good accounts of a
        portfolio with bad ones, use
        :func:`~accountkit.serialization.read_portfolio`.

    Examples
    --------
    >>> load_portfolio('{"id": "acme", "name": "Acme", "currency": "EUR"}')[0].client
    'acme'
    >>> load_portfolio('[{"id": "acme", "name": "Acme", "currency": "EUX"}]')
    Traceback (most recent call last):
    ...
    accountkit.errors.ValidationError: $[0].currency: unknown currency code 'EUX' ...
    """
    from accountkit.serialization import read_portfolio  # noqa: PLC0415 - lazy

    accounts: list[Account] = []
    problems: list[Problem] = []
    for item in read_portfolio(text, strict=strict):
        if isinstance(item, ValidationError):
            problems += item.problems
        else:
            accounts.append(item)
    if problems:
        raise ValidationError(problems=problems, root="$")
    return accounts


@checked
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


@checked
def sample_rates() -> FxRates:
    """Return the exchange rates that go with the sample portfolio.

    EUR against USD and GBP on :data:`SAMPLE_DAY`, with EUR as the pivot:
    illustrative figures in the form of a central bank's reference rates
    (1 EUR = 1.0850 USD = 0.8550 GBP), for the portfolio's totals in one
    currency (``accountkit review --sample`` shows them in EUR).

    Examples
    --------
    >>> table = sample_rates()
    >>> table.pivot, [(r.pair, str(r.rate)) for r in table.rates]
    ('EUR', [('EUR/USD', '1.0850'), ('EUR/GBP', '0.8550')])
    """
    from accountkit.serialization import from_json  # noqa: PLC0415 - lazy, as above

    text = resources.files("accountkit.data").joinpath(RATES).read_text("utf-8")
    return from_json(FxRates, text)
