"""Renderers of a coverage ``Status``: table, JSON, Markdown and HTML, all strings out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storybridge.status.coverage import Coverage, Status

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


Streamer = Callable[["Status", Iterable[Sequence["Coverage"]]], Iterator[str]]
"""Renders a status in pieces: its totals from the first argument (whose
records may lack their findings and entry lists), each story's whole
records from the second, one story at a time."""


def streamer(name: str) -> Streamer:
    """The renderer of format ``name`` that holds one story's findings at
    a time (the HTML page, which lists every story twice, holds them all)."""
    if name == "json":
        from storybridge.reports.jsonreport import json_pieces

        return lambda summary, stories: json_pieces(summary, (record for records in stories for record in records))
    if name == "markdown":
        from storybridge.reports.markdown import markdown_pieces

        return markdown_pieces
    if name == "html":
        from storybridge.reports.html import render_html
        from storybridge.status.coverage import Status

        return lambda summary, stories: iter([render_html(Status(
            tuple(record for records in stories for record in records), summary.languages, summary.overall))])
    if name == "table":
        from storybridge.reports.table import table_lines

        return table_lines
    raise ValueError(f"unknown report format {name!r}")
