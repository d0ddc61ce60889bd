"""Charts as inline SVG, written by hand: small, crisp, and text underneath.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>``
that says in words what the bars show (for a screen reader, and for a
printed page without colour), and every bar carries its value as text. No
script, no external font, nothing fetched: a page that holds one opens from
``file://``. Every text that reaches a chart is escaped here, whatever its
source.
"""

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

from markupsafe import Markup, escape

__all__ = ["ATTITUDE_COLOURS", "BAND_COLOURS", "Bar", "bar_chart", "heat_strip"]

BAND_COLOURS: Final = {
    "green": "#2e7d32",
    "amber": "#b26a00",
    "red": "#c62828",
    None: "#757575",
}
"""Bar colours by band (dark enough for white text); grey for no band."""
ATTITUDE_COLOURS: Final = {
    "champion": "#1b5e20",
    "supporter": "#558b2f",
    "neutral": "#757575",
    "skeptic": "#b26a00",
    "blocker": "#c62828",
}
"""Bar colours by attitude, champion green to blocker red (each at least 3:1
against the white page; the attitude is also written beside each bar)."""
_NEGATIVE: Final = "#c62828"
_POSITIVE: Final = "#1565c0"
_ROW: Final = 26
_SPAN: Final = 320
"""The length of a full bar (half each side of zero with negative bars)."""
_CHARACTER: Final = 7
"""About the width of a character of the charts' 12 px text."""


class Bar:
    """One bar: its label, its value, the text shown for it, and its colour.

    Money stays a Decimal (a score is a float): the bar's length is worked
    out exactly, with fractions, and only its pixels are rounded.
    """

    __slots__ = ("colour", "label", "shown", "value")

    def __init__(
        self,
        label: str,
        value: Decimal | float,
        shown: str,
        colour: str | None = None,
    ) -> None:
        self.label = label
        self.value = value
        self.shown = shown
        self.colour = colour


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    describe: str,
    scale: Decimal | float | None = None,
) -> Markup:
    """Return horizontal bars as SVG; negative values grow to the left of zero.

    ``scale`` is the value a full bar stands for (default: the largest
    magnitude among the bars); ``describe`` is the chart's text alternative.
    """
    sizes = [Fraction(b.value) for b in bars]
    top = Fraction(scale) if scale is not None else max(map(abs, sizes), default=0)
    negative = any(b.value < 0 for b in bars)
    # room for the longest label on the left and the longest value on the right
    label = _CHARACTER * max((len(b.label) for b in bars), default=0) + 16
    value = _CHARACTER * max((len(b.shown) for b in bars), default=0) + 12
    width = label + _SPAN + value
    zero = label + (_SPAN // 2 if negative else 0)
    room = _SPAN // 2 if negative else _SPAN
    height = _ROW * len(bars) + 8
    parts = [
        (
            f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" '
            f'aria-label="{escape(title)}">'
        ),
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(describe)}</desc>",
    ]
    for row, (bar, size) in enumerate(zip(bars, sizes, strict=True)):
        y = 4 + row * _ROW
        length = 0 if not top else round(abs(size) / top * room)
        x = zero - length if bar.value < 0 else zero
        colour = bar.colour or (_NEGATIVE if bar.value < 0 else _POSITIVE)
        text_x = zero + (length if bar.value >= 0 else 0) + 6
        parts += [
            (
                f'<text x="{label - 8}" y="{y + 16}" text-anchor="end" '
                f'class="label">{escape(bar.label)}</text>'
            ),
            (
                f'<rect x="{x}" y="{y + 3}" width="{length}" height="{_ROW - 8}" '
                f'fill="{colour}"><title>{escape(bar.label)}: '
                f"{escape(bar.shown)}</title></rect>"
            ),
            f'<text x="{text_x}" y="{y + 16}" class="value">{escape(bar.shown)}</text>',
        ]
    parts.append(
        f'<line x1="{zero}" y1="2" x2="{zero}" y2="{height - 2}" class="axis"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def heat_strip(
    cells: Sequence[tuple[str, str | None, str]], *, title: str, describe: str
) -> Markup:
    """Return a row of squares, one a period: its label, band and tooltip.

    Each square carries its band's letter (G, A, R, or - for nothing
    measured) as well as its colour, so the strip reads in print and for a
    colour-blind reader.
    """
    size, gap = 34, 4
    width = (size + gap) * len(cells) + gap
    height = size + 22
    letters = {"green": "G", "amber": "A", "red": "R", None: "-"}
    parts = [
        (
            f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" aria-label="{escape(title)}">'
        ),
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(describe)}</desc>",
    ]
    for index, (label, band, tip) in enumerate(cells):
        x = gap + index * (size + gap)
        parts += [
            (
                f'<rect x="{x}" y="2" width="{size}" height="{size}" rx="3" '
                f'fill="{BAND_COLOURS.get(band, BAND_COLOURS[None])}">'
                f"<title>{escape(tip)}</title></rect>"
            ),
            (
                f'<text x="{x + size // 2}" y="{size // 2 + 7}" text-anchor="middle" '
                f'class="cell">{letters.get(band, "-")}</text>'
            ),
            (
                f'<text x="{x + size // 2}" y="{size + 16}" text-anchor="middle" '
                f'class="label">{escape(label)}</text>'
            ),
        ]
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
