"""The charts' geometry (issue 19): bars in proportion, on the right side of
zero, inside the picture, rows apart, text room enough; the strip's squares
side by side, one letter each."""

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from accountkit.html._charts import BAND_COLOURS, Bar, bar_chart, heat_strip

CHARACTER = 7
"""The width the charts allow a character of their 12 px text."""


def _numbers(svg: str, pattern: str) -> list[tuple[int, ...]]:
    """Return the numbers each match of ``pattern`` captures, as a tuple."""
    return [tuple(int(float(n)) for n in m.groups()) for m in re.finditer(pattern, svg)]


values = st.lists(
    st.tuples(
        st.integers(-(10**6), 10**6), st.text("abcdefghij ", min_size=1, max_size=20)
    ),
    min_size=1,
    max_size=8,
)


@given(values)
def test_bars_are_in_proportion_and_inside_the_picture(drawn):
    bars = [Bar(label, value, f"{value:,}") for value, label in drawn]
    svg = str(bar_chart(bars, title="t", describe="d"))
    ((width, height),) = _numbers(svg, r'viewBox="0 0 (\d+) (\d+)"')
    assert re.search(rf'width="{width}" height="{height}"', svg)
    rects = _numbers(svg, r'<rect x="(-?\d+)" y="(\d+)" width="(\d+)" height="(\d+)"')
    ((axis, _, axis_end, _),) = _numbers(
        svg, r'<line x1="(\d+)" y1="(\d+)" x2="(\d+)" y2="(\d+)"'
    )
    assert axis == axis_end
    top = max(abs(v) for v, _ in drawn)
    full = max(w for _, _, w, _ in rects)
    assert height == 26 * len(bars) + 8
    for (value, _), (x, y, w, h) in zip(drawn, rects, strict=True):
        assert 0 <= x <= x + w <= width
        assert y + h <= height
        if value < 0:
            assert x + w == axis
        else:
            assert x == axis
        if top:
            # in proportion to the largest, to a pixel
            assert abs(w - abs(value) / top * full) <= 1
        else:
            assert w == 0
    assert [y for _, y, _, _ in rects] == [7 + 26 * n for n in range(len(bars))]
    values_x = _numbers(svg, r'<text x="(\d+)" y="\d+" class="value">')
    for (value, _), (x, _, w, _), (text_x,) in zip(drawn, rects, values_x, strict=True):
        assert text_x == (x + w + 6 if value >= 0 else axis + 6)
        assert text_x + CHARACTER * len(f"{value:,}") <= width
    labels = _numbers(svg, r'<text x="(\d+)" y="\d+" text-anchor="end" class="label">')
    widest = max(len(label) for _, label in drawn)
    for (label_x,) in labels:
        assert CHARACTER * widest <= label_x < axis


def test_a_full_bar_is_the_scale_given():
    """Scores out of 100: 50 is half a full bar, whatever the largest."""
    svg = str(
        bar_chart(
            [Bar("a", 50.0, "50"), Bar("b", 25.0, "25")],
            title="t",
            describe="d",
            scale=100.0,
        )
    )
    widths = [
        w
        for _, _, w, _ in _numbers(
            svg, r'<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"'
        )
    ]
    assert widths == [160, 80]  # a full bar is 320 px
    assert 'fill="#1565c0"' in svg


def test_money_bars_are_measured_from_their_decimals():
    """GBP 333.33 and 666.67 of a scale of 1,000: 106.67 and 213.33 px,
    rounded to 107 and 213 (their lengths add up to the full 320 of their
    sum)."""
    svg = str(
        bar_chart(
            [Bar("a", Decimal("333.33"), "a"), Bar("b", Decimal("666.67"), "b")],
            title="t",
            describe="d",
            scale=Decimal(1000),
        )
    )
    widths = [
        w
        for _, _, w, _ in _numbers(
            svg, r'<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"'
        )
    ]
    assert widths == [107, 213]


def test_negative_bars_take_the_left_half_and_their_colour():
    svg = str(
        bar_chart(
            [Bar("up", 10, "10"), Bar("down", -10, "-10")], title="t", describe="d"
        )
    )
    rects = _numbers(svg, r'<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"')
    assert [w for _, _, w, _ in rects] == [160, 160]
    assert re.findall(r'fill="(#\w+)"', svg) == ["#1565c0", "#c62828"]


def test_the_strip_puts_squares_side_by_side_with_their_letters():
    cells = [
        ("Jan", "green", "a"),
        ("Feb", "amber", "b"),
        ("Mar", "red", "c"),
        ("Apr", None, "d"),
    ]
    svg = str(heat_strip(cells, title="t", describe="d"))
    ((width, height),) = _numbers(svg, r'viewBox="0 0 (\d+) (\d+)"')
    squares = _numbers(svg, r'<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"')
    assert [x for x, _, _, _ in squares] == [4, 42, 80, 118]
    assert all(w == h == 34 for _, _, w, h in squares)
    assert (width, height) == (4 + 38 * 4, 34 + 22)
    assert squares[-1][0] + 34 <= width
    assert re.findall(r'fill="(#\w+)"', svg) == [
        BAND_COLOURS["green"],
        BAND_COLOURS["amber"],
        BAND_COLOURS["red"],
        BAND_COLOURS[None],
    ]
    assert re.findall(r'class="cell">(.)</text>', svg) == ["G", "A", "R", "-"]
    centres = _numbers(
        svg, r'<text x="(\d+)" y="(\d+)" text-anchor="middle" class="cell">'
    )
    assert centres == [(x + 17, 24) for x, _, _, _ in squares]
    labels = _numbers(
        svg, r'<text x="(\d+)" y="(\d+)" text-anchor="middle" class="label">'
    )
    assert labels == [(x + 17, 50) for x, _, _, _ in squares]
    assert "<title>a</title>" in svg


def test_chart_text_is_escaped():
    svg = str(bar_chart([Bar("<b>&", 1, '"1"')], title="<t>", describe="<d>"))
    assert "<b>" not in svg
    assert "&lt;b&gt;&amp;" in svg
    assert "&lt;t&gt;" in svg
    assert "&lt;d&gt;" in svg
    assert "&#34;1&#34;" in svg
