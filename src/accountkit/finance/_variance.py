r"""Why revenue moved: price, volume and mix; leakage; the order book."""

import enum
import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from accountkit._checked import checked
from accountkit._ratios import rate_of, rounded
from accountkit._validators import non_negative_decimal, whole_number
from accountkit.contracts import Contract, TimeAndMaterials, Usage, billing_schedule
from accountkit.errors import CurrencyMismatchError, Problem, ValidationError
from accountkit.finance._wallet import DEFAULT_RATE_PLACES
from accountkit.money import Money, minor_units, to_decimal
from accountkit.periods import Period, check_date, end_of_month

__all__ = [
    "BacklogPeriod",
    "Delivery",
    "ItemStatus",
    "ItemVariance",
    "LeakageLine",
    "LineItem",
    "OrderBook",
    "PriceVolumeMix",
    "RevenueLeakage",
    "UnconsumedCap",
    "order_book",
    "price_volume_mix",
    "revenue_leakage",
    "unconsumed_caps",
]


def _quantity(value: object) -> Decimal:
    return to_decimal(value, where="LineItem", path="quantity")


@attrs.frozen(kw_only=True)
class LineItem:
    """A product or service on a budget or in actuals: how many, at what price.

    Parameters
    ----------
    item
        What was sold (a service, a role, a product).
    quantity
        How many units (hours, seats, tickets), not negative.
    unit_price
        The price per unit.
    """

    item: str
    quantity: Decimal = attrs.field(converter=_quantity, validator=non_negative_decimal)
    unit_price: Money


class ItemStatus(enum.Enum):
    """Whether an item is in the budget, the actuals, or both."""

    CONTINUING = "continuing"
    NEW = "new"
    """Sold but not budgeted: its whole revenue is its variance."""
    DROPPED = "dropped"
    """Budgeted but not sold: its whole budget is its variance."""


@attrs.frozen(kw_only=True)
class ItemVariance:
    """One item's part of the revenue variance.

    Attributes
    ----------
    item, status
        The item, and whether it continues, is new, or was dropped.
    budget, actual
        Its revenue (quantity x unit price) in each.
    price
        ``(actual price - budget price) x actual quantity``.
    quantity
        Its share of the change in total units, at its budget price and mix.
    mix
        The change in its share of the units, at its budget price.
    variance
        ``actual - budget``: ``price + quantity + mix`` for a continuing item.
    """

    item: str
    status: ItemStatus
    budget: Money
    actual: Money
    price: Money
    quantity: Money
    mix: Money
    variance: Money


@attrs.frozen(kw_only=True)
class PriceVolumeMix:
    """A revenue variance split into price, volume (mix and quantity), new and dropped.

    Attributes
    ----------
    budget, actual
        Total revenue in each.
    total
        ``actual - budget``; equals
        ``price + volume + new + dropped`` exactly.
    price, volume, quantity, mix
        The effects over continuing items; ``volume = quantity + mix``.
    new, dropped
        Revenue of items only in the actuals, and (negative) of items only in
        the budget.
    items
        One line per item, in the order first seen (budget, then actuals); each
        column adds up to its total.
    """

    budget: Money
    actual: Money
    total: Money
    price: Money
    volume: Money
    quantity: Money
    mix: Money
    new: Money
    dropped: Money
    items: tuple[ItemVariance, ...]


def _items(
    lines: object, name: str, where: str
) -> dict[str, tuple[Fraction, Fraction, str]]:
    if isinstance(lines, str) or not isinstance(lines, Sequence):
        message = f"expected a sequence of LineItem, got {type(lines).__name__}"
        raise ValidationError(message, path=name, root=where)
    found: dict[str, tuple[Fraction, Fraction, str]] = {}
    problems = []
    for index, line in enumerate(lines):
        if not isinstance(line, LineItem):
            problems.append(
                Problem(
                    (name, index), f"expected a LineItem, got {type(line).__name__}"
                )
            )
        elif line.item in found:
            problems.append(
                Problem((name, index, "item"), f"{line.item!r} listed twice")
            )
        else:
            found[line.item] = (
                Fraction(line.quantity),
                Fraction(line.unit_price.amount),
                line.unit_price.currency,
            )
    if problems:
        raise ValidationError(problems=problems, root=where)
    return found


