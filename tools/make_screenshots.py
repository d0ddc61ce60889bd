"""Write the screenshots of the sample's pages the docs and the README show.

Renders the sample portfolio's site (as ``accountkit review --sample --html``
does) into a temporary folder and photographs its portfolio page and
Contoso's page with Debian's Chromium, headless, into ``docs/_static/``,
and, through selenium and Debian's chromium-driver, Contoso's stakeholders
(one section of its page).

Usage: python tools/make_screenshots.py  (needs /usr/bin/chromium)
"""

import subprocess
import tempfile
from datetime import date
from pathlib import Path

from accountkit.account import (
    PortfolioSummary,
    review_many,
    sample_portfolio,
    sample_rates,
)
from accountkit.html import render_site

OUT = Path(__file__).parent.parent / "docs" / "_static"
CHROMIUM = "/usr/bin/chromium"
DAY = date(2026, 6, 30)
SHOTS = (
    ("index.html", "site-portfolio.png", (1100, 900)),
    ("accounts/00002-contoso.html", "site-account.png", (1100, 3300)),
    ("index.html", "site-portfolio-phone.png", (390, 900)),
)


def main() -> None:
    """Render the site and photograph its pages."""
    reviews = review_many(sample_portfolio(), as_of=DAY)
    totals = PortfolioSummary.of(reviews).totals_in("EUR", rates=sample_rates())
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        render_site(reviews, folder, totals=totals)
        for page, name, (width, height) in SHOTS:
            profile = Path(folder) / f"profile-{name}"
            subprocess.run(
                [
                    CHROMIUM,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--hide-scrollbars",
                    f"--user-data-dir={profile}",
                    f"--window-size={width},{height}",
                    f"--screenshot={OUT / name}",
                    (Path(folder) / page).as_uri(),
                ],
                check=True,
                capture_output=True,
            )
            print(f"wrote {OUT / name}")
        _section(Path(folder) / "accounts/00002-contoso.html", "relationships")


def _section(page: Path, section: str) -> None:
    """Photograph one section of a page (selenium crops to the element)."""
    from selenium import webdriver  # noqa: PLC0415 - the test extra
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(flag)
    options.add_argument("--window-size=1100,900")
    driver = webdriver.Chrome(
        options=options, service=Service(executable_path="/usr/bin/chromedriver")
    )
    try:
        driver.get(page.as_uri())
        name = OUT / f"site-{section}.png"
        driver.find_element(By.ID, section).screenshot(str(name))
        print(f"wrote {name}")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
