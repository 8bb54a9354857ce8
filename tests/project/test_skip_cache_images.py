"""An image's metadata can block its story (a GPS position, an author):
sync must see a photo that gains, loses or appears with it, though the
story's own text did not change (a no-op skips unchanged stories by the
stamps of what they read)."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import run

PUBLISHED = Path("site/en/garden.md")


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def located(path: Path) -> None:
    """A photo that says where it was taken."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (42.0, 7.0, 0.0)}
    Image.new("RGB", (4, 4)).save(path, exif=exif)


def plain(path: Path) -> None:
    Image.new("RGB", (4, 4)).save(path)


def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\nmin_coverage = 0\n', encoding="utf-8")
    (root / "stories" / "garden.md").write_text(
        "---\ntitle: Garden\nlang: en\n---\n\nThe garden feeds three families.\n\n![us](photo.jpg)\n",
        encoding="utf-8")
    return root


def settled(root: Path) -> str:
    """Sync until a run changes nothing (the stamps are then trusted)."""
    for _ in range(3):
        done = run("sync", project=root)
    return done.output


def test_a_photo_cleared_of_its_position_unblocks_the_story(tmp_path: Path) -> None:
    root = project(tmp_path)
    located(root / "stories/photo.jpg")
    assert "GPS" in settled(root) and not (root / PUBLISHED).exists()
    plain(root / "stories/photo.jpg")
    again = run("sync", project=root)
    assert "GPS" not in again.output, again.output
    assert (root / PUBLISHED).exists()


def test_a_photo_replaced_by_one_with_its_position_blocks_a_published_story(tmp_path: Path) -> None:
    root = project(tmp_path)
    plain(root / "stories/photo.jpg")
    settled(root)
    assert (root / PUBLISHED).exists()
    located(root / "stories/photo.jpg")
    again = run("sync", project=root)
    assert "GPS" in again.output, again.output
    assert not (root / PUBLISHED).exists()


def test_a_missing_photo_that_appears_with_its_position_is_seen(tmp_path: Path) -> None:
    root = project(tmp_path)
    settled(root)
    assert (root / PUBLISHED).exists()
    located(root / "stories/photo.jpg")
    again = run("sync", project=root)
    assert "GPS" in again.output, again.output
    assert not (root / PUBLISHED).exists()


def test_an_image_named_from_the_site_s_root_is_stamped_where_it_points(tmp_path: Path) -> None:
    """``/images/photo.jpg`` is no file of the project: the story syncs,
    and a no-op after it stays a no-op."""
    root = project(tmp_path)
    story = root / "stories/garden.md"
    story.write_text(story.read_text(encoding="utf-8").replace("(photo.jpg)", "(/images/photo.jpg)"), encoding="utf-8")
    first = run("sync", project=root)
    assert first.exit_code == 0, first.output
    assert (root / PUBLISHED).exists()
    settled(root)
    assert "nothing changed" in run("sync", project=root).output


@pytest.mark.parametrize("target", ["/dev/zero", "a\0b.jpg", "."])
def test_an_image_that_is_no_regular_file_neither_hangs_nor_breaks_sync(tmp_path: Path, target: str) -> None:
    """A device read to its end would never end, a NUL cannot be in a
    file name, a folder is no image: sync finishes, twice."""
    root = project(tmp_path)
    story = root / "stories/garden.md"
    story.write_text(story.read_text(encoding="utf-8").replace("(photo.jpg)", f"(<{target}>)"), encoding="utf-8")
    assert run("sync", project=root).exit_code == 0
    assert "nothing changed" in run("sync", project=root).output


def test_an_image_named_with_an_identifying_detail_stays_out_of_the_cache(tmp_path: Path) -> None:
    """The name of a photo can itself identify (an invented number here):
    the story is blocked for it, and the cache keeps the name masked."""
    root = project(tmp_path)
    story = root / "stories/garden.md"
    story.write_text(story.read_text(encoding="utf-8").replace("(photo.jpg)", "(<call-010-5555-0134.jpg>)"),
                     encoding="utf-8")
    plain(root / "stories/call-010-5555-0134.jpg")
    done = run("sync", project=root)
    assert "5555-0134" not in done.output and not (root / PUBLISHED).exists()
    assert b"5555-0134" not in (root / ".storybridge/cache.jsonl").read_bytes()
    assert "5555-0134" not in run("sync", project=root).output


@pytest.mark.parametrize(("key", "line"), [("images:\n  - photo.jpg", 5), ("image: photo.jpg", 4)])
def test_a_photo_named_in_the_front_matter_blocks_and_unblocks_like_one_in_the_body(
    tmp_path: Path, key: str, line: int
) -> None:
    """A social-card image (Hugo's ``images``, Jekyll's ``image``) is
    published with the page: its GPS position blocks the story, and sync
    sees it cleared though the story did not change."""
    root = project(tmp_path)
    story = root / "stories/garden.md"
    story.write_text(story.read_text(encoding="utf-8").replace("lang: en\n", f"lang: en\n{key}\n")
                     .replace("\n![us](photo.jpg)\n", ""), encoding="utf-8")
    located(root / "stories/photo.jpg")
    first = settled(root)
    assert f"stories/garden.md:{line}: error: [sensitive] image metadata with a GPS position" in first, first
    assert not (root / PUBLISHED).exists()
    plain(root / "stories/photo.jpg")
    again = run("sync", project=root)
    assert "GPS" not in again.output, again.output
    assert (root / PUBLISHED).exists()
    located(root / "stories/photo.jpg")
    blocked = run("sync", project=root)
    assert "GPS" in blocked.output and not (root / PUBLISHED).exists()
    assert "GPS" in run("status", project=root).output


def test_a_located_photo_shown_by_reference_blocks_its_story(tmp_path: Path) -> None:
    """``![us][photo]`` with ``[photo]: photo.jpg`` below shows the same
    photo as ``![us](photo.jpg)``: it blocks the story the same way."""
    root = project(tmp_path)
    story = root / "stories/garden.md"
    story.write_text(story.read_text(encoding="utf-8").replace("![us](photo.jpg)", "![us][photo]\n\n[photo]: photo.jpg"),
                     encoding="utf-8")
    located(root / "stories/photo.jpg")
    done = settled(root)
    assert "garden.md:10: error: [sensitive] image metadata with a GPS position" in done, done  # where it is named
    assert not (root / PUBLISHED).exists()
    plain(root / "stories/photo.jpg")
    assert "GPS" not in run("sync", project=root).output and (root / PUBLISHED).exists()