def _spread(parts: Sequence[Fraction], total: int) -> list[int]:
    """Round exact parts to whole minor units that add up to ``total`` units.

    Each part is floored, then the units still missing (or in excess) go to
    the parts with the largest (smallest) remainders.
    """
    floors = [math.floor(p) for p in parts]
    missing = total - sum(floors)
    if not parts:
        return floors
    order = sorted(range(len(parts)), key=lambda i: (floors[i] - parts[i], i))
    step = 1 if missing >= 0 else -1
    if step < 0:
        order.reverse()
    for turn in range(abs(missing)):
        floors[order[turn % len(parts)]] += step
    return floors


@checked
def price_volume_mix(
    budget: Sequence[LineItem], actual: Sequence[LineItem]
) -> PriceVolumeMix:
    r"""Split the revenue variance between budget and actual into its causes.

    Parameters
    ----------
    budget, actual
        Line items (item, quantity, unit price), one per item, in one currency.

    Returns
    -------
    PriceVolumeMix
        Totals per effect and one line per item; everything adds up exactly.

    Raises
    ------
    ValidationError
        If an item is listed twice in one list, or an entry is not a LineItem.
    CurrencyMismatchError
        If the prices are not all in one currency.

    Notes
    -----
    Over the items :math:`i` in both lists, with quantities :math:`q`, prices
    :math:`p`, total units :math:`Q = \sum q_i` and budget mix
    :math:`m_i = q^b_i / Q^b`:

    .. math::

        \text{price}_i &= (p^a_i - p^b_i)\, q^a_i \\
        \text{volume}_i &= (q^a_i - q^b_i)\, p^b_i
            = \text{quantity}_i + \text{mix}_i \\
        \text{quantity}_i &= (Q^a - Q^b)\, m_i\, p^b_i \\
        \text{mix}_i &= (q^a_i - Q^a m_i)\, p^b_i

    so that :math:`\text{price}_i + \text{volume}_i = q^a_i p^a_i -
    q^b_i p^b_i`. An item only in the actuals adds its revenue as *new*, one
    only in the budget subtracts its budget as *dropped*; neither enters
    :math:`Q` or the mix. Revenues, price and quantity effects are rounded to
    the minor unit so the items add up to the rounded (half-up) totals, and
    each item's mix takes what is left of its variance: every column adds up
    to its total and :math:`\text{price} + \text{quantity} + \text{mix} +
    \text{new} + \text{dropped}` is exactly the variance.

    This is the standard sales-variance analysis of management accounting
    (e.g. C. Drury, *Management and Cost Accounting*, ch. 18, "sales mix and
    sales quantity variances").

    Examples
    --------
    The issue's worked case: budget A 100 @ 10, B 50 @ 20; actual A 120 @
    9.50, B 40 @ 21.

    >>> from accountkit import Money
    >>> def eur(x): return Money(x, "EUR")
    >>> result = price_volume_mix(
    ...     [LineItem(item="A", quantity=100, unit_price=eur("10")),
    ...      LineItem(item="B", quantity=50, unit_price=eur("20"))],
    ...     [LineItem(item="A", quantity=120, unit_price=eur("9.50")),
    ...      LineItem(item="B", quantity=40, unit_price=eur("21"))])
    >>> for name in ("price", "volume", "quantity", "mix", "total"):
    ...     print(name, getattr(result, name))
    price EUR -20.00
    volume EUR 0.00
    quantity EUR 133.33
    mix EUR -133.33
    total EUR -20.00
    """
    where = "price_volume_mix"
    planned = _items(budget, "budget", where)
    sold = _items(actual, "actual", where)
    currency = _one_currency(planned, sold, where)
    scale = 10 ** minor_units(currency)
    names = list(dict.fromkeys([*planned, *sold]))
    rows = _exact_effects(planned, sold, names)

    def total_units(column: str) -> int:
        return _half_up(sum((r[column] for r in rows.values()), Fraction(0)) * scale)

    def spread(column: str, total: int) -> list[int]:
        return _spread([rows[n][column] * scale for n in names], total)

    # Item revenues are rounded so they add up to the rounded totals; price and
    # quantity likewise; each item's mix is what is left of its variance.
    budgets = spread("budget", total_units("budget"))
    actuals = spread("actual", total_units("actual"))
    prices = spread("price", total_units("price"))
    quantities = spread("quantity", total_units("quantity"))

    def money(units: int) -> Money:
        return Money.from_minor_units(units, currency)

    items = []
    sums = dict.fromkeys(("price", "quantity", "mix", "new", "dropped"), 0)
    for position, name in enumerate(names):
        change = actuals[position] - budgets[position]
        if name in planned and name in sold:
            status = ItemStatus.CONTINUING
            price, quantity = prices[position], quantities[position]
            mix = change - price - quantity
        else:
            status = ItemStatus.NEW if name in sold else ItemStatus.DROPPED
            price = quantity = mix = 0
            sums[status.value] += change
        sums["price"] += price
        sums["quantity"] += quantity
        sums["mix"] += mix
        items.append(
            ItemVariance(
                item=name,
                status=status,
                budget=money(budgets[position]),
                actual=money(actuals[position]),
                price=money(price),
                quantity=money(quantity),
                mix=money(mix),
                variance=money(change),
            )
        )
    budget_units, actual_units = sum(budgets), sum(actuals)
    return PriceVolumeMix(
        budget=money(budget_units),
        actual=money(actual_units),
        total=money(actual_units - budget_units),
        price=money(sums["price"]),
        volume=money(sums["quantity"] + sums["mix"]),
        quantity=money(sums["quantity"]),
        mix=money(sums["mix"]),
        new=money(sums["new"]),
        dropped=money(sums["dropped"]),
        items=tuple(items),
    )


