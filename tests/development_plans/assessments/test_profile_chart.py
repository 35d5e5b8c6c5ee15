"""The profile chart is well-formed, accessible SVG that escapes every piece of text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from development_plans.assessments.profile_chart import (
    ChartRow,
    ProfileTableRow,
    change_text,
    profile_chart_svg,
    profile_table_rows,
)

SVG = "{http://www.w3.org/2000/svg}"
LEVELS = ["Insufficient", "Essential", "Proficient", "Strong", "Exemplary"]
HOSTILE = "<script>alert(1)</script> & \"x\" 'y'"
ROWS = [
    ChartRow("Inspiring shared purpose", 2),
    ChartRow("Leading with care", 0),
    ChartRow("Evaluating information", 4),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 -- our own output, the very thing under test


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if name in el.get("class", "").split()]


def all_text(element: ET.Element) -> str:
    return "".join(element.itertext())


def name_text(label: ET.Element) -> str:
    """A wrapped dimension name: its lines joined back with spaces."""
    return " ".join(span.text or "" for span in label.iter(f"{SVG}tspan"))


def texts(root: ET.Element) -> list[str]:
    return [all_text(el) for el in root.iter(f"{SVG}text")]


def test_parses_as_svg_with_one_bar_per_row_and_no_overlay():
    root = parse(profile_chart_svg(ROWS, LEVELS, "Your profile"))
    assert root.tag == f"{SVG}svg"
    assert len(by_class(root, "bar-current")) == 3
    assert len(by_class(root, "row")) == 3
    assert by_class(root, "bar-previous") == []
    assert by_class(root, "legend-item") == []
    assert root.find(f"{SVG}defs") is None


def test_bar_length_follows_the_rank():
    root = parse(profile_chart_svg(ROWS, LEVELS, "Your profile"))
    widths = [float(bar.get("width")) for bar in by_class(root, "bar-current")]
    assert widths[1] < widths[0] < widths[2]
    assert widths[1] > 0  # below the lowest level still shows a (short) bar
    # Bars are proportional to rank + 1: equal-width bands from Insufficient to the top.
    assert widths[0] == pytest.approx(widths[1] * 3)
    assert widths[2] == pytest.approx(widths[1] * 5)


def test_each_bar_ends_with_its_level_name_and_every_level_is_a_tick():
    root = parse(profile_chart_svg(ROWS, LEVELS, "Your profile"))
    assert [all_text(el) for el in by_class(root, "bar-label")] == [
        "Proficient",
        "Insufficient",
        "Exemplary",
    ]
    assert [all_text(el) for el in by_class(root, "tick")] == LEVELS
    names = [name_text(el) for el in by_class(root, "dimension-name")]
    assert names == [row.name for row in ROWS]


def test_accessible_name_and_description():
    root = parse(profile_chart_svg(ROWS, LEVELS, "Your leadership profile"))
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    assert len(ids) == 2
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert [title.get("id"), desc.get("id")] == ids
    assert title.text == "Your leadership profile"
    assert "Leading with care: Insufficient." in desc.text
    assert "Evaluating information: Exemplary." in desc.text
    assert "from Insufficient to Exemplary" in desc.text


def test_scales_and_uses_no_external_resources_or_scripts():
    svg = profile_chart_svg(ROWS, LEVELS, "Profile", previous_label="Last year")
    root = parse(svg)
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert root.find(f".//{SVG}script") is None
    assert root.find(f".//{SVG}image") is None
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "href" not in svg
    assert "style" not in svg and "<script" not in svg
    assert not any(attr.startswith("on") for el in root.iter() for attr in el.attrib)


def test_hostile_text_is_escaped_everywhere():
    svg = profile_chart_svg(
        [ChartRow(HOSTILE, 1, 0)],
        [f"{HOSTILE} below", "Level & <one>"],
        f"Title {HOSTILE}",
        previous_label=f"Prev {HOSTILE}",
        current_label=f"Now {HOSTILE}",
    )
    assert "<script>" not in svg
    assert "</script>" not in svg
    root = parse(svg)
    assert root.find(f".//{SVG}script") is None
    assert name_text(by_class(root, "dimension-name")[0]) == HOSTILE
    assert all_text(root.find(f"{SVG}title")) == f"Title {HOSTILE}"
    assert HOSTILE in root.find(f"{SVG}desc").text
    shown = texts(root)
    assert f"Now {HOSTILE}" in shown
    assert f"Prev {HOSTILE}" in shown
    assert "Level & <one>" in shown
    assert f"{HOSTILE} below" in shown


def test_previous_overlay_and_legend_only_when_given():
    rows = [ChartRow("A", 3, 1), ChartRow("B", 2, None), ChartRow("C", 0, 4)]
    root = parse(profile_chart_svg(rows, LEVELS, "Profile", previous_label="March 2025"))
    previous = by_class(root, "bar-previous")
    assert len(previous) == 2
    assert len(by_class(root, "bar-current")) == 3
    assert [all_text(el) for el in by_class(root, "bar-label-previous")] == [
        "Essential",
        "Exemplary",
    ]
    current_widths = [float(bar.get("width")) for bar in by_class(root, "bar-current")]
    previous_widths = [float(bar.get("width")) for bar in previous]
    assert previous_widths[0] < current_widths[0]
    assert previous_widths[1] > current_widths[2]
    # The previous bar is thinner and outlined, not only a different colour.
    assert all(
        float(p.get("height")) < float(c.get("height"))
        for p, c in zip(previous, by_class(root, "bar-current"), strict=False)
    )
    assert all(p.get("stroke") == "#4c6272" for p in previous)
    legend = [all_text(el) for el in by_class(root, "legend-item")]
    assert legend == ["This assessment", "March 2025"]
    # The hatch pattern referenced by the bars exists.
    pattern_id = previous[0].get("fill")[len("url(#") : -1]
    assert root.find(f".//{SVG}pattern[@id='{pattern_id}']") is not None
    assert "A: Strong (March 2025: Essential)." in root.find(f"{SVG}desc").text


def test_previous_label_defaults_when_ranks_are_given_without_one():
    root = parse(profile_chart_svg([ChartRow("A", 1, 2)], LEVELS, "Profile"))
    assert [all_text(el) for el in by_class(root, "legend-item")] == [
        "This assessment",
        "Previous assessment",
    ]


def test_a_previous_label_alone_draws_no_overlay():
    root = parse(profile_chart_svg(ROWS, LEVELS, "Profile", previous_label="March 2025"))
    assert by_class(root, "bar-previous") == []
    assert by_class(root, "legend-item") == []


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(hex_colour) + 0.05)


def test_colours_contrast_with_white():
    root = parse(profile_chart_svg([ChartRow("A", 1, 2)], LEVELS, "Profile"))
    bar = by_class(root, "bar-current")[0]
    previous = by_class(root, "bar-previous")[0]
    assert bar.get("fill") == "#005eb8"
    assert _contrast_with_white(bar.get("fill")) >= 3
    assert _contrast_with_white(previous.get("stroke")) >= 3
    # Text (inherited from the root or set on the element) meets the 4.5:1 text threshold.
    for el in root.iter(f"{SVG}text"):
        colour = el.get("fill") or root.get("fill")
        assert _contrast_with_white(colour) >= 4.5


def test_ids_can_be_prefixed_for_several_charts_on_one_page():
    root = parse(profile_chart_svg([ChartRow("A", 1, 2)], LEVELS, "P", id_prefix="cycle-2"))
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert ids and all(i.startswith("cycle-2-") for i in ids)
    with pytest.raises(ValueError):
        profile_chart_svg(ROWS, LEVELS, "P", id_prefix='x" onload="alert(1)')


def test_ranks_outside_the_scale_are_rejected():
    with pytest.raises(ValueError):
        profile_chart_svg([ChartRow("A", 5)], LEVELS, "P")
    with pytest.raises(ValueError):
        profile_chart_svg([ChartRow("A", 1, -1)], LEVELS, "P")
    with pytest.raises(ValueError):
        profile_chart_svg([ChartRow("A", 0)], ["Only"], "P")


def test_empty_profile_still_renders():
    root = parse(profile_chart_svg([], LEVELS, "Nothing yet"))
    assert by_class(root, "bar-current") == []
    assert [all_text(el) for el in by_class(root, "tick")] == LEVELS


def test_long_names_wrap_onto_several_lines():
    name = "Developing capability across a very large and complicated organisation"
    root = parse(profile_chart_svg([ChartRow(name, 1)], LEVELS, "P"))
    label = by_class(root, "dimension-name")[0]
    lines = [span.text for span in label.iter(f"{SVG}tspan")]
    assert len(lines) > 1
    assert " ".join(lines) == name


def test_table_rows_carry_the_same_data():
    rows = profile_table_rows(
        [ChartRow("A", 3, 1), ChartRow("B", 2, None), ChartRow("C", 0, 1)], LEVELS
    )
    assert rows == [
        ProfileTableRow("A", "Strong", "Essential", 2, "Up 2 levels"),
        ProfileTableRow("B", "Proficient", None, None, None),
        ProfileTableRow("C", "Insufficient", "Essential", -1, "Down 1 level"),
    ]
    assert change_text(0) == "No change"
    assert change_text(1) == "Up 1 level"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(max_size=40), st.integers(0, 3), st.none() | st.integers(0, 3)),
        max_size=6,
    ),
    st.text(max_size=30),
)
def test_any_text_gives_well_formed_svg(rows, title):
    chart_rows = [ChartRow(name, current, previous) for name, current, previous in rows]
    root = parse(profile_chart_svg(chart_rows, LEVELS[:4], title))
    assert len(by_class(root, "bar-current")) == len(rows)
    assert len(by_class(root, "bar-previous")) == sum(p is not None for _, _, p in rows)
    xml_safe = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    for row, label in zip(chart_rows, by_class(root, "dimension-name"), strict=True):
        spans = [span.text or "" for span in label.iter(f"{SVG}tspan")]
        # Wrapping only splits at whitespace (or inside over-long words); nothing is lost.
        assert "".join("".join(spans).split()) == xml_safe.sub("", "".join(row.name.split()))


def test_a_long_legend_label_widens_the_chart_instead_of_being_clipped():
    rows = [ChartRow(name="Leading with care", current_rank=2, previous_rank=1)]
    levels = ["Insufficient", "Essential", "Proficient", "Strong", "Exemplary"]

    def view_width(label: str) -> float:
        svg = profile_chart_svg(rows, levels, "Profile", previous_label=label)
        return float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))

    short, long = view_width("May"), view_width("Self-assessment of 14 March 2026 " * 4)
    assert long > short + 400
