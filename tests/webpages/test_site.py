"""The review as a static site (issue 19): its pages, its escaping, offline."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from accountkit import ValidationError
from accountkit.account import Account, review, sample_portfolio
from accountkit.cli import main
from accountkit.html import render_site
from webpages.sample_site import DAY, INJECTED, QUOTED, hostile, pages, sample_reviews

MAX_PAGE = 300 * 1024


class _Parsed(HTMLParser):
    """The tags, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_sample_site_lists_the_accounts_worst_first(tmp_path):
    written = render_site(sample_reviews(), tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "index.html",
        "accounts/00002-contoso.html",
        "accounts/00001-northwind.html",
        "accounts/00003-fabrikam.html",
    ]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    rows = re.findall(
        r'<tr data-band="(\w+)" data-areas="([^"]*)" data-account="(\w+)">', index
    )
    assert [(band, account) for band, _, account in rows] == [
        ("red", "contoso"),
        ("amber", "northwind"),
        ("green", "fabrikam"),
    ]
    assert rows[2][1] == ""  # Fabrikam has no flags
    scores = re.findall(r'data-value="([\d.]+)">([\d.]+)</td>', index)
    reviews = {r.account: r for r in sample_reviews()}
    assert [float(exact) for exact, _ in scores] == [
        reviews[a].health.score for a in ("contoso", "northwind", "fabrikam")
    ]
    assert [shown for _, shown in scores] == ["31.8", "81.5", "97.2"]


def test_an_account_page_shows_its_flags_and_health_as_the_review_has_them(tmp_path):
    render_site(sample_reviews(), tmp_path)
    contoso = next(r for r in sample_reviews() if r.account == "contoso")
    page = _Parsed((tmp_path / "accounts/00002-contoso.html").read_text("utf-8"))
    text = "".join(page.text)
    for flag in contoso.flags:
        assert flag.message in text
        assert flag.code in text
    for measure in contoso.health.measures:
        assert measure.name in text
    assert "Client P&L margin by month" in text
    assert "Receivables by age (days past due)" in text


def test_every_page_is_small_offline_and_allows_no_other_script(tmp_path):
    render_site(sample_reviews(), tmp_path)
    for name, text in pages(tmp_path).items():
        assert len(text.encode("utf-8")) < MAX_PAGE, name
        parsed = _Parsed(text)
        for tag, attributes in parsed.tags:
            for key in ("src", "href", "action", "data"):
                value = attributes.get(key) or ""
                assert "//" not in value, (name, tag, value)
                assert not value.startswith("data:text"), (name, tag, value)
            assert tag not in {"link", "img", "iframe", "object", "embed"}, name
        policy = next(
            a["content"]
            for t, a in parsed.tags
            if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        )
        assert policy.startswith("default-src 'none'; style-src 'unsafe-inline'")
        scripts = [a for t, a in parsed.tags if t == "script"]
        if name == "index.html":
            assert len(scripts) == 1
            assert "script-src 'sha256-" in policy
        else:
            assert scripts == []
            assert "script-src" not in policy


def test_crm_text_renders_as_text_never_as_markup(tmp_path):
    render_site([hostile()], tmp_path)
    for name, text in pages(tmp_path).items():
        parsed = _Parsed(text)
        assert len([t for t, _ in parsed.tags if t == "script"]) == (
            1 if name == "index.html" else 0
        )
        assert "<Sons>" not in text.replace("&lt;Sons&gt;", "")
        assert QUOTED in "".join(parsed.text), name
    account = _Parsed((tmp_path / "accounts/00001-northwind.html").read_text("utf-8"))
    assert f"{INJECTED} could block us (attitude blocker)" in "".join(account.text)
    assert f"{INJECTED}: " in "".join(account.text)  # in the stakeholder chart
    assert [t for t in account.text if t in (INJECTED, "Data Platform Owner")][-2:] == [
        INJECTED,
        "Data Platform Owner",
    ]  # and in the people table, as text