Items = dict[str, tuple[Fraction, Fraction, str]]
"""Per item: quantity, unit price and currency."""


def _one_currency(planned: Items, sold: Items, where: str) -> str:
    currencies = {c for _, _, c in planned.values()} | {c for _, _, c in sold.values()}
    if len(currencies) > 1:
        message = f"prices in {', '.join(sorted(currencies))}: use one currency"
        raise CurrencyMismatchError(message, path="actual", root=where)
    if not currencies:
        message = "no line items in the budget or the actuals"
        raise ValidationError(message, path="budget", root=where)
    return currencies.pop()


def _exact_effects(
    planned: Items, sold: Items, names: Sequence[str]
) -> dict[str, dict[str, Fraction]]:
    """Per item, exact budget and actual revenue, price and quantity effects."""
    both = [n for n in names if n in planned and n in sold]
    units_b = sum((planned[n][0] for n in both), Fraction(0))
    units_a = sum((sold[n][0] for n in both), Fraction(0))
    nothing = (Fraction(0), Fraction(0), "")
    rows = {}
    for name in names:
        qb, pb, _ = planned.get(name, nothing)
        qa, pa, _ = sold.get(name, nothing)
        row = {"budget": qb * pb, "actual": qa * pa}
        row["price"] = (pa - pb) * qa if name in both else Fraction(0)
        # With no budgeted units there is no mix to keep: all volume is mix.
        share = qb / units_b if units_b and name in both else Fraction(0)
        row["quantity"] = (units_a - units_b) * share * pb
        rows[name] = row
    return rows


def _half_up(value: Fraction) -> int:
    """Round to the nearest integer, halves away from zero."""
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


# --- leakage -------------------------------------------------------------------


def _delivered(value: object) -> Decimal:
    return to_decimal(value, where="Delivery", path="delivered")


def _billed_quantity(value: object) -> Decimal:
    return to_decimal(value, where="Delivery", path="billed_quantity")


