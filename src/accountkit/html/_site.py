"""The review as a static site: a portfolio page and a page per account."""

import base64
import hashlib
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from markupsafe import Markup

from accountkit._checked import checked
from accountkit.account import (
    AccountReview,
    ConvertedTotal,
    PortfolioSummary,
    RelationshipPosition,
)
from accountkit.account._basis import MONTHS, Priority, day_text, span_text
from accountkit.errors import MissingDependencyError, ValidationError
from accountkit.health import MeasureStatus
from accountkit.html._charts import (
    ATTITUDE_COLOURS,
    BAND_COLOURS,
    Bar,
    bar_chart,
    heat_strip,
)

if TYPE_CHECKING:
    import jinja2

__all__ = ["PAGE_ROWS", "render_site"]

_TEMPLATES: Final = Path(__file__).parent / "templates"
_BAND_ORDER: Final = {"red": 0, "amber": 1, None: 2, "green": 3}
_LETTERS: Final = {"red": "R", "amber": "A", "green": "G", None: "-"}
_PRIORITY: Final = {
    Priority.NOW: "now",
    Priority.THIS_MONTH: "this month",
    Priority.WATCH: "watch",
}
_SCRIPT: Final = (_TEMPLATES / "filter.js").read_text(encoding="utf-8")
PAGE_ROWS: Final = 1000
"""Accounts on a portfolio page by default: at about 0.65 KB a row, 650 KB,
which a phone's browser opens at once; a larger portfolio goes on to
``portfolio-2.html`` and on."""


def _environment() -> "jinja2.Environment":
    """Return the templates, escaping every value (CRM text is untrusted)."""
    try:
        import jinja2  # noqa: PLC0415 - an optional dependency
    except ModuleNotFoundError as err:
        message = (
            "the HTML pages need Jinja2; install it with pip install 'accountkit[html]'"
        )
        raise MissingDependencyError(message) from err
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        letter=lambda band: _LETTERS.get(band, "?"),
        band_class=lambda band: band or "none",
        priority=lambda p: _PRIORITY[p],
        day=day_text,
        span=span_text,
        number=_number,
        raw=_raw,
        names=_names,
    )
    return environment


def _number(value: float | Decimal | None, places: int = 1) -> str:
    return "-" if value is None else f"{value:.{places}f}"


def _names(people: RelationshipPosition, ids: Sequence[str]) -> str:
    """Return the stakeholders' names, comma-separated."""
    return ", ".join(map(people.name_of, ids))


def _percent_of(fraction: Decimal | None) -> str:
    """Show a fraction as a percentage to 2 places (``-`` when missing)."""
    return "-" if fraction is None else f"{fraction * 100:.2f}%"


def _raw(value: float | None) -> str:
    """Show a raw measure as the text review does: counts whole, else 2 places."""
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _slug(index: int, account: str) -> str:
    """Return a file name for an account's page: safe whatever its id."""
    plain = re.sub(r"[^a-z0-9]+", "-", account.lower()).strip("-")[:40] or "account"
    return f"{index + 1:05d}-{plain}.html"


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _standing(review: AccountReview) -> tuple[int, float, str, str]:
    score = review.health.score
    return (
        _BAND_ORDER.get(review.band, len(_BAND_ORDER)),
        float("inf") if score is None else score,
        review.name,
        review.account,
    )


def _trend(review: AccountReview, earlier: Sequence[AccountReview]) -> Markup:
    """Return the account's health on each review day, oldest first."""
    points = sorted([*earlier, review], key=lambda r: r.as_of)
    bars = [
        Bar(
            day_text(point.as_of),
            point.health.score or 0.0,
            "no score"
            if point.health.score is None
            else f"{point.health.score:.1f} ({point.band or 'no colour'})",
            BAND_COLOURS.get(point.band),
        )
        for point in points
    ]
    return bar_chart(
        bars,
        title="Health over time",
        describe="; ".join(f"{b.label}: {b.shown}" for b in bars),
        scale=100.0,
    )


def _charts(
    review: AccountReview, earlier: Sequence[AccountReview] = ()
) -> dict[str, Any]:
    """Return the account page's charts (an absent position has none)."""
    health = review.health
    groups = bar_chart(
        [
            Bar(g.name, g.score or 0.0, _number(g.score), BAND_COLOURS.get(g.band))
            for g in health.groups
        ],
        title="Health by group",
        describe=", ".join(
            f"{g.name} {_number(g.score)}" + (f" ({g.band})" if g.band else "")
            for g in health.groups
        ),
        scale=100.0,
    )
    found: dict[str, Any] = {"groups": groups}
    if earlier:
        found["trend"] = _trend(review, earlier)
    if review.service.months:
        found["service"] = _service_strip(review)
    owed = review.receivables
    if owed.recorded and not owed.note:
        found["ageing"] = bar_chart(
            [
                Bar(label, amount.amount, str(amount))
                for label, amount in zip(owed.labels, owed.buckets, strict=True)
            ],
            title="Receivables by age (days past due)",
            describe=", ".join(
                f"{label}: {amount}"
                for label, amount in zip(owed.labels, owed.buckets, strict=True)
            ),
        )
    found.update(_money_charts(review))
    if review.relationships.people:
        found["map"] = _map_chart(review)
    pnl = review.delivery.pnl
    if pnl is not None and pnl.by_month:
        found["pnl"] = bar_chart(
            [
                Bar(
                    span_text(line.start, line.last_day),
                    line.margin.amount,
                    f"{line.margin} ({_number(line.margin_percent, 2)}%)",
                )
                for line in pnl.by_month
            ],
            title="Client P&L margin by month",
            describe=", ".join(
                f"{span_text(line.start, line.last_day)}: {line.margin}"
                for line in pnl.by_month
            ),
        )
    return found


