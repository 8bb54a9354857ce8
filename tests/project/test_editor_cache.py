"""Issue 19: status and check reuse what nothing changed, and never a stale verdict.

Every test drives the real CLI on a copy of the sample project whose
catalogs were filled as volunteers would (some translations with
findings), and reads what the caches saved from the debug line that
``STORYBRIDGE_CACHE_STATS=1`` prints on stderr.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import Result
from PIL import Image

from storybridge.checks.registry import CHECKS
from storybridge.project.output_cache import KEEP, OUTPUT_DIR
from conftest import run

KO = "locale/ko/LC_MESSAGES/garden.po"
ZH = "locale/zh_Hans/LC_MESSAGES/garden.po"
CACHES = ("status.jsonl", "status-details.jsonl", "check.jsonl", "verdicts.jsonl")
HOUR_NS = 3600 * 10**9

COMMANDS: list[tuple[str, ...]] = [
    ("status",),
    ("status", "--format", "json"),
    ("status", "--format", "markdown"),
    ("status", "--format", "html"),
    ("status", "--fail-under", "90"),
    ("status", "--fail-under", "ko=1"),
    ("status", "--no-checks"),
    ("check",),
    ("check", "--format", "json"),
    ("check", "--strict"),
    ("check", "--select", "glossary,markdown"),
]


def _fill(project: Path) -> None:
    """Korean garden translated (one entry English, one breaking the
    structure), Chinese garden half translated, a glossary with a term."""
    ko = polib.pofile(str(project / KO))
    for number, entry in enumerate(ko):
        entry.msgstr = "번역 " + entry.msgid
        if number == 1:
            entry.msgstr = "This stays in English, which the language check does not like at all."
        if number == 2 and entry.msgid.count("\n") == 0:
            entry.msgstr = "# " + entry.msgid
    ko.save()
    zh = polib.pofile(str(project / ZH))
    for number, entry in enumerate(zh):
        if number % 2:
            entry.msgstr = "翻译 " + entry.msgid
    zh.save()
    (project / "locale" / "glossary.csv").write_text("source,language,translation,note\ngarden,ko,정원,\ngarden,zh_Hans,花园,\n", encoding="utf-8")


def _age(project: Path) -> None:
    """Every file an hour old, so no stamp is racy (a real editor's files)."""
    past = os.stat(project).st_mtime_ns - HOUR_NS
    for path in project.rglob("*"):
        if path.is_file() and ".storybridge" not in path.parts:
            os.utime(path, ns=(past, past))


@pytest.fixture
def filled(project: Path) -> Path:
    assert run("sync", project=project).exit_code == 0
    _fill(project)
    _age(project)
    return project


def _forget(project: Path) -> None:
    for name in CACHES:
        (project / ".storybridge" / name).unlink(missing_ok=True)
    _forget_output(project)


def _forget_output(project: Path) -> None:
    """The recorded outputs gone: the next run works from the per-story caches."""
    shutil.rmtree(project / OUTPUT_DIR, ignore_errors=True)


def _tally(result: Result) -> dict[str, int]:
    found = re.search(
        r"cache: (\d+) stories reused, (\d+) computed; (\d+) verdicts reused, (\d+) computed", result.stderr
    )
    assert found, f"no cache line in {result.stderr!r}"
    keys = ("stories_reused", "stories_computed", "verdicts_reused", "verdicts_computed")
    return dict(zip(keys, map(int, found.groups())))


def _seen(result: Result) -> tuple[int, str, str]:
    """What a user sees: the exit code, stdout, and stderr but the debug line."""
    stderr = "".join(line for line in result.stderr.splitlines(keepends=True) if not line.startswith("cache: "))
    return result.exit_code, result.stdout, stderr


def _interleaved(result: Result) -> str:
    """stdout and stderr in the order they were written, but the debug line."""
    return "".join(line for line in result.output.splitlines(keepends=True) if not line.startswith("cache: "))


def _checked_entries(project: Path, *catalogs: str) -> int:
    """Entries the checks run on (translated or fuzzy, not obsolete), distinct by text."""
    count = 0
    for name in catalogs:
        count += len({(e.msgid, e.msgstr, tuple(e.flags)) for e in polib.pofile(str(project / name)) if e.msgstr and not e.obsolete})
    return count


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_cold_and_warm_caches_print_the_same_bytes(filled: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]) -> None:
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    cold = run(*command, project=filled)
    warm = run(*command, project=filled)
    assert _tally(warm) == {"stories_reused": 2, "stories_computed": 0, "verdicts_reused": 0, "verdicts_computed": 0}
    assert "output replayed" in warm.stderr and "output replayed" not in cold.stderr
    assert _seen(warm) == _seen(cold)
    assert _interleaved(warm) == _interleaved(cold)
    _forget_output(filled)  # from the per-story results instead
    rendered = run(*command, project=filled)
    assert "output replayed" not in rendered.stderr and _tally(rendered)["stories_reused"] == 2
    assert _seen(rendered) == _seen(cold)
    _forget(filled)
    assert _seen(run(*command, project=filled)) == _seen(cold)
    if command == ("status", "--fail-under", "90"):
        assert cold.exit_code == 1 and "coverage too low" in cold.stderr