@attrs.frozen(kw_only=True)
class Delivery:
    """Work delivered under a contract rate, and what was billed for it.

    Parameters
    ----------
    item
        What was delivered (a role, a service).
    delivered
        Units delivered (hours, tickets, ...).
    contract_rate
        The contract's price per unit.
    billed_quantity
        Units billed.
    billed
        Amount billed for them.
    """

    item: str
    delivered: Decimal = attrs.field(
        converter=_delivered, validator=non_negative_decimal
    )
    contract_rate: Money
    billed_quantity: Decimal = attrs.field(
        converter=_billed_quantity, validator=non_negative_decimal
    )
    billed: Money


@attrs.frozen(kw_only=True)
class LeakageLine:
    """Where one item's delivered value did not turn into billing.

    Attributes
    ----------
    item
        The item.
    delivered_value
        ``delivered x contract rate``.
    billed
        What was billed.
    unbilled
        ``(delivered - billed quantity) x contract rate``: delivered but not
        billed.
    rate_leakage
        ``billed quantity x contract rate - billed``: billed below the rate.
    leakage
        ``delivered_value - billed = unbilled + rate_leakage``.
    realisation
        ``billed / delivered_value``; ``None`` when nothing was delivered.
    """

    item: str
    delivered_value: Money
    billed: Money
    unbilled: Money
    rate_leakage: Money
    leakage: Money
    realisation: Decimal | None


@attrs.frozen(kw_only=True)
class RevenueLeakage:
    """Leakage over many items, largest first.

    Attributes
    ----------
    lines
        One per item, largest leakage first.
    delivered_value, billed, unbilled, rate_leakage, leakage
        Totals.
    realisation
        ``billed / delivered_value`` overall.
    """

    lines: tuple[LeakageLine, ...]
    delivered_value: Money
    billed: Money
    unbilled: Money
    rate_leakage: Money
    leakage: Money
    realisation: Decimal | None


@checked
def revenue_leakage(
    deliveries: Sequence[Delivery], *, places: int = DEFAULT_RATE_PLACES
) -> RevenueLeakage:
    r"""Return delivered-but-unbilled value and billing below contract rates.

    Parameters
    ----------
    deliveries
        Per item: units delivered at the contract rate, units and amount billed.
    places
        Decimal places of the realisation rates (half-up).

    Raises
    ------
    ValidationError
        If ``deliveries`` is empty or holds something else.
    CurrencyMismatchError
        If the amounts are not all in one currency.

    Notes
    -----
    With delivered units :math:`d`, contract rate :math:`r`, billed units
    :math:`u` and billed amount :math:`b`:

    .. math::

        \text{unbilled} = (d - u)\,r, \quad
        \text{rate leakage} = u\,r - b, \quad
        \text{leakage} = d\,r - b = \text{unbilled} + \text{rate leakage}

    and realisation :math:`b / (d\,r)`, the professional-services measure of
    how much of the value delivered at standard rates is billed. Values are
    rounded to the minor unit, the rate leakage taking the rounding residual
    so that the identity holds exactly.

    Examples
    --------
    120 hours delivered at 100, 110 billed for 10,450 (95 an hour): 10 hours
    unbilled (1,000), 5 an hour below rate on 110 hours (550).

    >>> from accountkit import Money
    >>> result = revenue_leakage([Delivery(
    ...     item="architect", delivered=120, contract_rate=Money(100, "EUR"),
    ...     billed_quantity=110, billed=Money(10450, "EUR"))])
    >>> print(result.unbilled, result.rate_leakage, result.leakage, result.realisation)
    EUR 1,000.00 EUR 550.00 EUR 1,550.00 0.8708
    """
    where = "revenue_leakage"
    whole_number(places, where=where, path="places", minimum=0)
    given: object = deliveries
    if isinstance(given, str) or not isinstance(given, Sequence) or not given:
        message = "expected a non-empty sequence of Delivery"
        raise ValidationError(message, path="deliveries", root=where)
    for index, work in enumerate(given):
        if not isinstance(work, Delivery):
            message = f"expected a Delivery, got {type(work).__name__}"
            raise ValidationError(message, path=("deliveries", index), root=where)
    currency = deliveries[0].contract_rate.currency
    for index, work in enumerate(deliveries):
        for field in ("contract_rate", "billed"):
            amount: Money = getattr(work, field)
            if amount.currency != currency:
                message = f"in {amount.currency}, the others are in {currency}"
                raise CurrencyMismatchError(
                    message, path=("deliveries", index, field), root=where
                )
    lines = [_leak(work, places) for work in deliveries]
    lines.sort(key=lambda line: (-line.leakage.amount, line.item))
    total = Money.total

    def add(field: str) -> Money:
        return total((getattr(line, field) for line in lines), currency=currency)

    delivered_value, billed = add("delivered_value"), add("billed")
    return RevenueLeakage(
        lines=tuple(lines),
        delivered_value=delivered_value,
        billed=billed,
        unbilled=add("unbilled"),
        rate_leakage=add("rate_leakage"),
        leakage=add("leakage"),
        realisation=rate_of(billed, delivered_value, places),
    )


