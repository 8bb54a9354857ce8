"""The command line: parse options, call one step of ``storybridge.project``, print its report.

One module per family of commands; importing them registers each on the
``main`` group, the console script's entry point.
"""

from __future__ import annotations

from storybridge.cli import editorial, pipeline, reports, setup
from storybridge.cli.base import PROGRESS_FROM, main

__all__ = ["PROGRESS_FROM", "main"]

del editorial, pipeline, reports, setup