def test_a_story_judged_again_reuses_the_verdicts_of_its_unchanged_entries(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    cold = _tally(run("check", project=filled))
    assert cold["verdicts_reused"] == 0 and cold["verdicts_computed"] > 0
    _forget_results(filled)  # the results cache gone: every story is read again
    again = _tally(run("check", project=filled))
    assert again == {"stories_reused": 0, "stories_computed": 2, "verdicts_reused": cold["verdicts_computed"], "verdicts_computed": 0}
    ko = polib.pofile(str(filled / KO))
    edited = next(entry for entry in ko if entry.msgstr.startswith("번역 "))
    edited.msgstr = "새 번역 " + edited.msgid
    ko.save()
    after = _tally(run("check", project=filled))
    garden = _checked_entries(filled, KO, ZH)  # the winter story is reused whole
    assert after == {"stories_reused": 1, "stories_computed": 1,
                     "verdicts_reused": (garden - 1) * len(CHECKS), "verdicts_computed": len(CHECKS)}
    assert again["verdicts_reused"] == garden * len(CHECKS)


def _forget_results(project: Path) -> None:
    for name in CACHES[:3]:
        (project / ".storybridge" / name).unlink(missing_ok=True)
    _forget_output(project)


def test_a_changed_glossary_re_runs_the_glossary_check_and_nothing_else(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    cold = run("check", project=filled)
    total = _tally(cold)["verdicts_computed"]
    # A Korean-only term: the Korean catalogs' glossary verdicts change, the Chinese ones' do not.
    (filled / "locale" / "glossary.csv").write_text("source,language,translation,note\ngarden,ko,정원,\ngarden,zh_Hans,花园,\nfamilies,ko,가족,\n", encoding="utf-8")
    changed = run("check", project=filled)
    korean = _checked_entries(filled, KO)
    assert _tally(changed) == {"stories_reused": 0, "stories_computed": 2, "verdicts_reused": total - korean, "verdicts_computed": korean}
    assert "[glossary]" in changed.stdout and changed.stdout != cold.stdout
    _forget(filled)
    assert _seen(run("check", project=filled)) == _seen(changed)
    # status judges with the same checks: every verdict is remembered now.
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    run("check", project=filled)
    assert _tally(run("status", project=filled))["verdicts_computed"] == 0


def test_a_changed_check_setting_re_runs_only_the_checks_that_read_it(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    total = _tally(run("status", project=filled))["verdicts_computed"]
    with (filled / "storybridge.toml").open("a", encoding="utf-8") as settings:
        settings.write('markdown_extensions = ["extra", "sane_lists"]\n')
    entries = _checked_entries(filled, KO, ZH)
    reading = [name for name, check in CHECKS.items() if "markdown_extensions" in check.settings]
    assert reading == ["markdown"]
    assert _tally(run("status", project=filled)) == {
        "stories_reused": 0, "stories_computed": 2, "verdicts_reused": total - entries, "verdicts_computed": entries,
    }


def test_a_corrupt_or_foreign_cache_is_ignored_and_rewritten(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    cold = {command: run(*command, project=filled) for command in (("status",), ("check", "--format", "json"))}
    state = filled / ".storybridge"
    kept = {name: (state / name).read_bytes() for name in ("status.jsonl", "check.jsonl", "verdicts.jsonl")}
    for damage in (
        lambda data: data[: len(data) // 2],  # a crash mid-write, had it not been atomic
        lambda data: b"\x00\xff garbage \n" * 3,
        lambda data: data.replace(b'"fingerprint": "', b'"fingerprint": "0', 1).replace(b'"code": "', b'"code": "0', 1),
        lambda data: re.sub(rb'\t\[', b"\t[[", data),  # every result line unreadable
    ):
        for name, data in kept.items():
            (state / name).write_bytes(damage(data))
        for command, before in cold.items():
            _forget_output(filled)
            again = run(*command, project=filled)
            assert _seen(again) == _seen(before)
            assert _tally(again)["stories_reused"] == 0
        _forget_output(filled)
        warm = run("status", project=filled)
        assert _tally(warm)["stories_reused"] == 2 and _seen(warm) == _seen(cold[("status",)])
    assert not list(state.glob(".*.tmp"))
    # Verdicts whose keys match nothing: each is computed again, none trusted.
    (state / "verdicts.jsonl").write_bytes(re.sub(rb'"([A-Za-z0-9+/]{16})":', rb'"x\1":', kept["verdicts.jsonl"]))
    _forget_results(filled)
    again = run("status", project=filled)
    assert _tally(again)["verdicts_reused"] == 0 and _seen(again) == _seen(cold[("status",)])


def test_a_racy_stamp_is_decided_by_the_bytes(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same size, same inode, the mtime put back: only the digest can tell."""
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    catalog = filled / KO
    now = os.stat(catalog).st_mtime_ns + HOUR_NS  # the catalog was just saved
    os.utime(catalog, ns=(now, now))
    before = run("status", "--format", "json", project=filled)
    data = catalog.read_bytes()
    assert b"# " in data
    with catalog.open("r+b") as stream:  # the heading mark becomes plain text: the error is gone
        stream.write(data.replace(b'msgstr "# ', b'msgstr "- ', 1).replace(b'msgstr "- ', b'msgstr "x ', 1))
    os.utime(catalog, ns=(now, now))
    after = run("status", "--format", "json", project=filled)
    assert _tally(after)["stories_computed"] == 1
    _forget(filled)
    assert _seen(after) == _seen(run("status", "--format", "json", project=filled)) != _seen(before)


def test_an_edit_in_place_with_the_old_mtime_put_back_is_seen(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An hour-old file rewritten in place (same size, same inode) with its
    mtime restored: the ctime, which no tool can set back, gives it away,
    as it does to sync's stamps."""
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    before = run("status", "--format", "json", project=filled)
    catalog = filled / KO
    stamp = os.stat(catalog)
    with catalog.open("r+b") as stream:
        stream.write(catalog.read_bytes().replace(b'msgstr "# ', b'msgstr "x ', 1))
    os.utime(catalog, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    after = os.stat(catalog)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (stamp.st_size, stamp.st_mtime_ns, stamp.st_ino)
    seen = run("status", "--format", "json", project=filled)
    assert _tally(seen)["stories_computed"] == 1
    assert seen.stdout != before.stdout
    _forget(filled)
    assert _seen(run("status", "--format", "json", project=filled)) == _seen(seen)


def test_an_image_given_a_gps_position_blocks_its_story_at_once(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The image is an input of the decision (#16) though the story did not change."""
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    story = filled / "stories" / "garden.md"
    image = filled / "stories" / "plot.jpg"
    Image.new("RGB", (4, 4)).save(image)
    story.write_text(story.read_text(encoding="utf-8") + "\n![the plot](plot.jpg)\n", encoding="utf-8")
    assert run("sync", project=filled).exit_code == 0
    _age(filled)
    clean = run("status", "--format", "json", project=filled)
    assert '"state": "blocked"' not in clean.stdout
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (42.0, 7.0, 0.0)}
    Image.new("RGB", (4, 4)).save(image, exif=exif)
    located = run("status", "--format", "json", project=filled)
    assert _tally(located)["stories_computed"] == 1
    assert '"state": "blocked"' in located.stdout
    _forget(filled)
    assert _seen(run("status", "--format", "json", project=filled)) == _seen(located)


@pytest.mark.parametrize("command", [("status",), ("check",)])
def test_an_image_named_with_an_identifying_detail_stays_out_of_the_editors_caches(
    filled: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """The name of a photo can itself identify (an invented number here):
    the story's own text blocks it, and no cache, recording or output keeps
    the name; the next run judges the story afresh rather than trust a
    stamp it could not keep, and prints the same."""
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    story = filled / "stories" / "garden.md"
    Image.new("RGB", (4, 4)).save(filled / "stories" / "call-010-5555-0134.jpg")
    story.write_text(story.read_text(encoding="utf-8") + "\n![us](<call-010-5555-0134.jpg>)\n", encoding="utf-8")
    _age(filled)
    first = run(*command, project=filled)
    assert "5555-0134" not in first.output
    kept = [path for path in (filled / ".storybridge").rglob("*") if path.is_file() and b"5555-0134" in path.read_bytes()]
    assert kept == []
    again = run(*command, project=filled)
    assert _tally(again)["stories_computed"] == 1
    assert _seen(again) == _seen(first)


def test_an_approval_changes_what_status_shows_at_once(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under require_review the review file decides what is published (#17)."""
    with (filled / "storybridge.toml").open("a", encoding="utf-8") as settings:
        settings.write("require_review = true\n")
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    before = run("status", "--format", "json", project=filled)
    assert run("approve", "--lang", "ko", "--story", "garden", "--by", "Editor Han", project=filled).exit_code == 0
    after = run("status", "--format", "json", project=filled)
    assert _tally(after)["stories_computed"] == 1 and after.stdout != before.stdout
    _forget(filled)
    assert _seen(run("status", "--format", "json", project=filled)) == _seen(after)


def test_a_new_story_and_a_removed_one_are_seen(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    run("status", project=filled)
    shutil.copy(filled / "stories" / "garden.md", filled / "stories" / "orchard.md")
    (filled / "stories" / "news" / "winter.md").unlink()
    result = run("status", project=filled)
    assert _tally(result) == {"stories_reused": 1, "stories_computed": 1, "verdicts_reused": 0, "verdicts_computed": 0}
    assert "orchard" in result.stdout and "winter" not in result.stdout


def test_a_damaged_or_foreign_recording_is_ignored(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A recording is trusted only whole and only for its own run: a torn
    header, one made for other options, bytes that are not the ones it
    names, or no bytes are ignored (the output is made again, and recorded)."""
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    cold = run("check", project=filled)
    assert cold.exit_code == 1
    folder = filled / OUTPUT_DIR
    for damage in (
        lambda header, data: header.write_bytes(header.read_bytes()[:-20]),
        lambda header, data: header.write_bytes(re.sub(rb'"key":"[0-9a-f]', b'"key":"x', header.read_bytes())),
        lambda header, data: data.write_bytes(data.read_bytes().replace(b"error", b"fine!")),  # same size, new stamp
        lambda header, data: data.unlink(),
    ):
        (header,) = folder.glob("*.json")
        damage(header, folder / json.loads(header.read_bytes())["output"])
        again = run("check", project=filled)
        assert "output replayed" not in again.stderr
        assert _seen(again) == _seen(cold)
        replayed = run("check", project=filled)
        assert "output replayed" in replayed.stderr and _seen(replayed) == _seen(cold)


def test_other_options_and_another_terminal_are_other_recordings(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    commands = COMMANDS[-KEEP:]  # the recordings kept
    first = {command: run(*command, project=filled) for command in commands}
    again = {command: run(*command, project=filled) for command in commands}
    for command in commands:
        assert "output replayed" in again[command].stderr
        assert _seen(again[command]) == _seen(first[command])
    monkeypatch.setenv("NO_COLOR", "1")
    assert "output replayed" not in run("status", project=filled).stderr


def test_a_private_list_tracked_by_git_is_refused_by_a_warm_run_too(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The replay checks what every run checks first (#16): a private list
    that git started tracking is refused, not trusted from the last run."""
    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    private = filled / "private" / "list.txt"
    private.parent.mkdir()
    private.write_text("Corwin Vale\n", encoding="utf-8")
    monkeypatch.setenv("STORYBRIDGE_SENSITIVE_LIST", str(private))
    assert run("status", project=filled).exit_code == 0
    assert "output replayed" in run("status", project=filled).stderr
    private.write_text("Corwin Vale\nMarguerite Osei\n", encoding="utf-8")
    assert "output replayed" not in run("status", project=filled).stderr  # the list is an input
    for command in (["init", "-q"], ["add", "list.txt"]):
        subprocess.run(["git", "-C", str(private.parent), *command], check=True, capture_output=True)
    refused = run("status", project=filled)
    assert refused.exit_code == 1 and "tracked by git" in refused.stderr and not refused.stdout


_REPLAY = """
import sys
from storybridge.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
heavy = ("markdown", "markdown_it", "phonenumbers", "langdetect", "jinja2", "yaml",
         "storybridge.checks.glossary", "storybridge.checks.sensitive", "storybridge.status.coverage")
print(sorted(name for name in sys.modules if name in heavy), file=sys.stderr)
"""


@pytest.mark.parametrize("command", [("status",), ("check",), ("check", "--format", "json")], ids=" ".join)
def test_a_replayed_run_loads_none_of_the_checks_and_parsers(filled: Path, command: tuple[str, ...]) -> None:
    """Start-up is most of a warm run: knowing the checks (the settings
    name them) must not load the libraries they judge with."""
    def replay() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", _REPLAY, *command, "--project", str(filled)],
                              capture_output=True, text=True, check=True, env={**os.environ, "STORYBRIDGE_CACHE_STATS": "1"})

    replay()
    done = replay()
    assert "output replayed" in done.stderr
    assert done.stderr.splitlines()[-1] == "[]"


def test_the_folder_storybridge_runs_from_leaves_the_code_fingerprint_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``python -m storybridge`` puts the current folder on sys.path: a
    folder with no installed library in it must not make every cache miss."""
    from storybridge.project.editor_cache import code_fingerprint

    def fingerprint() -> str:
        code_fingerprint.cache_clear()  # once per process in use; afresh here
        return code_fingerprint()

    before = fingerprint()
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path / "elsewhere"))
    assert fingerprint() == before
    (tmp_path / "elsewhere" / "newlib-1.0.dist-info").mkdir()
    assert fingerprint() != before  # a library installed there still counts
    code_fingerprint.cache_clear()


def _recording_leftovers(project: Path) -> list[str]:
    folder = project / OUTPUT_DIR
    return sorted(path.name for path in folder.glob(".*.tmp")) if folder.is_dir() else []


def test_a_status_that_fails_while_measuring_leaves_no_recording_behind(project: Path) -> None:
    """A language not configured is refused while the stories are measured:
    the recording begun for the run must go with it."""
    assert run("sync", project=project).exit_code == 0
    refused = run("status", "--lang", "fr", project=project)
    assert refused.exit_code == 1 and "not one of the configured languages" in refused.stderr
    assert _recording_leftovers(project) == []


def test_two_runs_recording_at_once_never_mix_their_output(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run A moves its bytes into place; run B of the same command then
    records whole; A's header lands last. A replay must print one run's
    output whole, never A's header over B's bytes (the interleaving is
    forced at the seam between A's bytes and its header)."""
    from storybridge.project import output_cache
    from storybridge.project.settings import load_project

    monkeypatch.setenv("STORYBRIDGE_CACHE_STATS", "1")
    assert run("sync", project=project).exit_code == 0
    assert run("status", "--format", "json", project=project).exit_code == 0
    (header_path,) = (project / OUTPUT_DIR).glob("*.json")
    header = json.loads(header_path.read_bytes())
    config = load_project(project)
    files = output_cache.settings_files(config)

    def recorder(text: str) -> output_cache.Recorder:
        made = output_cache.Recorder(config, header["key"], files)
        for (path, slug), head in zip(header["stories"], header["heads"]):
            made.story(Path(path), slug, json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode())
        made.echo(text)
        return made

    first, second = recorder('{"run": "A"}\n'), recorder('{"run": "B, much longer than A"}\n')
    capsys.readouterr()
    stamp = output_cache._bytes_stamp

    def then_b(path: Path) -> list[int] | None:
        monkeypatch.setattr(output_cache, "_bytes_stamp", stamp)
        second.finish(1)
        return stamp(path)

    monkeypatch.setattr(output_cache, "_bytes_stamp", then_b)
    first.finish(0)
    replayed = run("status", "--format", "json", project=project)
    assert "output replayed" in replayed.stderr
    assert (replayed.stdout, replayed.exit_code) == ('{"run": "A"}\n', 0)


def test_old_recorded_bytes_are_swept(project: Path) -> None:
    """Each recording writes bytes of its own: those no header names any
    more go, so the folder stays small however often a command records."""
    assert run("sync", project=project).exit_code == 0
    folder = project / OUTPUT_DIR
    for _ in range(3 * KEEP):
        for header in folder.glob("*.json"):
            header.unlink()  # the next run records anew
        assert run("status", project=project).exit_code == 0
    assert len(list(folder.glob("*.out"))) <= 2 * KEEP + 1
