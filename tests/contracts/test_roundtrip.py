"""Contract 1 and 2: lossless round trip, and structure that stays the source's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import DATA
from markdown_strategies import markdown_document, share_accepted, translation_of
from storybridge.site.assemble import splice_body, usable_translations
from storybridge.markdown.segment import segment_body

SPEC = json.loads((DATA / "commonmark-0.31.2.json").read_text(encoding="utf-8"))
STORIES = sorted((Path(__file__).parents[2] / "stories").rglob("*.md"))
RENDERER = MarkdownIt("commonmark").enable("table")


def tag_structure(markdown: str) -> list[str]:
    """The sequence of HTML tags the Markdown renders to, text left out."""
    return re.findall(r"</?[a-z][a-z0-9]*", RENDERER.render(markdown))


def block_structure(markdown: str) -> list[tuple[str, int]]:
    return [(t.type, t.level) for t in RENDERER.parse(markdown) if t.type != "inline"]


def identity_round_trip(body: str) -> str:
    segments = segment_body(body)
    entries = [polib.POEntry(msgid=s.msgid, msgstr=s.msgid) for s in segments]
    accepted, _ = usable_translations(segments, entries, "en")
    return splice_body(body, segments, accepted)


def pseudo_translate(body: str) -> tuple[str, dict[str, str], list[str]]:
    """Build with every msgstr = "Ω " + msgid; return the output, the
    translations used and the msgids in source order."""
    segments = segment_body(body)
    entries = [polib.POEntry(msgid=s.msgid, msgstr="Ω " + s.msgid) for s in segments]
    accepted, rejected = usable_translations(segments, entries, "ko")
    assert not rejected, [r.problems for r in rejected]
    return splice_body(body, segments, accepted), accepted, [s.msgid for s in segments]


@pytest.mark.parametrize("example", SPEC, ids=lambda e: f"spec-{e['example']}")
def test_commonmark_example_round_trips_byte_for_byte(example: dict[str, object]) -> None:
    body = str(example["markdown"])
    assert identity_round_trip(body) == body


def test_the_spec_has_all_652_examples() -> None:
    assert len(SPEC) == 652


@pytest.mark.parametrize("example", SPEC, ids=lambda e: f"spec-{e['example']}")
def test_commonmark_example_pseudo_translation_keeps_structure(example: dict[str, object]) -> None:
    body = str(example["markdown"])
    built, accepted, msgids = pseudo_translate(body)
    assert tag_structure(built) == tag_structure(body)
    assert [s.msgid for s in segment_body(built)] == [accepted[m] for m in msgids]


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.name)
def test_repo_story_round_trips(path: Path) -> None:
    body = path.read_text(encoding="utf-8")
    assert identity_round_trip(body) == body
    built, accepted, msgids = pseudo_translate(body)
    assert tag_structure(built) == tag_structure(body)
    assert [s.msgid for s in segment_body(built)] == [accepted[m] for m in msgids]


def test_every_text_block_carries_the_translation() -> None:
    body = (DATA / "project/stories/garden.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    built, _, _ = pseudo_translate(body)
    html = RENDERER.render(built)
    for block in re.findall(r"<(p|h1|li|td|th)>(.*?)</\1>", html, re.DOTALL):
        if block[0] == "li" and block[1].startswith("<"):
            continue
        assert block[1].startswith("Ω"), block


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_document())
def test_generated_markdown_round_trips(body: str) -> None:
    assert identity_round_trip(body) == body
    built, accepted, msgids = pseudo_translate(body)
    assert tag_structure(built) == tag_structure(body)
    assert [s.msgid for s in segment_body(built)] == [accepted[m] for m in msgids]


MOSTLY = 0.5
"""The share of generated examples whose build must accept a translation,
so that the property says something about accepted translations
(measured 176, 182, 186 and 194 of 300 with seeds 0 to 3: a floor of 180
failed one run in four; 150 is four standard deviations below the mean)."""


def test_accepted_translations_never_change_block_structure() -> None:
    exercised: list[bool] = []

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(markdown_document(), st.data())
    def accepted_keep_structure(body: str, data: st.DataObject) -> None:
        segments = segment_body(body)
        entries = [polib.POEntry(msgid=s.msgid, msgstr=data.draw(translation_of(s.msgid))) for s in segments]
        accepted, _ = usable_translations(segments, entries, "ko")
        built = splice_body(body, segments, accepted)
        assert block_structure(built) == block_structure(body)
        exercised.append(share_accepted([s.msgid for s in segments], accepted))

    accepted_keep_structure()
    assert sum(exercised) >= MOSTLY * len(exercised), f"{sum(exercised)} of {len(exercised)} examples accepted one"
