"""What the HTML tests share: the sample's site, and an account whose text is hostile."""

import functools
from datetime import date
from pathlib import Path

import attrs

from accountkit.account import AccountReview, review, review_many, sample_portfolio
from accountkit.relationships import Attitude

DAY = date(2026, 6, 30)
INJECTED = "<script>window.__pwned = 1</script>"
"""A stakeholder's name from a CRM: it must render as text and never run."""
QUOTED = 'Acme "Rapid" & <Sons>'


def hostile() -> AccountReview:
    """Northwind renamed ``QUOTED``, its skeptic renamed ``INJECTED`` and made a
    blocker, so that the name reaches a flag."""
    northwind = sample_portfolio()[0]
    stakeholders = northwind.stakeholders
    people = tuple(
        attrs.evolve(p, name=INJECTED, attitude=Attitude.BLOCKER)
        if p.id == "jonas"
        else p
        for p in stakeholders.stakeholders
    )
    changed = attrs.evolve(
        northwind,
        name=QUOTED,
        stakeholders=attrs.evolve(stakeholders, stakeholders=people),
    )
    return review(changed, as_of=DAY)


@functools.cache
def sample_reviews() -> tuple[AccountReview, ...]:
    return tuple(review_many(sample_portfolio(), as_of=DAY))


def pages(folder: Path) -> dict[str, str]:
    """Return every page of a site by its path under ``folder``."""
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*.html"))
    }
