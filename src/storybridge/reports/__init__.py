"""Renderers of a coverage ``Status``: table, JSON, Markdown and HTML, all strings out."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storybridge.status.coverage import Status

FORMATS = ("table", "json", "markdown", "html")
"""The names ``storybridge status --format`` accepts, the default first."""


def renderer(name: str) -> Callable[[Status], str]:
    """The function that renders a status in format ``name``."""
    if name == "json":
        from storybridge.reports.jsonreport import render_json

        return render_json
    if name == "markdown":
        from storybridge.reports.markdown import render_markdown

        return render_markdown
    if name == "html":
        from storybridge.reports.html import render_html

        return render_html
    if name == "table":
        from storybridge.reports.table import render_table

        return render_table
    raise ValueError(f"unknown report format {name!r}")
