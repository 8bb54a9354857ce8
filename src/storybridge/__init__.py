"""storybridge: Markdown stories to gettext catalogs and back, losslessly."""

from __future__ import annotations

__version__ = "0.1.0"
