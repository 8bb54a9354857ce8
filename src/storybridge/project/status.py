"""The ``status`` step: read every story's catalogs across the workers and
measure them; ``reports/`` renders what comes out, ``status.coverage`` counts."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.project.check import finding_from_data, finding_to_data, select_checks
from storybridge.project.editor_cache import Plan, Stamped, cached_map, fingerprint, from_data, report_tally, to_data
from storybridge.project.glossary import read_project_glossary
from storybridge.project.sensitive import load_guard
from storybridge.project.verdicts import LazyCatalog, StoryVerdicts, Tally
from storybridge.status.coverage import Coverage, Pending, Status, summarize
from storybridge.status.judgement import Judgement
from storybridge.status.words import DiffPart

if TYPE_CHECKING:  # the stages that judge a story load in the processes that judge one
    from storybridge.checks.glossary import Glossary
    from storybridge.checks.pseudonym import Pseudonyms
    from storybridge.checks.sensitive import Guard
    from storybridge.model import StoryCatalogs
    from storybridge.project.steps import Report


def read_status(
    config: Config,
    languages: tuple[str, ...] = (),
    slugs: tuple[str, ...] = (),
    details: bool = True,
    checks: bool = True,
    jobs: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Status, Report]:
    """The coverage of every story (or those in ``slugs``) in ``languages``
    (default: every configured one), with notes from reading them.

    Stories are read and measured one at a time, spread over ``jobs``
    worker processes (0: one per core), and only their counts are kept,
    plus, with ``details``, the entries to review and to translate (the
    HTML page lists them). ``progress`` hears (stories done, stories in
    all) as they finish. With ``checks``, each record also lists the
    findings that ``storybridge check`` would report (with the project's
    settings). Every record holds the publishing decision the build would
    make; a catalog that cannot be read is marked blocked and its one-line
    error goes to ``Report.errors``. Every record is held at once:
    ``spool_status`` holds one story at a time.

    A story none of whose files changed since the last run (and with the
    same settings, glossary, private list and options) is not read again:
    its records come from ``.storybridge/status.jsonl`` (``project.editor_cache``),
    and a changed catalog re-runs only the checks whose verdicts on its
    entries are not remembered (``project.verdicts``)."""
    from storybridge.project.steps import Report

    report = Report()
    records: list[Coverage] = []
    for coverage in _each_story(config, report, languages, slugs, details, checks, jobs, progress):
        records.extend(coverage)
    return summarize(records, config.languages), report


class Spooled:
    """A status whose records wait in a temporary file, one story at a
    time, while only their counts stay in memory: what the renderers
    need first (the totals) comes before what they need last (each
    story's findings), and 10,000 stories' findings do not fit at once."""

    def __init__(self, summary: Status, report: Report, spool: IO[bytes]) -> None:
        self.summary = summary
        """The totals, and every record without its findings and entry lists."""
        self.report = report
        self._spool = spool

    def stories(self) -> Iterator[list[Coverage]]:
        """Each story's records, whole, in slug and language order."""
        import pickle

        self._spool.seek(0)
        while True:
            try:
                yield _decode(pickle.load(self._spool))[1]
            except EOFError:
                return

    def close(self) -> None:
        self._spool.close()


def spool_status(
    config: Config,
    languages: tuple[str, ...] = (),
    slugs: tuple[str, ...] = (),
    details: bool = True,
    checks: bool = True,
    jobs: int = 0,
    progress: Callable[[int, int], None] | None = None,
    seen: Callable[[Path, str, bytes | None], None] | None = None,
) -> Spooled:
    """``read_status``, holding one story's findings at a time: each
    story's records go to an anonymous file in ``.storybridge/`` (in
    memory when it cannot be made) as they come. ``seen`` hears each
    story with its stamps (``project.output_cache``)."""
    import pickle
    import tempfile

    from storybridge.project.steps import Report

    report = Report()
    try:
        state = config.root / ".storybridge"
        state.mkdir(exist_ok=True)
        spool: IO[bytes] = tempfile.TemporaryFile(dir=state, prefix=".status-spool-")
    except OSError:
        spool = io.BytesIO()
    order = {language: index for index, language in enumerate(config.languages)}
    light: list[Coverage] = []
    try:
        for coverage in _each_story(config, report, languages, slugs, details, checks, jobs, progress, seen):
            coverage = sorted(coverage, key=lambda r: (order.get(r.language, len(order)), r.language))
            # As plain lists (the results cache's form): pickling the dataclasses themselves is slower.
            pickle.dump(_encode(([], coverage)), spool, protocol=pickle.HIGHEST_PROTOCOL)
            light.extend(replace(record, findings=(), fuzzy_entries=(), untranslated_entries=()) for record in coverage)
    except BaseException:
        spool.close()
        raise
    return Spooled(summarize(light, config.languages), report, spool)


def _each_story(
    config: Config,
    report: Report,
    languages: tuple[str, ...],
    slugs: tuple[str, ...],
    details: bool,
    checks: bool,
    jobs: int,
    progress: Callable[[int, int], None] | None,
    seen: Callable[[Path, str, bytes | None], None] | None = None,
) -> Iterator[list[Coverage]]:
    """Each story's records, in slug order, its notes and errors added to ``report``."""
    for language in languages:
        if language not in config.languages:
            raise StoryError(
                "--lang",
                None,
                f"{language!r} is not one of the configured languages ({', '.join(config.languages)})",
            )
    from storybridge.project.steps import story_files

    stories = story_files(config, slugs)
    guard = load_guard(config)  # sensitive details (#16)
    glossary, pseudonyms = read_project_glossary(config)
    counter = Judge(
        config, glossary if checks else {}, select_checks((), (), config.disabled_checks), checks, guard, pseudonyms,
    )
    # The HTML page's entry lists make bigger records: kept in a file of their own.
    plan = Plan("status-details" if details else "status", fingerprint(config, "status", languages, details, checks, counter.selected,
                                      _settings_digest(glossary, pseudonyms), guard.digest()), _decode)
    work = Stamped(config, partial(_measure_story, config, languages, details, counter, guard), _encode, guard)
    tally = Tally()
    for notes, coverage in cached_map(config, plan, work, stories, _no_key, jobs, tally, seen):
        report.stories += 1
        report.notes.extend(notes)
        report.errors.extend(
            f"{f.file}:{f.line}: error: {guard.redact(f.problem.message)}" if f.line
            else f"{f.file}: error: {guard.redact(f.problem.message)}"
            for record in coverage if record.state == "blocked"
            for f in record.findings if f.problem.check == "catalog"
        )
        if progress is not None:
            progress(report.stories, len(stories))
        yield coverage
    report_tally(tally)


def _no_key(slug: str) -> str:
    return ""


def _settings_digest(*settings: object) -> str:
    """A digest of settings read from files (glossary, pseudonyms), for the cache's fingerprint."""
    return hashlib.sha256(repr(settings).encode("utf-8", "surrogatepass")).hexdigest()


def _encode(result: tuple[list[str], list[Coverage]]) -> Any:
    notes, records = result
    return [notes, [to_data(replace(record, findings=())) for record in records],
            [[finding_to_data(f) for f in record.findings] for record in records]]


def _decode(data: Any) -> tuple[list[str], list[Coverage]]:
    notes, records, findings = data
    if not isinstance(notes, list) or not all(isinstance(note, str) for note in notes) or len(records) != len(findings):
        raise ValueError("not a status result")
    shared: dict[Any, Any] = {}
    return notes, [
        replace(_coverage(record), findings=tuple(finding_from_data(item, shared) for item in found))
        for record, found in zip(records, findings)
    ]


def _pending(data: Any) -> Pending:
    return from_data(Pending, data, {"diff": lambda parts: tuple(DiffPart(*part) for part in parts)})


def _coverage(data: Any) -> Coverage:
    return from_data(Coverage, data, {
        "fuzzy_entries": lambda entries: tuple(_pending(item) for item in entries),
        "untranslated_entries": lambda entries: tuple(_pending(item) for item in entries),
    })


def _measure_story(
    config: Config,
    languages: tuple[str, ...],
    details: bool,
    counter: Judge,
    guard: Guard,
    story: tuple[Path, str],
    verdicts: StoryVerdicts | None = None,
) -> tuple[list[str], list[Coverage]]:
    """The notes of reading one story and its coverage records (runs in a
    worker), each judged by ``counter`` (which reuses ``verdicts``).
    Blocked languages carry their reason, and shown texts are masked."""
    from storybridge.project.status_guard import guard_records, mask_file_name
    from storybridge.project.steps import read_story_catalogs
    from storybridge.status.coverage import measure_story

    notes: list[str] = []
    if verdicts is not None:
        counter = replace(counter, verdicts=verdicts)
    item = read_story_catalogs(config, *story, languages, notes)
    return mask_file_name(guard, story[1], notes, guard_records(config, guard, item, measure_story(item, details, counter)))


@dataclass(frozen=True)
class Judge:
    """The publishing decision (``site.decision``, as ``build`` makes it)
    and, with ``checks``, every finding of ``storybridge check``, per story
    and language (a ``status.coverage.Judge``; a class, so it travels to
    worker processes)."""

    config: Config
    glossary: Glossary
    selected: tuple[str, ...]
    checks: bool = True
    guard: Guard | None = None
    pseudonyms: Pseudonyms = field(default_factory=dict)
    verdicts: StoryVerdicts | None = None
    """The story's remembered check verdicts, to reuse (``project.verdicts``)."""

    def __call__(self, item: StoryCatalogs, language: str) -> Judgement:
        from storybridge.checks.base import Finding
        from storybridge.checks.glossary import terms_for
        from storybridge.checks.pseudonym import pseudonyms_for
        from storybridge.checks.registry import ERROR_CHECKS, check_catalog
        from storybridge.checks.sensitive import Guard
        from storybridge.model import Problem
        from storybridge.project.steps import reviewed_only
        from storybridge.site.decision import decide, sort_by_findings, sort_entries

        shown = item.shown[language]
        error = item.unreadable.get(language)
        msgids = {segment.msgid for segment in item.segments}
        if error is not None:
            decision = decide(self.config, item.story, language, msgids, None, unreadable=error)
            message = (self.guard or Guard()).redact(error.message)  # it quotes the line it stopped at
            finding = Finding(shown, error.line or 0, language, "", Problem("catalog", "error", message))
            return Judgement(decision.status, decision.reason or "", 0.0, 0, 0, (finding,))
        catalog = item.catalogs.get(language)
        found: list[Finding] = []
        checked = catalog is not None and self.checks
        if checked:
            found = check_catalog(
                item.segments, catalog, language, shown,
                terms_for(self.glossary, language), self.selected, self.config.markdown_extensions,
                self.guard, pseudonyms_for(self.pseudonyms, language),
                None if self.verdicts is None else LazyCatalog(self.verdicts, language),
            )
        if checked and set(ERROR_CHECKS) <= set(self.selected):
            entries = sort_by_findings(catalog, msgids, found)  # the error checks ran once, just above
        else:
            entries = sort_entries(item.segments, catalog, language, self.config.markdown_extensions,
                                   pseudonyms_for(self.pseudonyms, language))
        entries = reviewed_only(item, language, catalog, entries)
        decision = decide(self.config, item.story, language, msgids, entries)
        if catalog is not None and not self.checks:  # the build's errors still decide; advice is skipped
            found = [
                Finding(shown, refusal.line or 0, language, refusal.msgid, Problem(refusal.check, "error", refusal.message))
                for refusal in entries.refused
            ]
        return Judgement(
            decision.status, decision.reason or "", decision.coverage, decision.translated,
            len({refusal.msgid for refusal in decision.refused}), tuple(found),
        )
