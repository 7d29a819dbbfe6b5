"""``{{ value|safe_href }}``: a stored link a page may put in an href, or nothing."""

from __future__ import annotations

from django import template

from trellis.org.validation import safe_link

register = template.Library()


@register.filter
def safe_href(value: str | None) -> str:
    """The link when it is http, https or mailto (or a path on this site), else "".

    Links are checked when saved; this guards values stored before that check existed.
    """
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return safe_link(value)
