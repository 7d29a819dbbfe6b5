"""A small, safe Markdown for pages HR writes (orientation): text in, sanitised HTML out.

Every character of the source is HTML-escaped first; only then are the few marks turned into
tags this module writes itself, so no tag or attribute of the author's reaches the page.
Understood: ``#``/``##``/``###`` headings, paragraphs (blank line between), ``-``/``*`` and
``1.`` lists, ``**bold**``, ``*italic*``, ```code``` and ``[text](https://...)`` links (http
and https only; any other link stays as plain text).
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from trellis.org.validation import web_link_error

_LINK = re.compile(r"\[([^\]\n]{1,200})\]\(([^)\s]{1,200})\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])")
_CODE = re.compile(r"`([^`\n]+)`")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")


def _link(match: re.Match[str]) -> str:
    text, url = match.group(1), match.group(2)
    # The URL was escaped with the rest: undo only the ampersand for the check.
    if web_link_error(url.replace("&amp;", "&")):
        return match.group(0)
    return f'<a href="{url}" rel="noopener noreferrer">{text}</a>'


def _inline(escaped: str) -> str:
    text = _CODE.sub(r"<code>\1</code>", escaped)
    text = _LINK.sub(_link, text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _ITALIC.sub(r"<em>\1</em>", text)


def _block(lines: list[str]) -> str:
    if all(_BULLET.match(line) for line in lines):
        items = "".join(f"<li>{_inline(_BULLET.match(li).group(1))}</li>" for li in lines)  # type: ignore[union-attr]
        return f"<ul>{items}</ul>"
    if all(_NUMBER.match(line) for line in lines):
        items = "".join(f"<li>{_inline(_NUMBER.match(li).group(1))}</li>" for li in lines)  # type: ignore[union-attr]
        return f"<ol>{items}</ol>"
    heading = _HEADING.match(lines[0])
    if heading and len(lines) == 1:
        # Page headings start at h2: the page title is the h1.
        level = len(heading.group(1)) + 1
        return f"<h{level}>{_inline(heading.group(2).strip())}</h{level}>"
    return "<p>" + "<br>".join(_inline(line.strip()) for line in lines) + "</p>"


def render_markdown(source: str) -> SafeString:
    """The sanitised HTML of ``source`` (see the module docstring for what is understood)."""
    escaped = escape(source.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in escaped.split("\n"):
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
        elif _HEADING.match(line):
            if current:
                blocks.append(current)
            blocks.append([line])
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return mark_safe("\n".join(_block(b) for b in blocks))  # noqa: S308 - escaped above
