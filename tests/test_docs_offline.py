"""The built documentation renders with no network and shows what it means.

The pages are those ``tools/check.py`` builds (its Sphinx gate runs before
pytest); when they are missing or older than the sources, they are built here.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BUILT = DOCS / "_build" / "html"


def _newest_source() -> float:
    sources = [*DOCS.rglob("*.md"), *DOCS.rglob("*.rst"), *DOCS.glob("*.py")]
    sources += (ROOT / "src").rglob("*.py")
    return max(p.stat().st_mtime for p in sources if "_build" not in p.parts)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    index = BUILT / "index.html"
    if index.exists() and index.stat().st_mtime >= _newest_source():
        return BUILT
    out = tmp_path_factory.mktemp("html")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(DOCS), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def test_no_page_loads_a_script_from_the_network(site):
    for page in _pages(site):
        remote = re.findall(r'<script[^>]+src="(https?:)?//[^"]*"', page.read_text())
        assert remote == [], page.name


def test_maths_is_served_from_the_site(site):
    page = (site / "howto-stakeholders.html").read_text()
    assert re.search(
        r'<script defer="defer" src="_static/mathjax/tex-chtml\.js[?"]', page
    )
    assert (site / "_static" / "mathjax" / "tex-chtml.js").stat().st_size > 100_000
    fonts = site / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2"
    assert len(list(fonts.glob("*.woff"))) >= 20


def test_no_page_shows_raw_dollar_maths(site):
    for page in _pages(site):
        text = page.read_text()
        body = re.sub(r"<(script|pre)\b.*?</\1>", "", text, flags=re.DOTALL)
        assert "$$" not in body, page.name


def test_no_signature_shows_an_attrs_internal(site):
    for page in _pages(site):
        text = page.read_text()
        assert "attr_dict[" not in text, page.name
        assert "= NOTHING" not in re.sub(r"<[^>]+>", "", text), page.name