def _map_chart(review: AccountReview) -> Markup:
    """Return each person's influence on the decision, coloured by attitude."""
    bars = [
        Bar(
            person.name,
            person.influence,
            f"{person.influence * 100:.1f}%, {person.attitude.value}",
            ATTITUDE_COLOURS[person.attitude.value],
        )
        for person in review.relationships.people
    ]
    return bar_chart(
        bars,
        title="Stakeholders: influence on the decision and attitude",
        describe="; ".join(f"{b.label}: {b.shown}" for b in bars),
    )


def _service_strip(review: AccountReview) -> Markup:
    """Return the service levels of each period as a heat strip."""
    cells = []
    for month in review.service.months:
        band = (
            None
            if not (month.met or month.failed)
            else "red"
            if month.critical_failed
            else "amber"
            if month.failed
            else "green"
        )
        when = span_text(month.first_day, month.last_day)
        tip = (
            f"{when}: {month.met} met, {month.failed} failed"
            f" ({month.critical_failed} critical)"
        )
        cells.append((MONTHS[month.first_day.month - 1][:3], band, tip))
    return heat_strip(
        cells,
        title="Service levels by month (G all met, A failed, R critical failed)",
        describe="; ".join(tip for _, _, tip in cells),
    )


def _money_charts(review: AccountReview) -> dict[str, Any]:
    """Return the revenue and whitespace charts, where there are data.

    Revenue: billed against contracted to date, the year's contract, run
    rate and forecast with its interval. Whitespace: by service line, with
    our share of each.
    """
    found: dict[str, Any] = {}
    seen = review.revenue.attainment
    if seen is not None:
        bars = [
            Bar(
                "billed to date",
                seen.billed_to_date.amount,
                str(seen.billed_to_date),
            ),
            Bar(
                "contracted to date",
                seen.contracted_to_date.amount,
                str(seen.contracted_to_date),
            ),
            Bar(
                "contracted, year",
                seen.contracted_for_year.amount,
                str(seen.contracted_for_year),
            ),
            Bar("run rate, year", seen.run_rate.amount, str(seen.run_rate)),
        ]
        if seen.forecast is not None:
            interval = (
                f" ({seen.forecast_lower} to {seen.forecast_upper})"
                if seen.forecast_lower is not None and seen.forecast_upper is not None
                else ""
            )
            bars.append(
                Bar(
                    "forecast, year",
                    seen.forecast.amount,
                    f"{seen.forecast}{interval}",
                )
            )
        found["revenue"] = bar_chart(
            bars,
            title="Billed against contracted revenue",
            describe="; ".join(f"{b.label}: {b.shown}" for b in bars),
        )
    report = review.wallet.report
    if report is not None:
        wallet_bars = [
            Bar(
                line.service_line,
                share.whitespace.amount,
                f"{share.whitespace} (ours {_percent_of(share.share)})",
            )
            for line in report.lines
            if (share := line.position) is not None
        ]
        if wallet_bars:
            found["wallet"] = bar_chart(
                wallet_bars,
                title="Whitespace by service line",
                describe="; ".join(f"{b.label}: {b.shown}" for b in wallet_bars),
            )
    return found


def _measures(review: AccountReview) -> list[dict[str, Any]]:
    """Return the health breakdown: each group and its measures, in order."""
    by_group: dict[str | None, list[Any]] = {}
    for measure in review.health.measures:
        by_group.setdefault(measure.group, []).append(measure)
    return [
        {"group": group, "measures": by_group.get(group.id, [])}
        for group in review.health.groups
    ]


def _portfolio_name(number: int) -> str:
    """Return the file name of the portfolio's page ``number`` (from 0)."""
    return "index.html" if number == 0 else f"portfolio-{number + 1}.html"


def _row(review: AccountReview, page: str) -> dict[str, Any]:
    """Return what the portfolio page shows of one account."""
    return {
        "review": review,
        "page": page,
        "now": sum(f.priority is Priority.NOW for f in review.flags),
        "month": sum(f.priority is Priority.THIS_MONTH for f in review.flags),
        "areas": sorted({f.area.value for f in review.flags}),
    }


