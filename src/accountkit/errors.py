"""The error hierarchy of accountkit.

Every error accountkit raises on purpose derives from :class:`AccountkitError` and
also from the builtin exception a caller would already catch for that kind of
failure, so ``except ValueError`` keeps working.

:class:`ValidationError` carries a list of :class:`Problem` records, each with the
path of the offending field, so that one error can report every problem found in
a JSON document at once::

    3 problems:
      $.invoices[2].amount.amount: not a decimal number: 'abc'
      $.invoices[2].due: expected an ISO 8601 date (YYYY-MM-DD), got '31/01/2026'
      $.customer: required field is missing

Examples
--------
>>> from accountkit import Money
>>> from accountkit.errors import ValidationError
>>> try:
...     Money("12.00", "EUX")
... except ValidationError as err:
...     print(err)
Money.currency: unknown currency code 'EUX' (expected an ISO 4217 code such as 'EUR')
"""

from collections.abc import Iterable, Sequence
from keyword import iskeyword
from typing import TypeAlias

import attrs

__all__ = [
    "MAX_PROBLEMS",
    "SHOWN_CHARACTERS",
    "SHOWN_PROBLEMS",
    "AccountkitError",
    "ConvergenceError",
    "CurrencyMismatchError",
    "InsufficientDataError",
    "MissingDependencyError",
    "Problem",
    "ValidationError",
    "format_path",
    "shorten",
]

MAX_PROBLEMS = 1000
"""After this many problems collecting stops, which is enough to fix a batch
by and bounds the work and memory a hostile input can cost."""

SHOWN_PROBLEMS = 50
"""A :class:`ValidationError`'s message lists this many problems at most; its
``problems`` attribute keeps every one."""

SHOWN_CHARACTERS = 60
"""A bad value is echoed into a message up to this many characters, then cut."""


def shorten(text: object) -> str:
    """Cut ``text`` to :data:`SHOWN_CHARACTERS` (and ``...``) for a message.

    A message names the bad value, but never echoes a 10 MB field whole. What
    is not a string is shown by its ``repr``.

    Examples
    --------
    >>> shorten("EUR")
    'EUR'
    >>> shorten("x" * 100)[-5:]
    'xx...'
    >>> len(shorten("x" * 100))
    63
    >>> shorten(None)
    'None'
    """
    if not isinstance(text, str):
        text = repr(text)
    if len(text) <= SHOWN_CHARACTERS:
        return text
    return text[:SHOWN_CHARACTERS] + "..."


PathSegment: TypeAlias = str | int
"""One step of a path: a field or key name, or an index into a sequence."""


def format_path(root: str, path: Sequence[PathSegment]) -> str:
    """Render a path the way a JSON path or an attribute chain is written.

    Parameters
    ----------
    root
        Where the path starts: ``"$"`` for a JSON document, a class or function
        name for a model or a call, or ``""`` for nowhere in particular.
    path
        Field names and indexes, outermost first.

    Returns
    -------
    str
        ``root`` followed by ``.name`` for each identifier, ``[i]`` for each index
        and ``['key']`` for a key that is not an identifier.

    Examples
    --------
    >>> format_path("$", ["invoices", 2, "amount"])
    '$.invoices[2].amount'
    >>> format_path("Money", ["currency"])
    'Money.currency'
    >>> format_path("$", ["rates", "senior consultant"])
    "$.rates['senior consultant']"
    >>> format_path("", ["amount"])
    'amount'
    """
    if not isinstance(root, str):
        message = f"expected text, got {type(root).__name__}"
        raise ValidationError(message, path="root", root="format_path")
    if isinstance(path, str | bytes) or not isinstance(path, Sequence):
        message = f"expected a list of names and indexes, got {type(path).__name__}"
        raise ValidationError(message, path="path", root="format_path")
    parts = [root]
    for segment in path:
        if isinstance(segment, int):
            parts.append(f"[{segment}]")
        elif not isinstance(segment, str):
            message = f"expected a name or an index, got {type(segment).__name__}"
            raise ValidationError(
                message, path=("path", len(parts) - 1), root="format_path"
            )
        elif segment.isidentifier() and not iskeyword(segment):
            parts.append(f".{segment}" if parts != [""] else segment)
        else:
            parts.append(f"[{segment!r}]")
    return "".join(parts)


