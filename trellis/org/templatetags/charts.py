"""``{% chart some_chart %}``: a chart from :mod:`trellis.org.svgcharts`, with its data table
behind a "Show data" toggle (a ``<details>``, so no script is needed)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import mark_safe

from trellis.org.svgcharts import Chart

register = template.Library()


@register.inclusion_tag("org/_chart.html")
def chart(value: Chart | None, caption: str = "") -> dict[str, Any]:
    if value is None:  # a page may pass a chart it only draws sometimes
        return {"chart": None}
    # The SVG is built from escaped text only (svgcharts escapes every label it writes).
    return {"chart": value, "svg": mark_safe(value.svg), "caption": caption}  # noqa: S308