def _earlier(
    history: Sequence[AccountReview], day: date
) -> dict[str, list[AccountReview]]:
    """Return the earlier reviews by account; refuse a later or a repeated one."""
    earlier: dict[str, list[AccountReview]] = {}
    seen: set[tuple[str, date]] = set()
    for index, past in enumerate(history):
        if past.as_of >= day:
            message = (
                f"{past.as_of} is not before the reviews' day ({day}): "
                "history is of earlier days"
            )
            raise ValidationError(message, path=("history", index), root="render_site")
        if (past.account, past.as_of) in seen:
            message = f"a second review of {past.account!r} on {past.as_of}"
            raise ValidationError(message, path=("history", index), root="render_site")
        seen.add((past.account, past.as_of))
        earlier.setdefault(past.account, []).append(past)
    return earlier


@checked
def render_site(
    reviews: Sequence[AccountReview],
    folder: Path | str,
    *,
    totals: Sequence[ConvertedTotal] = (),
    history: Sequence[AccountReview] = (),
    page_rows: int = PAGE_ROWS,
) -> tuple[Path, ...]:
    """Write the reviews as a static site in ``folder``; return the pages written.

    ``index.html`` lists every account worst first (colour and letter,
    score, completeness, currency, the counts of flags to act on now and
    this month, the first flag), with a filter by colour and by area, and
    the totals per currency (and ``totals`` in one currency, when given); a
    page per account (``accounts/00001-<id>.html``) shows its colour and why,
    the health breakdown with its weights and contributions, the flags with
    their codes, each area's position, and charts. ``history`` holds earlier
    reviews (of other days): each account's page then charts its health on
    every review day of its own (matched by account id).

    A portfolio of more than ``page_rows`` accounts is listed over several
    pages, worst first: ``index.html`` holds the first ``page_rows``,
    ``portfolio-2.html`` the next, and so on, each with the whole
    portfolio's colour counts and totals, links to the pages before and
    after, and a filter over its own rows; each account's page links back to
    the page that lists it.

    The pages are self-contained: their style is inline, charts are inline
    SVG, the portfolio's one script is inline and allowed by its hash alone
    (a Content Security Policy forbids every other script and every network
    request), and every text from the accounts is escaped.

    Raises
    ------
    ValidationError
        If ``reviews`` is empty or holds reviews of different days, if
        ``history`` holds a review not of an earlier day or two reviews of an
        account on one day, or if ``page_rows`` is not a whole number of at
        least 1.
    MissingDependencyError
        Without Jinja2 (``pip install 'accountkit[html]'``).
    """
    where = "render_site"
    if not reviews:
        message = "no reviews to write"
        raise ValidationError(message, path="reviews", root=where)
    if page_rows < 1:
        message = f"expected at least 1, got {page_rows}"
        raise ValidationError(message, path="page_rows", root=where)
    summary = PortfolioSummary.of(reviews, keep=0)
    environment = _environment()
    root = Path(folder)
    pages = root / "accounts"
    pages.mkdir(parents=True, exist_ok=True)
    ordered = sorted(range(len(reviews)), key=lambda i: _standing(reviews[i]))
    names = {index: _slug(index, reviews[index].account) for index in ordered}
    earlier = _earlier(history, reviews[0].as_of)
    listing = [ordered[i : i + page_rows] for i in range(0, len(ordered), page_rows)]
    portfolio = [_portfolio_name(number) for number in range(len(listing))]
    back = {
        index: portfolio[number]
        for number, part in enumerate(listing)
        for index in part
    }
    written = []
    account_page = environment.get_template("account.html.j2")
    for index in ordered:
        seen = reviews[index]
        path = pages / names[index]
        path.write_text(
            account_page.render(
                review=seen,
                back=back[index],
                charts=_charts(seen, earlier.get(seen.account, ())),
                groups=_measures(seen),
                missing=MeasureStatus.MISSING,
                csp="default-src 'none'; style-src 'unsafe-inline'; img-src data:",
            ),
            encoding="utf-8",
        )
        written.append(path)
    index_page = environment.get_template("portfolio.html.j2")
    areas = sorted({f.area.value for r in reviews for f in r.flags})
    listed = []
    for number, part in enumerate(listing):
        path = root / portfolio[number]
        path.write_text(
            index_page.render(
                rows=[_row(reviews[i], f"accounts/{names[i]}") for i in part],
                first=number * page_rows + 1,
                previous=portfolio[number - 1] if number else None,
                following=portfolio[number + 1] if number + 1 < len(listing) else None,
                pages=len(listing),
                summary=summary,
                totals=totals,
                areas=areas,
                script=_SCRIPT,
                csp=(
                    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                    f"script-src '{_script_hash(_SCRIPT)}'"
                ),
            ),
            encoding="utf-8",
        )
        listed.append(path)
    return (*listed, *written)
