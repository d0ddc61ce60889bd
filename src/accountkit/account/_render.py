"""Account reviews as readable text: aligned tables, RAG marks and flags.

What a client may see reads as people write: names rather than ids, a
contract's last day rather than its exclusive end, labels rather than keys,
whole counts without decimals, and "not recorded" where data is missing.
"""

from collections.abc import Sequence
from decimal import Decimal

from accountkit._checked import checked
from accountkit.account._basis import Priority, day_text
from accountkit.account._growth import PricedOpportunity
from accountkit.account._review import AccountReview
from accountkit.account._summary import ConvertedTotal, standing
from accountkit.contracts import ObligationStatus
from accountkit.health import MeasureStatus

__all__ = ["render_portfolio", "render_review"]

_MARKS = {"red": "[R]", "amber": "[A]", "green": "[G]"}
_PRIORITY = {
    Priority.NOW: "now",
    Priority.THIS_MONTH: "this month",
    Priority.WATCH: "watch",
}
_NOT_RECORDED = "not recorded"


def _mark(band: str | None) -> str:
    return _MARKS.get(band or "", "[-]")


def _colour(band: str | None) -> str:
    return "no colour" if band is None else band


def _table(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """Align ``rows`` (the first is the header) in columns; ``right`` aligns right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if index in right else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _number(value: float | Decimal | None, places: int = 1) -> str:
    return "-" if value is None else f"{value:.{places}f}"


def _raw(value: float | None) -> str:
    """Show a raw measure; whole numbers (counts, statuses) without decimals."""
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _percent(value: Decimal | float | None) -> str:
    return "-" if value is None else f"{value:.2f}%"


def _absent(note: str, *, recorded: bool, why: str = "") -> str | None:
    """Say why a position is empty (not computed, or not recorded), if it is."""
    if note:
        return note
    if not recorded:
        return f"{_NOT_RECORDED} ({why})" if why else _NOT_RECORDED
    return None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@checked
def render_review(review: AccountReview) -> str:
    """Return one account's review as text.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.account import review, sample_portfolio
    >>> text = render_review(review(sample_portfolio()[0], as_of=date(2026, 6, 30)))
    >>> print(text.splitlines()[0])
    Northwind Logistics - review as of 30 June 2026, in EUR
    """
    health = review.health
    lines = [
        f"{review.name} - review as of {day_text(review.as_of)}, in {review.currency}",
        "",
        f"Colour {_mark(review.band)} {_colour(review.band)}: {review.band_reason}",
        (f"Health {_number(health.score)}  (completeness {health.completeness:.0%})"),
    ]
    rows = [["group / measure", "raw", "score", "weight", "adds", "RAG"]]
    by_group: dict[str, list[list[str]]] = {}
    for measure in health.measures:
        missing = measure.status is MeasureStatus.MISSING
        by_group.setdefault(measure.group or "", []).append(
            [
                f"  {measure.name}",
                "missing" if missing else _raw(measure.raw),
                _number(measure.score),
                f"{measure.weight:.2%}",
                _number(measure.contribution, 2),
                _mark(measure.band),
            ]
        )
    for group in health.groups:
        rows.append(
            [
                group.name,
                "",
                _number(group.score),
                f"{group.weight:.2%}",
                "",
                _mark(group.band),
            ]
        )
        rows.extend(by_group.get(group.id, []))
    lines += _table(rows, right=(1, 2, 3, 4))
    lines += ["", f"Flags ({len(review.flags)})"]
    if review.flags:
        lines += _table(
            [["when", "area", "what"]]
            + [[_PRIORITY[f.priority], f.area.value, f.message] for f in review.flags]
        )
    else:
        lines.append("  none")
    lines += ["", *_positions(review)]
    return "\n".join(lines) + "\n"


def _positions(review: AccountReview) -> list[str]:
    rows = [["area", "position"]]
    rows += [
        ["service levels", _service(review)],
        ["receivables", _receivables(review)],
        ["revenue", _revenue(review)],
    ]
    revenue = review.revenue
    if revenue.margin is not None:
        target = (
            ""
            if revenue.plan_margin is None
            else f" (plan {_percent(revenue.plan_margin)})"
        )
        rows.append(["margin", f"{_percent(revenue.margin)} this year{target}"])
    rows.append(["contracts", _contracts(review)])
    rows += _wallet(review)
    rows += [
        ["relationships", _relationships(review)],
        ["growth", _growth(review)],
        ["escalations", _escalations(review)],
        ["obligations", _obligations(review)],
        ["delivery", _delivery(review)],
    ]
    return _table(rows)


def _service(review: AccountReview) -> str:
    service = review.service
    if (absent := _absent(service.note, recorded=service.recorded)) is not None:
        return absent
    if not service.results:
        return "no service level measured in 12 months"
    return (
        f"met {service.met} of {service.results} "
        f"({_percent(service.attainment)}) in 12 months; credits this "
        f"year {service.credits_this_year}"
        + (
            ""
            if service.credit_share is None
            else f" ({_percent(service.credit_share)} of fees)"
        )
    )


def _receivables(review: AccountReview) -> str:
    owed = review.receivables
    needs = "needs invoices, payments and credit notes"
    if (absent := _absent(owed.note, recorded=owed.recorded, why=needs)) is not None:
        return absent
    return (
        f"open {owed.open}, overdue {owed.overdue}, over 30 days {owed.over_30}; "
        + (
            f"debtor days at least {_number(owed.debtor_days_at_least, 2)}"
            if owed.debtor_days_at_least is not None
            else f"debtor days {_number(owed.debtor_days, 2)}"
        )
    )


def _revenue(review: AccountReview) -> str:
    revenue = review.revenue
    attained = revenue.attainment
    if attained is None:
        return revenue.note
    return (
        f"billed {attained.billed_to_date} of {attained.contracted_to_date} "
        f"contracted to date ({_percent(revenue.attainment_rate)}); "
        f"year-end projection {revenue.projection}"
        + (f" against plan {revenue.plan}" if revenue.plan else "")
    )


def _contracts(review: AccountReview) -> str:
    contracts = review.contracts
    if (absent := _absent(contracts.note, recorded=contracts.recorded)) is not None:
        return absent
    text = f"{_plural(len(contracts.in_force), 'contract')} in force"
    for end in contracts.ending:
        text += f"; {end.title} ends on {day_text(end.last_day)}"
    for tree in contracts.trees:
        if tree.contracts > 1:
            text += f"; {tree.title} with {tree.contracts - 1} under it: TCV {tree.tcv}"
        if tree.without_value:
            text += f" (no contracted value: {', '.join(tree.without_value)})"
    for review_ in contracts.price_reviews:
        text += (
            f"; price review of {review_.charge} ({review_.index}) on "
            f"{day_text(review_.on)}"
        )
    return text


def _wallet(review: AccountReview) -> list[list[str]]:
    wallet = review.wallet
    if wallet.note:
        return [["wallet", wallet.note]]
    if wallet.share is None and wallet.penetration is None:
        return [["wallet", "no wallet estimate"]]
    trend = "" if wallet.trend is None else f", {wallet.trend:+.2f} points in a year"
    served = wallet.penetration
    rows = [
        [
            "wallet",
            f"share {_percent(wallet.share)}{trend}"
            + ("" if served is None else f"; penetration {served.cell_rate:.2%}"),
        ]
    ]
    top = wallet.report.lines[0] if wallet.report and wallet.report.lines else None
    if top is not None and top.position is not None:
        rows.append(
            [
                "",
                (
                    f"most whitespace: {top.service_line} "
                    f"({top.position.whitespace} of {top.position.wallet})"
                ),
            ]
        )
    return rows


def _relationships(review: AccountReview) -> str:
    people = review.relationships
    if people.note:
        return people.note
    parts = []
    if people.map_status is None:
        parts.append("no stakeholder map")
    else:
        support = "-" if people.support is None else f"{people.support:+.2f}"
        parts.append(f"map status {people.map_status}, support {support}")
    if not people.surveys_recorded:
        parts.append("surveys not recorded")
        return "; ".join(parts)
    for label, value, answers, unit in (
        ("NPS", people.nps, people.nps_responses, ""),
        ("CSAT", people.csat, people.csat_responses, "%"),
    ):
        if not answers:
            parts.append(f"{label}: no answers in 12 months")
        else:
            shown = "too few answers" if value is None else f"{value:.0f}{unit}"
            parts.append(f"{label} {shown} ({_plural(answers, 'answer')})")
    return "; ".join(parts)


def _growth(review: AccountReview) -> str:
    growth = review.growth
    if (absent := _absent(growth.note, recorded=growth.recorded)) is not None:
        return absent
    said = (
        f"pipeline {growth.open_pipeline} (weighted {growth.weighted_pipeline}); "
        + (
            f"win rate {_percent(growth.win_rate)} ({growth.won} won, "
            f"{growth.lost} lost)"
            if growth.win_rate is not None
            else "nothing won or lost in 12 months"
        )
    )
    fit = growth.fit
    if fit is not None:
        quality = "-" if fit.pseudo_r2 is None else f"{fit.pseudo_r2}"
        said += (
            f"; bid-response curve from {_plural(fit.bids, 'bid')} ({fit.wins} "
            f"won, pseudo-R2 {quality}): weighted at its chances "
            f"{growth.fitted_pipeline}"
        )
    elif growth.bids_recorded:
        said += f"; {growth.fit_note}"
    return "; ".join([said, *(_priced(deal) for deal in growth.priced)])


def _priced(deal: PricedOpportunity) -> str:
    """Say what a priced opportunity is bid at, its chance, and its sign-off."""
    said = f"{deal.name} at {deal.price}"
    if deal.margin_rate is not None:
        said += f", margin {_percent(deal.margin_rate)}"
    if deal.fitted_probability is not None:
        said += (
            f", {_percent(deal.fitted_probability)} to win "
            f"({_percent(deal.fitted_low)} to {_percent(deal.fitted_high)})"
        )
    if deal.best_price is not None:
        beyond = ", beyond the history" if deal.best_extrapolated else ""
        said += f", best price {deal.best_price}{beyond}"
    if deal.approved is False:
        signed = deal.approved_level or "nobody"
        said += f", needs {deal.required_level} sign-off (has {signed})"
    elif deal.approved:
        said += ", approved"
    if deal.below_walk_away:
        said += ", below the walk-away margin"
    return said


def _escalations(review: AccountReview) -> str:
    escalations = review.escalations
    if (absent := _absent(escalations.note, recorded=escalations.recorded)) is not None:
        return absent
    mean = escalations.mean_days_to_close
    return (
        f"{len(escalations.open)} open; {escalations.closed_last_year} closed in "
        "12 months" + ("" if mean is None else f", {mean} days to close on average")
    )


def _obligations(review: AccountReview) -> str:
    """Say what falls due this month and what is overdue, register or not."""
    position = review.obligations
    if position.note:
        return position.note
    month = position.calendar
    done = sum(o.status is ObligationStatus.DONE for o in month)
    said = (
        f"{_plural(len(month), 'obligation')} this month, {done} done; "
        f"{len(position.overdue)} overdue"
    )
    if not position.recorded:
        said += " (no register recorded: from the terms and service reports)"
    return said


def _delivery(review: AccountReview) -> str:
    """Say how the delivery pays: utilisation, realisation, margin, CPI, people."""
    position = review.delivery
    if (absent := _absent(position.note, recorded=position.recorded)) is not None:
        return absent
    said = [
        (
            f"utilisation {_percent(position.utilisation)}, realisation "
            f"{_percent(position.realisation)} since {day_text(position.window_start)}"
        )
    ]
    if position.pnl is not None:
        plan = (
            ""
            if position.plan_margin is None
            else f" (plan {_percent(position.plan_margin)})"
        )
        said.append(
            f"P&L margin {_percent(position.margin)} this year{plan}, "
            f"{position.pnl.total.margin} on {position.pnl.total.revenue}"
        )
    if position.worst_cpi is not None:
        said.append(f"worst CPI {position.worst_cpi}")
    left = position.attrition
    if left is not None and left.annualised is not None:
        said.append(f"attrition {_percent(left.annualised)} a year")
    if position.staffing is not None:
        said.append(f"{_plural(len(position.staffing.open), 'open request')}")
    return "; ".join(said)


_TOTAL_NAMES = {
    "billed_to_date": "billed to date",
    "contracted_for_year": "contracted for the year",
    "open": "open receivables",
    "overdue": "overdue receivables",
    "service_credits": "service credits this year",
}


def _totals(totals: Sequence[ConvertedTotal]) -> list[str]:
    """Show the portfolio's totals in one currency, and the rates behind them."""
    if not totals:
        return []
    currency = totals[0].amount.currency
    rows = [["total", currency, "accounts"]]
    rows += [
        [_TOTAL_NAMES.get(t.measure, t.measure), str(t.amount), str(t.accounts)]
        for t in totals
    ]
    rates = dict.fromkeys(
        f"  {c.quote.base} at {c.quote.basis}, {c.quote.route}"
        for t in totals
        for c in t.conversions
    )
    return [
        "",
        f"Totals in {currency}"
        + (", each other currency converted once:" if rates else ":"),
        *rates,
        "",
        *_table(rows, right=(1, 2)),
    ]


@checked
def render_portfolio(
    reviews: Sequence[AccountReview], *, totals: Sequence[ConvertedTotal] = ()
) -> str:
    """Return a portfolio summary, worst first, followed by each account's review.

    The summary lists red accounts first, then amber, those without a colour
    (insufficient data), and green; within a colour, the lowest score first.
    With ``totals`` (:meth:`PortfolioSummary.totals_in
    <accountkit.account.PortfolioSummary.totals_in>`), the portfolio's money
    follows in one currency, with the rates used.
    """
    ordered = sorted(
        reviews, key=lambda r: standing(r.band, r.health.score, r.name, r.account)
    )
    rows = [["account", "currency", "score", "RAG", "act now", "flags", "first flag"]]
    for item in ordered:
        now = sum(f.priority is Priority.NOW for f in item.flags)
        first = item.flags[0].message if item.flags else ""
        rows.append(
            [
                item.name,
                item.currency,
                _number(item.health.score),
                _mark(item.band),
                str(now),
                str(len(item.flags)),
                first,
            ]
        )
    head = [
        f"Portfolio review: {_plural(len(reviews), 'account')}"
        + (f" as of {day_text(reviews[0].as_of)}" if reviews else ""),
        "",
        *_table(rows, right=(2, 4, 5)),
        *_totals(totals),
    ]
    parts = ["\n".join(head) + "\n"]
    parts += [render_review(item) for item in ordered]
    return ("\n" + "=" * 78 + "\n\n").join(parts)