def _leak(work: Delivery, places: int) -> LeakageLine:
    currency = work.contract_rate.currency
    rate = Fraction(work.contract_rate.amount)
    delivered_value = Money.from_fraction(Fraction(work.delivered) * rate, currency)
    unbilled = Money.from_fraction(
        (Fraction(work.delivered) - Fraction(work.billed_quantity)) * rate, currency
    )
    leakage = delivered_value - work.billed
    return LeakageLine(
        item=work.item,
        delivered_value=delivered_value,
        billed=work.billed,
        unbilled=unbilled,
        rate_leakage=leakage - unbilled,
        leakage=leakage,
        realisation=rate_of(work.billed, delivered_value, places),
    )


@attrs.frozen(kw_only=True)
class UnconsumedCap:
    """A time-and-materials cap that will not be drawn before its window ends.

    Attributes
    ----------
    contract_id, charge_id
        Where the cap is.
    cap
        The not-to-exceed amount.
    billed
        Billed against it up to ``as_of``.
    projected
        Billed by the end at the average daily burn so far.
    unconsumed
        ``cap - projected`` when positive: order book that will expire.
    ends
        The first day after the charge's window.
    """

    contract_id: str
    charge_id: str
    cap: Money
    billed: Money
    projected: Money
    unconsumed: Money
    ends: date


@checked
def unconsumed_caps(
    contracts: Contract | Sequence[Contract],
    *,
    usage: Sequence[Usage] = (),
    as_of: date,
) -> tuple[UnconsumedCap, ...]:
    r"""Return the time-and-materials caps that will expire partly undrawn.

    Parameters
    ----------
    contracts
        The contracts to look through.
    usage
        Usage so far under their time-and-materials charges.
    as_of
        The last day of usage.

    Returns
    -------
    tuple[UnconsumedCap, ...]
        Largest unconsumed amount first; caps on course to be drawn in full
        are left out.

    Notes
    -----
    A capped charge active on ``as_of`` (or begun before it) burns at
    :math:`b / t` a day, with :math:`b` billed over the :math:`t` days of its
    window up to ``as_of``; by the end of its window of :math:`T` days it
    reaches :math:`\min(\text{cap}, bT/t)`, and the rest of the cap expires
    unconsumed.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Money, Period
    >>> from accountkit.contracts import (Contract, ContractKind, Rate, RateCard,
    ...     TimeAndMaterials, Unit, Usage)
    >>> card = RateCard(rates=(Rate(role="dev", unit=Unit.HOUR,
    ...     price=Money(100, "EUR"), effective_from=date(2026, 1, 1)),))
    >>> tm = TimeAndMaterials(id="tm", rate_card=card, cap=Money(80000, "EUR"))
    >>> contract = Contract(id="C-1", title="Build", kind=ContractKind.SOW,
    ...     client="acme", currency="EUR", term=Period.year(2026),
    ...     signed_on=date(2025, 12, 1), charges=(tm,))
    >>> spent = [Usage(charge_id="tm", period=Period.month(2026, m), quantity=50,
    ...                role="dev") for m in range(1, 7)]
    >>> [cap] = unconsumed_caps(contract, usage=spent, as_of=date(2026, 6, 30))
    >>> print(cap.billed, cap.projected, cap.unconsumed)
    EUR 30,000.00 EUR 60,497.24 EUR 19,502.76

    (30,000 over the 181 days to 30 June runs to 30,000 x 365 / 181 =
    60,497.24 by the end of the year.)
    """
    where = "unconsumed_caps"
    day = check_date(as_of, where=where, path="as_of")
    items: object = (contracts,) if isinstance(contracts, Contract) else contracts
    if isinstance(items, str) or not isinstance(items, Sequence):
        message = "expected a Contract or a sequence of them"
        raise ValidationError(message, path="contracts", root=where)
    found = []
    for index, contract in enumerate(items):
        if not isinstance(contract, Contract):
            message = f"expected a Contract, got {type(contract).__name__}"
            raise ValidationError(message, path=("contracts", index), root=where)
        found.extend(_caps(contract, usage, day))
    found.sort(key=lambda c: (-c.unconsumed.amount, c.contract_id, c.charge_id))
    return tuple(found)


