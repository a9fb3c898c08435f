"""Server-side SVG charts: valid XML, accessible, escaped labels, scalable."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.utils import translation

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"
NASTY = '<script>alert("x")</script> & Co'


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def assert_accessible(root: ET.Element, title: str) -> None:
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 ")
    title_element = root.find(f"{SVG}title")
    assert title_element is not None and title_element.text == title
    assert title_element.get("id") in root.get("aria-labelledby", "").split()


def test_bar_chart_is_valid_accessible_and_escapes_labels() -> None:
    svg = charts.bar_chart([(NASTY, 3), ("Niš", 12)], title="By <district>", chart_id="c1")
    root = parse(svg)
    assert_accessible(root, "By <district>")
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert NASTY in texts and "Niš" in texts
    assert "<script>" not in svg
    assert len(list(root.iter(f"{SVG}rect"))) == 2


def test_bar_chart_formats_numbers_per_locale() -> None:
    with translation.override("en"):
        english = charts.bar_chart([("a", 1234.5)], title="t", decimals=1)
    with translation.override("sr-latn"):
        serbian = charts.bar_chart([("a", 1234.5)], title="t", decimals=1)
    assert "1,234.5" in english
    assert "1.234,5" in serbian


def test_empty_charts_are_still_valid() -> None:
    parse(charts.bar_chart([], title="Nothing"))
    parse(charts.line_chart({}, title="Nothing"))
    parse(charts.funnel_chart([], title="Nothing"))


def test_line_chart_draws_one_line_per_series_with_a_legend() -> None:
    months = [dt.date(2025, month, 1) for month in (1, 2, 3)]
    svg = charts.line_chart(
        {"Reached": list(zip(months, [1, 5, 2], strict=True)), NASTY: [(m, 0) for m in months]},
        title="Per month",
    )
    root = parse(svg)
    assert_accessible(root, "Per month")
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert NASTY in [element.text for element in root.iter(f"{SVG}text")]


def test_funnel_chart_shows_each_stage_and_its_count() -> None:
    svg = charts.funnel_chart([("Suggested", 100), ("Proposed", 40)], title="Funnel")
    root = parse(svg)
    assert_accessible(root, "Funnel")
    texts = [element.text or "" for element in root.iter(f"{SVG}text")]
    assert texts[0].startswith("Suggested: 100")
    assert texts[1].startswith("Proposed: 40 (40")
