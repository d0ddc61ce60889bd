"""Account reviews as readable text: aligned tables, RAG marks and flags."""

from collections.abc import Sequence
from decimal import Decimal

from accountkit.account._review import AccountReview, Priority

__all__ = ["render_portfolio", "render_review"]

_MARKS = {"red": "[R]", "amber": "[A]", "green": "[G]"}
_PRIORITY = {
    Priority.NOW: "now",
    Priority.THIS_MONTH: "this month",
    Priority.WATCH: "watch",
}


def _mark(band: str | None) -> str:
    return _MARKS.get(band or "", "[-]")


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


def _percent(value: Decimal | float | None) -> str:
    return "-" if value is None else f"{value:.2f}%"


def render_review(review: AccountReview) -> str:
    """Return one account's review as text.

    Examples
    --------
    See the tutorial "A month in the life of an account".
    """
    health = review.health
    lines = [
        (
            f"{review.name} ({review.account}) - review as of "
            f"{review.as_of.isoformat()}, {review.currency}"
        ),
        "",
        (
            f"Health {_number(health.score)} {_mark(health.band)} {health.band or '-'}"
            f"  (completeness {health.completeness:.0%})"
        ),
    ]
    rows = [["group / measure", "raw", "score", "weight", "adds", "RAG"]]
    by_group: dict[str, list[list[str]]] = {}
    for measure in health.measures:
        by_group.setdefault(measure.group or "", []).append(
            [
                f"  {measure.name or measure.id}",
                _number(measure.raw, 2),
                _number(measure.score),
                f"{measure.weight:.1%}",
                _number(measure.contribution, 2),
                _mark(measure.band),
            ]
        )
    for group in health.groups:
        rows.append(
            [
                group.name or group.id,
                "",
                _number(group.score),
                f"{group.weight:.1%}",
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
    service, owed = review.service, review.receivables
    revenue, wallet = review.revenue, review.wallet
    people, growth, escalations = (
        review.relationships,
        review.growth,
        review.escalations,
    )
    rows = [["area", "position"]]
    rows.append(
        [
            "service levels",
            (
                f"met {service.met} of {service.results} "
                f"({_percent(service.attainment)}) in 12 months; credits this "
                f"year {service.credits_this_year} "
                f"({_percent(service.credit_share)} of fees)"
            ),
        ]
    )
    rows.append(
        [
            "receivables",
            (
                f"open {owed.open}, overdue {owed.overdue}, "
                f"over 30 days {owed.over_30}; "
                f"debtor days {_number(owed.debtor_days, 2)}"
            ),
        ]
    )
    attained = revenue.attainment
    if attained is not None:
        rows.append(
            [
                "revenue",
                f"billed {attained.billed_to_date} of {attained.contracted_to_date} "
                f"contracted to date ({_percent(revenue.attainment_rate)}); "
                f"year-end projection {revenue.projection}"
                + (f" against plan {revenue.plan}" if revenue.plan else ""),
            ]
        )
    else:
        rows.append(["revenue", revenue.note])
    if revenue.margin is not None:
        rows.append(
            [
                "margin",
                f"{_percent(revenue.margin)} this year"
                + (
                    f" (plan {_percent(revenue.plan_margin)})"
                    if revenue.plan_margin is not None
                    else ""
                ),
            ]
        )
    trend = "" if wallet.trend is None else f", {wallet.trend:+.2f} points in a year"
    served = wallet.penetration
    rows.append(
        [
            "wallet",
            f"share {_percent(wallet.share)}{trend}"
            + ("" if served is None else f"; penetration {served.cell_rate:.2%}"),
        ]
    )
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
    support = "-" if people.support is None else f"{people.support:+.2f}"
    rows.append(
        [
            "relationships",
            (
                f"map status {'-' if people.map_status is None else people.map_status}"
                f", support {support}; NPS {_number(people.nps, 0)} "
                f"({people.nps_responses} answers), CSAT {_number(people.csat, 0)}% "
                f"({people.csat_responses})"
            ),
        ]
    )
    rows.append(
        [
            "growth",
            (
                f"pipeline {growth.open_pipeline} "
                f"(weighted {growth.weighted_pipeline}); "
                f"win rate {_percent(growth.win_rate)} ({growth.won} won, "
                f"{growth.lost} lost)"
            ),
        ]
    )
    mean = escalations.mean_days_to_close
    rows.append(
        [
            "escalations",
            f"{len(escalations.open)} open; {escalations.closed_last_year} closed in "
            f"12 months"
            + ("" if mean is None else f", {mean} days to close on average"),
        ]
    )
    return _table(rows)


def render_portfolio(reviews: Sequence[AccountReview]) -> str:
    """Return a portfolio summary followed by each account's review."""
    rows = [["account", "score", "RAG", "act now", "flags", "first flag"]]
    for item in reviews:
        now = sum(f.priority is Priority.NOW for f in item.flags)
        first = item.flags[0].message if item.flags else ""
        rows.append(
            [
                item.name,
                _number(item.health.score),
                _mark(item.health.band),
                str(now),
                str(len(item.flags)),
                first,
            ]
        )
    head = [
        f"Portfolio review: {len(reviews)} accounts"
        + (f" as of {reviews[0].as_of.isoformat()}" if reviews else ""),
        "",
        *_table(rows, right=(1, 3, 4)),
    ]
    parts = ["\n".join(head) + "\n"]
    parts += [render_review(item) for item in reviews]
    return ("\n" + "=" * 78 + "\n\n").join(parts)