def test_the_command_writes_the_site_beside_its_output(tmp_path, capsys):
    folder = tmp_path / "site"
    assert main(["review", "--sample", "--html", str(folder)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Portfolio review: 3 accounts as of 30 June 2026")
    assert captured.err == f"accountkit: wrote 4 pages in {folder}\n"
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "Totals in EUR" in index  # the sample's rates, as the text shows them


def test_the_command_without_jinja2_says_how_to_get_it(monkeypatch, capsys):
    monkeypatch.setattr("accountkit.cli._importable", lambda module: module != "jinja2")
    with pytest.raises(SystemExit) as stopped:
        main(["review", "--sample", "--html", "out"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.endswith(
        "review: --html needs Jinja2; install it with pip install 'accountkit[html]'\n"
    )


def test_render_site_refuses_nothing_and_mixed_days(tmp_path):
    with pytest.raises(ValidationError) as caught:
        render_site([], tmp_path)
    assert str(caught.value) == "render_site.reviews: no reviews to write"
    other_day = review(sample_portfolio()[2], as_of=DAY.replace(day=29))
    with pytest.raises(ValidationError):
        render_site([sample_reviews()[0], other_day], tmp_path)


def test_an_account_id_of_any_text_makes_a_safe_file_name(tmp_path):
    odd = [
        review(
            __import__("attrs").evolve(sample_portfolio()[2], id="../../Évian / 1"),
            as_of=DAY,
        )
    ]
    written = render_site(odd, tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "index.html",
        "accounts/00001-vian-1.html",
    ]
    assert Path(tmp_path / "accounts/00001-vian-1.html").is_file()


def test_the_charts_have_titles_and_text_alternatives(tmp_path):
    """Contoso's page: seven charts, each an image with a title and a
    description that says what its bars show; the revenue chart gives the
    forecast with its interval, the whitespace chart each service line."""
    render_site(sample_reviews(), tmp_path)
    page = (tmp_path / "accounts/00002-contoso.html").read_text("utf-8")
    titles = re.findall(
        r'<svg class="chart" role="img"[^>]*aria-label="([^"]+)">', page
    )
    assert titles == [
        "Health by group",
        "Service levels by month (G all met, A failed, R critical failed)",
        "Receivables by age (days past due)",
        "Billed against contracted revenue",
        "Client P&amp;L margin by month",
        "Whitespace by service line",
        "Stakeholders: influence on the decision and attitude",
    ]
    descriptions = re.findall(r"<desc>([^<]*)</desc>", page)
    assert len(descriptions) == 7
    contoso = next(r for r in sample_reviews() if r.account == "contoso")
    seen = contoso.revenue.attainment
    assert (
        f"forecast, year: {seen.forecast} ({seen.forecast_lower} to "
        f"{seen.forecast_upper})"
    ) in descriptions[3]
    assert descriptions[0].startswith("Financial 38.4 (red), Delivery 30.3 (red)")
    for line in contoso.wallet.report.lines:
        assert line.service_line in descriptions[5]
    share = contoso.wallet.report.lines[0].position.share
    assert f"(ours {share * 100:.2f}%)" in descriptions[5]


def test_the_stakeholder_map_shows_influence_attitude_and_our_ties(tmp_path):
    """Contoso's map as the review has it: Priya Nair (neutral), Grace Okafor
    (skeptic) and Owen Hughes (blocker), most influential first, each bar in
    the colour of the attitude and with the attitude written beside it; the
    table gives roles and our team's ties; champions and single-threaded key
    players by name, never by id."""
    render_site(sample_reviews(), tmp_path)
    page = (tmp_path / "accounts/00002-contoso.html").read_text("utf-8")
    contoso = next(r for r in sample_reviews() if r.account == "contoso")
    people = contoso.relationships.people
    assert [p.stakeholder for p in people] == ["priya", "grace", "owen"]
    chart = page[
        page.index('aria-label="Stakeholders') : page.index(
            "</svg>", page.index('aria-label="Stakeholders')
        )
    ]
    assert re.findall(r'fill="(#\w+)"><title>([^<]+)</title>', chart) == [
        ("#757575", f"Priya Nair: {people[0].influence * 100:.1f}%, neutral"),
        ("#b26a00", f"Grace Okafor: {people[1].influence * 100:.1f}%, skeptic"),
        ("#c62828", f"Owen Hughes: {people[2].influence * 100:.1f}%, blocker"),
    ]
    assert [f"{p.influence * 100:.1f}" for p in people] == ["44.3", "29.3", "26.4"]
    table = page[page.index('<table class="stack" id="people">') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r'data-label="([a-z ]+)">(.*?)</td>', table)
    assert cells == [
        (
            "person",
            'Priya Nair<br><span class="sub">Interim Head of Clinical Systems</span>',
        ),
        ("roles", "decision maker"),
        ("attitude", "neutral"),
        ("influence", "44.3%"),
        ("our ties", "none"),
        ("person", 'Grace Okafor<br><span class="sub">Chief Digital Officer</span>'),
        ("roles", "economic buyer"),
        ("attitude", "skeptic"),
        ("influence", "29.3%"),
        ("our ties", "sam (0.3, vendor)"),
        ("person", 'Owen Hughes<br><span class="sub">Integration Architect</span>'),
        ("roles", "technical buyer"),
        ("attitude", "blocker"),
        ("influence", "26.4%"),
        ("our ties", "kim (0.5, vendor)"),
    ]
    assert "champions: none; single-threaded: Grace Okafor, Priya Nair." in page
    northwind = (tmp_path / "accounts/00001-northwind.html").read_text("utf-8")
    assert "champions: Tomas Lind; single-threaded: Hanna Berg." in northwind
    assert (
        'our ties">ana (0.9, trusted advisor), ben (0.7, problem solver)<' in northwind
    )


def test_an_account_without_a_map_says_so(tmp_path):
    bare = review(Account(id="bare", name="Bare", currency="EUR"), as_of=DAY)
    render_site([bare], tmp_path)
    page = (tmp_path / "accounts/00001-bare.html").read_text("utf-8")
    assert "<p>No stakeholder map.</p>" in page
    assert "Stakeholders:" not in page
    assert 'id="people"' not in page


def test_the_service_strip_gives_each_month_its_letter(tmp_path):
    """Contoso's twelve months from July 2025: all met (G) in July, August,
    October and November; a failure (A) in September, December and January;
    a critical failure (R) from February to June."""
    render_site(sample_reviews(), tmp_path)
    page = (tmp_path / "accounts/00002-contoso.html").read_text("utf-8")
    strip = page[
        page.index("Service levels by month") : page.index(
            "</svg>", page.index("Service levels by month")
        )
    ]
    assert re.findall(r'class="cell">(.)</text>', strip) == list("GGAGGAARRRRR")
    assert re.findall(r'class="label">(\w+)</text>', strip) == [
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
    ]
    assert "<title>June 2026: 1 met, 2 failed (2 critical)</title>" in strip


def test_accounts_without_a_colour_come_between_amber_and_green(tmp_path):
    """Worst first: red, amber, then no colour (a scored account before one
    with no score at all), then green."""
    bare = review(Account(id="bare", name="Bare", currency="EUR"), as_of=DAY)
    only_escalations = review(
        Account(id="thin", name="Thin", currency="EUR", escalations=()), as_of=DAY
    )
    assert (bare.band, only_escalations.band) == (None, None)
    assert only_escalations.health.score is not None
    render_site([*sample_reviews(), bare, only_escalations], tmp_path)
    index = (tmp_path / "index.html").read_text("utf-8")
    order = re.findall(r'data-account="([\w-]+)"', index)
    assert order[:3] == ["contoso", "northwind", order[2]]
    assert order[-1] == "fabrikam"
    nones = order[2:-1]
    scored = {"bare": bare.health.score, "thin": only_escalations.health.score}
    assert nones == sorted(
        nones, key=lambda a: float("inf") if scored[a] is None else scored[a]
    )
    page = next((tmp_path / "accounts").glob("*-bare.html")).read_text("utf-8")
    assert "Receivables by age" not in page


def test_the_colour_orders_before_the_score(tmp_path):
    """Red scoring 90 before amber scoring 40, before no colour scoring 10,
    before green scoring 5: the colour decides, the score only within it."""
    import attrs  # noqa: PLC0415

    base = sample_reviews()[2]

    def shown(account: str, band: str | None, score: float) -> object:
        health = attrs.evolve(base.health, score=score)
        return attrs.evolve(
            base, account=account, name=account, band=band, health=health
        )

    render_site(
        [
            shown("g", "green", 5.0),
            shown("n", None, 10.0),
            shown("a", "amber", 40.0),
            shown("r", "red", 90.0),
        ],
        tmp_path,
    )
    index = (tmp_path / "index.html").read_text("utf-8")
    assert re.findall(r'data-account="(\w+)"', index) == ["r", "a", "n", "g"]


def test_the_health_table_shows_each_raw_value_as_the_text_review_does(tmp_path):
    """Whole values whole, others to two places, missing as "missing":
    Northwind's 24 measures in the scorecard's order (its raw values:
    100.0, 30.0, 0.0, 19.16, 94.44, 0.1, 1.0, 14.5, 33.33..., 80.0,
    1.0627..., 3.0, 1.0, 30.18, 6.53, 18.75, 50.0, 53.43 (the weighted
    pipeline, its landing zone at the priced deal's 603,202.00), and no
    delivery records)."""
    render_site(sample_reviews(), tmp_path)
    page = (tmp_path / "accounts/00001-northwind.html").read_text("utf-8")
    cells = re.findall(r'<td class="num" data-label="raw">([^<]*)</td>', page)
    assert cells == [
        "100",
        "30",
        "0",
        "19.16",
        "94.44",
        "0.10",
        "1",
        "14.50",
        "33.33",
        "80",
        "1.06",
        "3",
        "1",
        "30.18",
        "6.53",
        "18.75",
        "50",
        "53.43",
        *["missing"] * 6,
    ]


def test_the_growth_section_shows_the_curve_and_each_priced_deal(tmp_path):
    """Northwind's landing zone as the review holds it: the curve's quality,
    the pipeline at its chances, and the deal's chance, best price and the
    sign-off it lacks; figures as the text review writes them."""
    reviews = sample_reviews()
    render_site(reviews, tmp_path)
    page = (tmp_path / "accounts/00001-northwind.html").read_text("utf-8")
    growth = next(r for r in reviews if r.account == "northwind").growth
    fit, deal = growth.fit, growth.priced[0]
    assert fit is not None
    assert (
        f"<li>Bid-response curve from {fit.bids} bids ({fit.wins} won, pseudo-R² "
        f"{fit.pseudo_r2}): pipeline at its chances {growth.fitted_pipeline}.</li>"
    ) in page
    assert (
        f"<li>Cloud landing zone: {deal.price}, margin {deal.margin_rate}%, "
        f"{deal.fitted_probability}% to win ({deal.fitted_low}% to "
        f"{deal.fitted_high}%), best price {deal.best_price}, needs cfo sign-off "
        "(has practice-head).</li>"
    ) in page
    contoso = (tmp_path / "accounts/00002-contoso.html").read_text("utf-8")
    assert "Bid-response" not in contoso  # no history recorded: nothing said


def test_the_portfolio_counts_the_flags_to_act_on(tmp_path):
    """Contoso: 8 flags to act on now and 16 this month (of its 29)."""
    render_site(sample_reviews(), tmp_path)
    index = (tmp_path / "index.html").read_text("utf-8")
    row = index[index.index('data-account="contoso"') :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'data-label="act now">(\d+)<', row) == ["8"]
    assert re.findall(r'data-label="this month">(\d+)<', row) == ["16"]


def test_health_bars_are_scores_out_of_a_hundred_and_a_missing_group_is_empty(
    tmp_path,
):
    """Northwind's groups on a full bar of 320 px for 100: Financial 92.0 is
    294 px; delivery economics, with no score, is no bar at all."""
    render_site(sample_reviews(), tmp_path)
    page = (tmp_path / "accounts/00001-northwind.html").read_text("utf-8")
    chart = page[page.index("Health by group") : page.index("</svg>")]
    widths = [int(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="(\d+)"', chart)]
    northwind = next(r for r in sample_reviews() if r.account == "northwind")
    assert widths == [
        round((g.score or 0) / 100 * 320) for g in northwind.health.groups
    ]
    assert widths[-1] == 0
    assert "GBP 17,328.00 (27.95%)" in (
        tmp_path / "accounts/00002-contoso.html"
    ).read_text("utf-8")


def test_a_site_written_twice_in_one_folder_is_rewritten(tmp_path):
    render_site(sample_reviews(), tmp_path)
    written = render_site(sample_reviews()[:1], tmp_path)
    assert len(written) == 2


def test_a_long_id_makes_a_file_name_of_forty_characters_at_most(tmp_path):
    import attrs  # noqa: PLC0415

    long = review(attrs.evolve(sample_portfolio()[2], id="x" * 60), as_of=DAY)
    (_, page) = render_site([long], tmp_path)
    assert page.name == "00001-" + "x" * 40 + ".html"


def test_without_jinja2_render_site_says_how_to_get_it(tmp_path, monkeypatch):
    import sys  # noqa: PLC0415

    from accountkit.errors import MissingDependencyError  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(MissingDependencyError) as caught:
        render_site(sample_reviews(), tmp_path)
    assert str(caught.value) == (
        "the HTML pages need Jinja2; install it with pip install 'accountkit[html]'"
    )


def _trend(page: Path) -> str:
    """Return the health-over-time chart of an account's page."""
    text = page.read_text("utf-8")
    return text[text.index("Health over time") : text.index("</svg>")]


def test_earlier_reviews_chart_each_accounts_health_over_time(tmp_path):
    """Reviews of 31 March, 30 April and 31 May 2026 as history: Contoso's
    page charts four days, oldest first, each with its score and colour;
    the other accounts' pages their own four."""
    from datetime import date  # noqa: PLC0415

    from accountkit.account import review_many  # noqa: PLC0415

    days = (date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31))
    history = [
        seen for day in days for seen in review_many(sample_portfolio(), as_of=day)
    ]
    render_site(sample_reviews(), tmp_path, history=history)
    chart = _trend(tmp_path / "accounts/00002-contoso.html")
    contoso = [r for r in history if r.account == "contoso"]
    expected = [
        f"{r.health.score:.1f} ({r.band})"
        for r in sorted([*contoso, sample_reviews()[1]], key=lambda r: r.as_of)
    ]
    assert re.findall(r'class="value">([^<]+)</text>', chart) == expected
    widths = re.findall(r'<rect x="\d+" y="\d+" width="(\d+)"', chart)
    assert widths == [  # a score out of 100 on a bar of 320 px
        str(round(r.health.score / 100 * 320))
        for r in sorted([*contoso, sample_reviews()[1]], key=lambda r: r.as_of)
    ]
    assert re.findall(r'class="label">([^<]+)</text>', chart) == [
        "31 March 2026",
        "30 April 2026",
        "31 May 2026",
        "30 June 2026",
    ]
    plain = tmp_path / "plain"
    render_site(sample_reviews(), plain)
    assert "Health over time" not in (plain / "accounts/00002-contoso.html").read_text(
        "utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        render_site(sample_reviews(), tmp_path, history=sample_reviews()[:1])
    assert str(caught.value) == (
        "render_site.history[0]: 2026-06-30 is not before the reviews' day "
        "(2026-06-30): history is of earlier days"
    )


def test_the_command_reviews_the_months_before_for_the_trend(tmp_path, capsys):
    """--history 2 on 30 June: 30 April and 31 May as well; each page charts
    three days, and the history needs --html."""
    folder = tmp_path / "site"
    assert main(["review", "--sample", "--html", str(folder), "--history", "2"]) == 0
    capsys.readouterr()
    chart = _trend(folder / "accounts/00003-fabrikam.html")
    assert re.findall(r'class="label">([^<]+)</text>', chart) == [
        "30 April 2026",
        "31 May 2026",
        "30 June 2026",
    ]
    with pytest.raises(SystemExit):
        main(["review", "--sample", "--history", "2"])
    assert capsys.readouterr().err.endswith(
        "review: --history charts the pages of --html: give --html DIR\n"
    )
    with pytest.raises(SystemExit):
        main(["review", "--sample", "--html", str(folder), "--history", "25"])
    assert "expected a whole number from 0 to 24, got '25'" in capsys.readouterr().err


def test_the_months_before_a_mid_january_review_are_last_years(tmp_path, capsys):
    """Reviewed on 15 January 2026 with --history 2: 30 November and 31
    December 2025 (the month under way is not a month before)."""
    folder = tmp_path / "site"
    arguments = ["review", "--sample", "--as-of", "2026-01-15", "--html", str(folder)]
    assert main([*arguments, "--history", "2"]) == 0
    capsys.readouterr()
    chart = _trend(folder / "accounts/00001-northwind.html")
    assert re.findall(r'class="label">([^<]+)</text>', chart) == [
        "30 November 2025",
        "31 December 2025",
        "15 January 2026",
    ]


def test_the_command_charts_the_reviews_kept_from_earlier_months(tmp_path, capsys):
    """April's output kept as a JSON document and May's as JSON Lines: each
    page charts 30 April, 31 May and 30 June, the scores those runs wrote."""
    kept = []
    for day, form in (("2026-04-30", "json"), ("2026-05-31", "jsonl")):
        out = tmp_path / f"{day}.{form}"
        arguments = ["review", "--sample", "--as-of", day, "--format", form]
        assert main([*arguments, "--output", str(out)]) == 0
        kept += ["--earlier", str(out)]
    folder = tmp_path / "site"
    assert main(["review", "--sample", "--html", str(folder), *kept]) == 0
    capsys.readouterr()
    chart = _trend(folder / "accounts/00002-contoso.html")
    assert re.findall(r'class="label">([^<]+)</text>', chart) == [
        "30 April 2026",
        "31 May 2026",
        "30 June 2026",
    ]
    from datetime import date  # noqa: PLC0415

    contoso = sample_portfolio()[1]
    shown = [
        f"{review(contoso, as_of=date(2026, m, d)).health.score:.1f}"
        for m, d in ((4, 30), (5, 31), (6, 30))
    ]
    assert [v.split(" ")[0] for v in re.findall(r'class="value">([^<]+)<', chart)] == (
        shown
    )


def _refused(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["review", "--sample", *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_the_command_refuses_earlier_reviews_it_cannot_use(tmp_path, capsys):
    """Each refusal names the file and what is wrong, before anything is
    written; a file of the review day's own reviews, a file given twice, a
    missing file and a file that is not a review's output."""
    site = ["--html", str(tmp_path / "site")]
    june = tmp_path / "june.jsonl"
    assert main(["review", "--sample", "--format", "jsonl", "-o", str(june)]) == 0
    assert _refused([*site, "--earlier", str(june)], capsys) == (
        f"accountkit: --earlier {june}: its review of 'northwind' is of "
        "2026-06-30, not before the review day (2026-06-30)\n"
    )
    may = tmp_path / "may.json"
    arguments = ["review", "--sample", "--as-of", "2026-05-31", "--format", "json"]
    assert main([*arguments, "-o", str(may)]) == 0
    twice = [*site, "--earlier", str(may), "--earlier", str(may)]
    assert _refused(twice, capsys) == (
        f"accountkit: --earlier {may}: a second review of 'northwind' on "
        f"2026-05-31 (the first is in {may})\n"
    )
    missing = tmp_path / "nope.json"
    assert _refused([*site, "--earlier", str(missing)], capsys) == (
        f"accountkit: --earlier {missing}: cannot read: No such file or directory\n"
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1", "reviews": [{"crm": 1}]}')
    said = _refused([*site, "--earlier", str(bad)], capsys)
    assert said.startswith("accountkit: --earlier 19 problems:\n")
    assert f"  {bad}: $.reviews[0].account: required field is missing\n" in said
    assert said.endswith("flags); ignored with --lenient\n")
    assert not (tmp_path / "site").exists()


def test_earlier_reviews_need_the_pages_and_are_not_computed_too(tmp_path, capsys):
    for arguments, said in (
        (
            ["--earlier", "x.json"],
            "--earlier charts the pages of --html: give --html DIR",
        ),
        (
            ["--html", str(tmp_path), "--earlier", "x.json", "--history", "2"],
            "--earlier gives the reviews --history would compute: give one of them",
        ),
    ):
        with pytest.raises(SystemExit) as stopped:
            main(["review", "--sample", *arguments])
        assert stopped.value.code == 2
        assert capsys.readouterr().err.endswith(f"review: {said}\n")


def test_render_site_refuses_two_reviews_of_an_account_on_one_day(tmp_path):
    from datetime import date  # noqa: PLC0415

    may = review(sample_portfolio()[2], as_of=date(2026, 5, 31))
    april = review(sample_portfolio()[2], as_of=date(2026, 4, 30))
    with pytest.raises(ValidationError) as caught:
        render_site(sample_reviews(), tmp_path, history=[april, may, may])
    assert str(caught.value) == (
        "render_site.history[2]: a second review of 'fabrikam' on 2026-05-31"
    )


def _copies(count: int) -> list:
    """``count`` reviews: the sample's, then copies of Fabrikam's under new ids."""
    import attrs  # noqa: PLC0415

    sample = list(sample_reviews())
    extra = [
        attrs.evolve(sample[2], account=f"copy{n:05d}", name=f"Copy {n:05d}")
        for n in range(count - len(sample))
    ]
    return (sample + extra)[:count]


def test_a_large_portfolio_is_listed_over_pages_worst_first(tmp_path):
    """Five accounts two to a page: Contoso (red) and Northwind (amber) on
    index.html; Fabrikam (green, 97.2) and its two copies have one score
    and go by name, so "Copy 00000" and "Copy 00001" on portfolio-2.html and
    "Fabrikam Retail" alone on portfolio-3.html; each page links to its
    neighbours, shows the whole portfolio's counts, and each account's page
    links back to the page that lists it."""
    written = render_site(_copies(5), tmp_path, page_rows=2)
    assert [p.relative_to(tmp_path).as_posix() for p in written][:3] == [
        "index.html",
        "portfolio-2.html",
        "portfolio-3.html",
    ]
    assert len(written) == 8
    listed = {}
    for name in ("index.html", "portfolio-2.html", "portfolio-3.html"):
        text = (tmp_path / name).read_text("utf-8")
        listed[name] = (
            re.findall(r'data-account="(\w+)"', text),
            re.findall(r'<a href="([\w.-]+)" rel="(prev|next)">', text),
            re.search(r'<span id="page-span">([^<]+)</span>', text).group(1),
        )
        assert "5 accounts as of 30 June 2026, worst first" in text
        assert 'data-where=" on this page"' in text
    assert listed == {
        "index.html": (
            ["contoso", "northwind"],
            [("portfolio-2.html", "next")],
            "Accounts 1 to 2 of 5",
        ),
        "portfolio-2.html": (
            ["copy00000", "copy00001"],
            [("index.html", "prev"), ("portfolio-3.html", "next")],
            "Accounts 3 to 4 of 5",
        ),
        "portfolio-3.html": (
            ["fabrikam"],
            [("portfolio-2.html", "prev")],
            "Accounts 5 to 5 of 5",
        ),
    }
    backs = {
        path.name: re.search(
            r'<a href="\.\./([\w.-]+)">Portfolio</a>', path.read_text("utf-8")
        ).group(1)
        for path in written[3:]
    }
    assert sorted(backs.values()) == [
        "index.html",
        "index.html",
        "portfolio-2.html",
        "portfolio-2.html",
        "portfolio-3.html",
    ]
    assert backs["00002-contoso.html"] == "index.html"
    assert backs["00004-copy00000.html"] == "portfolio-2.html"
    assert backs["00005-copy00001.html"] == "portfolio-2.html"
    assert backs["00003-fabrikam.html"] == "portfolio-3.html"
    one = render_site(sample_reviews(), tmp_path / "one", page_rows=1)
    assert [p.name for p in one[:3]] == [
        "index.html",
        "portfolio-2.html",
        "portfolio-3.html",
    ]


def test_a_thousand_accounts_fit_on_one_page_and_one_more_does_not(tmp_path):
    """PAGE_ROWS is 1,000: at 1,000 accounts no pager and no second page;
    at 1,001 the last account is alone on portfolio-2.html."""
    from accountkit.html import PAGE_ROWS  # noqa: PLC0415

    assert PAGE_ROWS == 1000
    written = render_site(_copies(1000), tmp_path / "a")
    assert not (tmp_path / "a/portfolio-2.html").exists()
    assert len(written) == 1001
    index = (tmp_path / "a/index.html").read_text("utf-8")
    assert 'id="page-span"' not in index
    assert 'data-where="' not in index
    written = render_site(_copies(1001), tmp_path / "b")
    assert [p.name for p in written[:2]] == ["index.html", "portfolio-2.html"]
    second = (tmp_path / "b/portfolio-2.html").read_text("utf-8")
    assert re.findall(r'data-account="(\w+)"', second) == ["fabrikam"]
    assert "Accounts 1,001 to 1,001 of 1,001" in second


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        (0, "expected at least 1, got 0"),
        (-1, "expected at least 1, got -1"),
        (True, "expected a whole number (an int), got bool True"),
        (1.5, "expected a whole number (an int), got float 1.5"),
    ],
)
def test_page_rows_must_be_a_whole_number_of_at_least_one(tmp_path, rows, said):
    with pytest.raises(ValidationError) as caught:
        render_site(sample_reviews(), tmp_path, page_rows=rows)
    assert str(caught.value) == f"render_site.page_rows: {said}"
