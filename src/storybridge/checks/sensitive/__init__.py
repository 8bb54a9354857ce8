"""Identifying details: the private list of sensitive terms, the built-in
detectors, and how findings are shown without being repeated."""

from storybridge.checks.sensitive.guard import (
    MASK,
    Guard,
    describe,
    masked_context,
    redact,
)
from storybridge.checks.sensitive.matcher import Hit, TermMatcher
from storybridge.checks.sensitive.terms import Entry, parse_list

__all__ = ["MASK", "Entry", "Guard", "Hit", "TermMatcher", "describe", "masked_context", "parse_list", "redact"]
