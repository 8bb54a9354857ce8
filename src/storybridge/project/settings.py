"""Loading a project's settings with every name checked against what exists."""

from __future__ import annotations

from pathlib import Path

from storybridge.config import Config, load_config


def load_project(root: Path) -> Config:
    """The settings of the content repository at ``root``; an unknown check
    in ``disabled_checks``, or an error check there, is refused. The check
    registry (a third of a second to import) loads only to judge such a
    list: a no-op sync never needs it."""
    config = load_config(root)
    if not config.disabled_checks:
        return config
    from storybridge.checks.registry import CHECKS

    return load_config(root, {name: check.severity for name, check in CHECKS.items()})
