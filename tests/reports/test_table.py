"""The terminal table's styles, written without click (a stage module never imports it)."""

from __future__ import annotations

import itertools

import click
import pytest

from storybridge.reports.table import _COLOUR_CODES, _style


@pytest.mark.parametrize(
    ("fg", "bold", "dim"), list(itertools.product([None, *_COLOUR_CODES], [False, True], [False, True]))
)
def test_styles_are_the_bytes_click_style_writes(fg: str | None, bold: bool, dim: bool) -> None:
    """What ``click.echo`` strips from a pipe and a terminal shows are
    ``click.style``'s bytes: the table looks as it did when it called it."""
    assert _style("█ 3 stale", fg=fg, bold=bold, dim=dim) == click.style(
        "█ 3 stale", fg=fg, bold=bold or None, dim=dim or None
    )
    assert _style("", fg=fg, bold=bold, dim=dim) == ""