@attrs.frozen
class Problem:
    """One thing wrong with an input, and where it is.

    Parameters
    ----------
    path
        Field names and indexes leading to the offending value, outermost first,
        relative to the object being validated.
    message
        What was wrong and what would be right.
    """

    path: tuple[PathSegment, ...]
    message: str

    def located(self, root: str) -> str:
        """Render the problem as ``<path>: <message>`` with the path from ``root``.

        Examples
        --------
        >>> Problem(("amount",), "must not be negative").located("Money")
        'Money.amount: must not be negative'
        """
        where = self.place(root)
        return f"{where}: {self.message}" if where else self.message

    def place(self, root: str) -> str:
        """Render where the problem is: its path from ``root``.

        Examples
        --------
        >>> Problem(("amount",), "must not be negative").place("Money")
        'Money.amount'
        """
        return format_path(root, self.path)

    def within(self, prefix: Sequence[PathSegment]) -> "Problem":
        """Return the same problem with ``prefix`` put in front of its path.

        Examples
        --------
        >>> Problem(("currency",), "unknown").within(["invoices", 0, "amount"]).path
        ('invoices', 0, 'amount', 'currency')
        """
        return Problem((*prefix, *self.path), self.message)


class AccountkitError(Exception):
    """Base class of every error accountkit raises on purpose."""


class ValidationError(AccountkitError, ValueError):
    """Input that is not valid: a bad value, a missing field, an unknown key.

    Parameters
    ----------
    message
        What was wrong, for the common case of a single problem.
    path
        Where the problem is, relative to ``root`` (a field name, or names and
        indexes outermost first).
    root
        What the path is relative to: a class or function name, or ``"$"`` for a
        JSON document.
    problems
        Several problems at once; when given, ``message`` and ``path`` are ignored.

    Attributes
    ----------
    problems
        Every problem found, in the order it was found, as :class:`Problem`
        records.
    root
        What every problem's path is relative to.

    Examples
    --------
    >>> err = ValidationError("must be after start", path="end", root="Period")
    >>> str(err)
    'Period.end: must be after start'
    >>> err.problems
    (Problem(path=('end',), message='must be after start'),)
    """

    problems: tuple[Problem, ...]
    root: str

    def __init__(
        self,
        message: str = "",
        *,
        path: PathSegment | Sequence[PathSegment] = (),
        root: str = "",
        problems: Iterable[Problem] = (),
    ) -> None:
        found = tuple(problems)
        if not found:
            steps = (path,) if isinstance(path, str | int) else tuple(path)
            found = (Problem(steps, message),)
        self.problems = found
        self.root = root
        super().__init__(self._render())

    def _render(self) -> str:
        shown = self.problems[:SHOWN_PROBLEMS]
        lines = [problem.located(self.root) for problem in shown]
        if len(self.problems) == 1:
            return lines[0]
        more = len(self.problems) - len(shown)
        if more:
            lines.append(
                f"... and {more} more (the first {SHOWN_PROBLEMS} are listed; "
                "every one is in .problems)"
            )
        return f"{len(self.problems)} problems:\n" + "\n".join(
            f"  {line}" for line in lines
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_validation_error, (type(self), self.problems, self.root))


def _rebuild_validation_error(
    kind: type[ValidationError], problems: tuple[Problem, ...], root: str
) -> ValidationError:
    return kind(problems=problems, root=root)


class CurrencyMismatchError(ValidationError):
    """Two amounts in different currencies were combined, compared or mixed.

    A special case of :class:`ValidationError`, so it carries the path of the
    offending amount when a model finds it (a charge in another currency than its
    contract), and ``except ValidationError`` catches it too.

    Examples
    --------
    >>> from accountkit import Money
    >>> Money("1", "EUR") + Money("1", "USD")
    Traceback (most recent call last):
    ...
    accountkit.errors.CurrencyMismatchError: cannot add EUR and USD amounts ...
    """


class InsufficientDataError(AccountkitError, ValueError):
    """There is too little data for the calculation asked for.

    Raised, for example, when a seasonal model is asked to fit fewer than two
    seasons of observations.
    """


class ConvergenceError(AccountkitError, ArithmeticError):
    """An iterative algorithm did not converge within its iteration budget."""


class MissingDependencyError(AccountkitError, ImportError):
    """An optional dependency needed for this call is not installed.

    The message names the extra that installs it, e.g.
    ``pip install 'accountkit[graph]'``. Importing accountkit never needs one.
    """
