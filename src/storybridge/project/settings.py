"""Loading a project's settings with every name checked against what exists."""

from __future__ import annotations

from pathlib import Path

from storybridge.checks.registry import CHECKS
from storybridge.config import Config, load_config


def load_project(root: Path) -> Config:
    """The settings of the content repository at ``root``; an unknown check
    in ``disabled_checks``, or an error check there, is refused."""
    return load_config(root, {name: check.severity for name, check in CHECKS.items()})