def _caps(contract: Contract, usage: Sequence[Usage], day: date) -> list[UnconsumedCap]:
    amended = contract.amended()
    charges = {c.id: c for c in amended.charges}
    own = [u for u in usage if u.charge_id in charges]
    lines = billing_schedule(contract, usage=own)
    out = []
    for charge in amended.charges:
        if not isinstance(charge, TimeAndMaterials) or charge.cap is None:
            continue
        start = charge.start or amended.term.start
        end = charge.end or amended.term.end
        if day < start or day >= end:
            continue
        billed = Money.total(
            (x.amount for x in lines if x.charge_id == charge.id),
            currency=contract.currency,
        )
        elapsed = (day - start).days + 1
        window = (end - start).days
        projected = min(
            charge.cap,
            Money.from_fraction(
                Fraction(billed.amount) * window / elapsed, contract.currency
            ),
        )
        if projected < charge.cap:
            out.append(
                UnconsumedCap(
                    contract_id=contract.id,
                    charge_id=charge.id,
                    cap=charge.cap,
                    billed=billed,
                    projected=projected,
                    unconsumed=charge.cap - projected,
                    ends=end,
                )
            )
    return out


# --- the order book ------------------------------------------------------------


@attrs.frozen(kw_only=True)
class BacklogPeriod:
    """One period of the backlog roll-forward.

    Attributes
    ----------
    period
        The period.
    opening
        Backlog at its start.
    bookings
        New orders signed in it.
    revenue
        Revenue recognised (or billed) from the backlog in it.
    adjustments
        Changes to existing orders (scope changes, cancellations: negative).
    closing
        ``opening + bookings - revenue + adjustments``.
    book_to_bill
        ``bookings / revenue``; ``None`` when there was no revenue.
    """

    period: Period
    opening: Money
    bookings: Money
    revenue: Money
    adjustments: Money
    closing: Money
    book_to_bill: Decimal | None


@attrs.frozen(kw_only=True)
class OrderBook:
    """The backlog rolled forward over a run of periods.

    Attributes
    ----------
    periods
        One row per period.
    closing
        Backlog at the end.
    book_to_bill
        Bookings over revenue across all periods.
    months_of_coverage
        Closing backlog over the average monthly revenue of the periods: how
        many months of revenue are already booked; ``None`` without revenue.
    """

    periods: tuple[BacklogPeriod, ...]
    closing: Money
    book_to_bill: Decimal | None
    months_of_coverage: Decimal | None


def _series(
    values: object, name: str, length: int, currency: str, where: str
) -> list[Money]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        message = f"expected a sequence of Money, got {type(values).__name__}"
        raise ValidationError(message, path=name, root=where)
    if len(values) != length:
        message = f"has {len(values)} values for {length} periods: they must line up"
        raise ValidationError(message, path=name, root=where)
    for index, value in enumerate(values):
        if not isinstance(value, Money):
            message = f"expected Money, got {type(value).__name__}"
            raise ValidationError(message, path=(name, index), root=where)
        if value.currency != currency:
            message = f"in {value.currency}, the opening backlog is in {currency}"
            raise CurrencyMismatchError(message, path=(name, index), root=where)
    return list(values)


