"""storybridge: Markdown stories to gettext catalogs and back, losslessly.

The public API is what a script or a site build calls; every other name
is private by convention, whatever its spelling. For example::

    from pathlib import Path
    import storybridge

    config = storybridge.load_project(Path("."))
    storybridge.sync(config)
    status, _ = storybridge.read_status(config)
    report = storybridge.check_project(config)

The names load on first use (PEP 562), so ``import storybridge`` stays
cheap for the worker processes, which import only the stage they run.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_PUBLIC = {
    "Config": "storybridge.config",
    "StoryError": "storybridge.errors",
    "load_project": "storybridge.project.settings",
    "Steps": "storybridge.project.tasks",
    "Report": "storybridge.project.steps",
    "extract": "storybridge.project.pipeline",
    "update": "storybridge.project.pipeline",
    "build": "storybridge.project.pipeline",
    "sync": "storybridge.project.pipeline",
    "read_status": "storybridge.project.status",
    "check_project": "storybridge.project.check",
    "CheckReport": "storybridge.project.check",
}

__all__ = [
    "__version__",
    "Config",
    "StoryError",
    "load_project",
    "Steps",
    "Report",
    "extract",
    "update",
    "build",
    "sync",
    "read_status",
    "check_project",
    "CheckReport",
]

if TYPE_CHECKING:
    from storybridge.config import Config
    from storybridge.errors import StoryError
    from storybridge.project.check import CheckReport, check_project
    from storybridge.project.pipeline import build, extract, sync, update
    from storybridge.project.settings import load_project
    from storybridge.project.status import read_status
    from storybridge.project.steps import Report
    from storybridge.project.tasks import Steps


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'storybridge' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
