"""The guard: the private list and the detectors behind one ``scan``, and
the two ways a finding is shown without being repeated (``redact``,
``masked_context``)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from storybridge.checks.sensitive.as_read import as_read, may_hide
from storybridge.checks.sensitive.detectors import detect
from storybridge.checks.sensitive.matcher import Hit, TermMatcher
from storybridge.checks.sensitive.terms import Entry

MASK = "████"
"""What stands in place of every finding in messages, reports and logs."""
CONTEXT = 24
"""Characters of masked context shown on each side of a finding."""


@dataclass(frozen=True)
class Guard:
    """What is sensitive in this project: the private list's entries and
    the public contacts the detectors let pass. Picklable: worker processes
    get the entries and compile their own matcher on first use."""

    entries: tuple[Entry, ...] = ()
    """The private list, in file order."""
    allowed: tuple[str, ...] = ()
    """The organisation's own public contacts (site, handle, address):
    a detected contact inside one of these is not a finding."""
    _compiled: list[TermMatcher] = field(default_factory=list, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {"entries": self.entries, "allowed": self.allowed}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "entries", state["entries"])
        object.__setattr__(self, "allowed", state["allowed"])
        object.__setattr__(self, "_compiled", [])

    def __repr__(self) -> str:
        # Never print the entries: a repr lands in tracebacks and logs.
        return f"Guard({len(self.entries)} private entries, {len(self.allowed)} allowed contacts)"

    def digest(self) -> str:
        """A digest of the list and the allowed contacts, for the build's
        cache: a changed list rebuilds every story. Never the entries."""
        import hashlib

        return hashlib.sha256(repr((self.entries, self.allowed)).encode("utf-8")).hexdigest()

    @property
    def matcher(self) -> TermMatcher:
        if not self._compiled:
            self._compiled.append(TermMatcher(self.entries))
        return self._compiled[0]

    def scan(self, text: str) -> list[Hit]:
        """Every finding in ``text``: private entries first, then details,
        each in order of position."""
        if not text:
            return []
        found = self._scan_as_written(text, self.allowed)
        if may_hide(text):
            # What was found as written is masked first: what the reading finds then is hidden.
            masked = redact(text, found) if found else text
            # Only the paragraphs that may hide something are read again (a page holds many).
            # Each with the paragraph before it, which may say what it is (``微信号：``).
            paragraphs = masked.split("\n\n")
            pieces = [
                "\n\n".join(paragraphs[max(0, number - 1) : number + 1])
                for number, paragraph in enumerate(paragraphs) if may_hide(paragraph)
            ] if len(paragraphs) > 1 else [masked]
            allowed = tuple(as_read(contact) for contact in self.allowed)
            labels: dict[str, None] = {}
            for piece in pieces:
                read = as_read(piece)
                if read != piece:
                    labels.update(dict.fromkeys(hit.label for hit in self._scan_as_written(read, allowed)))
            if self.entries and found:
                # Masking a short entry (a given name) may cut a longer one it is part of: the
                # entries are also read in the text unmasked, and one found more often there is hidden.
                written = Counter(hit.label for hit in found)
                read_entries = Counter(hit.label for hit in self.matcher.find(as_read(text)))
                labels.update(dict.fromkeys(label for label, count in read_entries.items() if count > written[label]))
            # Its offsets are not the text's, and a finding there may be one the text hides
            # beside another of its kind: the whole text is the finding.
            found += [Hit(0, len(text), label) for label in labels]
        return found

    def _scan_as_written(self, text: str, allowed: tuple[str, ...]) -> list[Hit]:
        found = self.matcher.find(text) if self.entries else []
        details = detect(text)
        if details and allowed:
            details = [hit for hit in details if not _allowed(text, hit, allowed)]
        return found + details

    def redact(self, text: str) -> str:
        """``text`` with every finding replaced by ``MASK``; a quotation or
        link that holds one only once its escapes are read (a check's
        message quotes ``'Byeon\\tSora'`` or a percent-encoded address) is
        masked whole."""
        if "\\" in text or "%" in text:
            text = _QUOTED.sub(lambda quoted: MASK if self._hides(quoted.group()) else quoted.group(), text)
        return redact(text, self.scan(text))

    def _hides(self, quoted: str) -> bool:
        unescaped = unescape_quoted(quoted)
        return unescaped != quoted and bool(self.scan(unescaped))


_QUOTED = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|https?://[^\s'"<>]+""")
"""A quotation as ``repr`` writes one, or a link: what a message quotes."""


def mask_quotations(message: str) -> str:
    """``message`` with every quotation and link masked whole: for the other
    checks' messages about an entry that holds a finding, whose quotes may be
    cut short or escaped where the finding no longer reads as one."""
    return _QUOTED.sub(MASK, message)


def unescape_quoted(quoted: str) -> str:
    """A quotation's text with its backslash escapes read and any
    percent-encoding decoded (a quoted link), or a link's decoded."""
    from urllib.parse import unquote

    text = quoted
    if quoted.startswith(("'", '"')):
        text = quoted[1:-1]
        if "\\" in text:
            try:
                text = text.encode("latin-1", "backslashreplace").decode("unicode_escape")
            except (UnicodeDecodeError, ValueError):
                pass
    return unquote(text) if "%" in text else text


def _allowed(text: str, hit: Hit, allowed: tuple[str, ...]) -> bool:
    """True when the detail found ends inside one of the allowed contacts
    (``telegram @ourorg`` when ``@ourorg`` is allowed)."""
    lowered = text.lower()
    for contact in allowed:
        for match in re.finditer(re.escape(contact.lower()), lowered):
            if match.start() < hit.end and hit.end <= match.end():
                return True
    return False


def redact(text: str, hits: list[Hit]) -> str:
    """``text`` with the spans of ``hits`` replaced by ``MASK`` (overlapping
    spans merged)."""
    pieces: list[str] = []
    position = 0
    for hit in sorted(hits):
        if hit.end <= position:
            continue
        pieces.append(text[position : max(position, hit.start)])
        pieces.append(MASK)
        position = hit.end
    pieces.append(text[position:])
    return "".join(pieces)


def masked_context(text: str, hits: list[Hit], hit: Hit) -> str:
    """A few characters either side of ``hit``, every finding masked, on
    one line: ``…we met ████ at the…``. A mask cut by the window is left
    out, not shown in part."""
    before = re.sub(r"\s+", " ", redact(text[: hit.start], [h for h in hits if h.end <= hit.start]))
    after = re.sub(r"\s+", " ", redact(text, hits)[len(redact(text[: hit.end], [h for h in hits if h.start < hit.end])) :])
    left = ("…" + before[-CONTEXT:].lstrip("█")) if len(before) > CONTEXT else before
    right = (after[:CONTEXT].rstrip("█") + "…") if len(after) > CONTEXT else after
    return f"{left}{MASK}{right}"


def describe(text: str, hits: list[Hit]) -> list[str]:
    """One message per finding: what it is and where, never what it says."""
    return [f"{hit.label}: {masked_context(text, hits, hit)}" for hit in hits]