@checked
def order_book(
    opening: Money,
    periods: Sequence[Period],
    *,
    bookings: Sequence[Money],
    revenue: Sequence[Money],
    adjustments: Sequence[Money] | None = None,
    places: int = 2,
) -> OrderBook:
    r"""Roll the backlog forward: opening + bookings - revenue ± changes.

    Parameters
    ----------
    opening
        Backlog (contracted, not yet delivered) at the start of the first
        period.
    periods
        Consecutive periods, in order.
    bookings, revenue, adjustments
        One amount per period: new orders, revenue taken from the backlog,
        and changes to existing orders (none when ``None``).
    places
        Decimal places of book-to-bill and months of coverage (half-up).

    Raises
    ------
    ValidationError
        If a series has not one value per period, the periods do not follow
        each other, or a value is not Money.
    CurrencyMismatchError
        If an amount is in another currency than ``opening``.

    Notes
    -----
    .. math::

        B_{p} = B_{p-1} + \text{bookings}_p - \text{revenue}_p
                + \text{adjustments}_p, \qquad
        \text{book-to-bill} = \frac{\sum \text{bookings}}{\sum \text{revenue}}

    and months of coverage :math:`B_{end} / \bar R` with :math:`\bar R` the
    revenue per month over the periods (total revenue over their length in
    months, by :meth:`~accountkit.periods.Period.months` with partial months by days).

    Examples
    --------
    >>> from accountkit import Money, Period
    >>> def eur(x): return Money(x, "EUR")
    >>> book = order_book(
    ...     eur(1200), [Period.month(2026, 1), Period.month(2026, 2)],
    ...     bookings=[eur(300), eur(0)], revenue=[eur(200), eur(200)])
    >>> [str(p.closing) for p in book.periods], book.book_to_bill
    (['EUR 1,300.00', 'EUR 1,100.00'], Decimal('0.75'))
    >>> book.months_of_coverage
    Decimal('5.50')
    """
    where = "order_book"
    whole_number(places, where=where, path="places", minimum=0)
    if not isinstance(opening, Money):
        message = f"expected Money, got {type(opening).__name__}"
        raise ValidationError(message, path="opening", root=where)
    given: object = periods
    if isinstance(given, str) or not isinstance(given, Sequence) or not given:
        message = "expected a non-empty sequence of Period"
        raise ValidationError(message, path="periods", root=where)
    for index, period in enumerate(given):
        if not isinstance(period, Period):
            message = f"expected a Period, got {type(period).__name__}"
            raise ValidationError(message, path=("periods", index), root=where)
        if index and period.start != given[index - 1].end:
            message = (
                f"starts {period.start.isoformat()}, but the previous period ends "
                f"{given[index - 1].end.isoformat()}: periods must follow each other"
            )
            raise ValidationError(message, path=("periods", index), root=where)
    count, currency = len(given), opening.currency
    booked = _series(bookings, "bookings", count, currency, where)
    taken = _series(revenue, "revenue", count, currency, where)
    zero = Money.zero(currency)
    changed = (
        [zero] * count
        if adjustments is None
        else _series(adjustments, "adjustments", count, currency, where)
    )
    rows = []
    level = opening
    for period, new, out, change in zip(given, booked, taken, changed, strict=True):
        closing = level + new - out + change
        rows.append(
            BacklogPeriod(
                period=period,
                opening=level,
                bookings=new,
                revenue=out,
                adjustments=change,
                closing=closing,
                book_to_bill=rate_of(new, out, places),
            )
        )
        level = closing
    total_revenue = Money.total(taken, currency=currency)
    months = sum(
        (
            Fraction(m.days, end_of_month(m.start).day)
            for p in given
            for m in p.months()
        ),
        Fraction(0),
    )
    coverage = None
    if total_revenue.amount != 0:
        monthly = Fraction(total_revenue.amount) / months
        coverage = rounded(
            Fraction(level.amount) / monthly, places, "ROUND_HALF_UP", where=where
        )
    return OrderBook(
        periods=tuple(rows),
        closing=level,
        book_to_bill=rate_of(
            Money.total(booked, currency=currency), total_revenue, places
        ),
        months_of_coverage=coverage,
    )
