"""The wide image reading (#16) meets odd stories: it must neither crash,
hang nor quote a story, and must catch a located photo however it is
shown. Each case here crashed, hung or published the photo unread
before. Every name and number is invented."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from PIL import Image

from conftest import run

STORY = "---\ntitle: Garden\nlang: en\n{front}---\n\nThe garden feeds three families.\n\n{body}\n"


def _project(tmp_path: Path, body: str = "", front: str = "") -> Path:
    root = tmp_path / "p"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\nmin_coverage = 0\n', encoding="utf-8")
    (root / "stories" / "garden.md").write_text(STORY.format(front=front, body=body), encoding="utf-8")
    return root


def _located(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (42.0, 7.0, 0.0)}
    Image.new("RGB", (4, 4)).save(path, format="JPEG", exif=exif)


def _cli(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """The real CLI in its own process, given a minute: a hang fails the test."""
    environ = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run([sys.executable, "-m", "storybridge", *command, "--project", str(root)],
                          capture_output=True, text=True, env=environ, timeout=60, check=False)


@pytest.mark.parametrize(("body", "photo"), [
    ("![us][p]\n\n[p]: photo(1).jpg", "photo(1).jpg"),
    ("![us][p]\n\n[p]: <my photo.jpg>", "my photo.jpg"),
    ('{{< figure src="my photo.jpg" >}}', "my photo.jpg"),
    ("![us](my%20photo.jpg)", "my photo.jpg"),
    ("![us](a\\_b.jpg)", "a_b.jpg"),
    ('<img src="a&amp;b.jpg">', "a&b.jpg"),
    ("![us][p]\n\n[p]: p.jfif", "p.jfif"),
    ("![us](/images/p.jpg)", "static/images/p.jpg"),
    ("![us](/images/c5&#46;jpg)", "static/images/c5.jpg"),
    ('<img src="/images/c6&period;jpg">', "static/images/c6.jpg"),
    ("![us](c4%2Ejpg)", "c4.jpg"),
    ("![us](/images/c7)", "static/images/c7"),
    ('{{< figure src="photo" >}}', "photo"),
    ('<img src="pic" alt="us">', "pic"),
])
def test_a_located_photo_is_caught_however_the_story_names_it(tmp_path: Path, body: str, photo: str) -> None:
    root = _project(tmp_path, body)
    _located(root / photo if photo.startswith("static/") else root / "stories" / photo)
    done = run("sync", project=root)
    assert "image metadata with a GPS position" in done.output, done.output
    assert not (root / "site" / "en" / "garden.md").exists()


def test_front_matter_aliases_neither_loop_nor_explode(tmp_path: Path) -> None:
    levels = ["a0: &a0 [\"p.jpg\"]\n"] + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10)]
    root = _project(tmp_path, front="loop: &x [*x, \"p.jpg\"]\n" + "".join(levels))
    for command, says in (("sync", "synced: 1 story"), ("status", "Translation coverage"), ("check", "catalog")):
        done = _cli(root, command)
        assert "Traceback" not in done.stderr and says in done.stdout + done.stderr, (command, done.stderr)


def test_names_no_file_can_have_are_no_images(tmp_path: Path) -> None:
    """A word of 300 letters ending in .jpg (longer than a file name may
    be), and a front matter value with a NUL: every command runs, no
    traceback quotes the story."""
    root = _project(tmp_path, "We wrote " + "a" * 300 + ".jpg on the wall.", front='image: "a\\0b.jpg"\n')
    for command in ("sync", "status", "check"):
        done = run(command, project=root)
        assert "aaaaaaaa" not in done.output and "Traceback" not in done.output, (command, done.output)


def test_a_pipe_named_like_an_image_is_never_read(tmp_path: Path) -> None:
    """A pipe made just now (within the 2 s in which the editors' caches
    read a file's bytes) named like a photo: status and check finish."""
    root = _project(tmp_path, "![us][p]\n\n[p]: pipe.jpg")
    os.mkfifo(root / "stories" / "pipe.jpg")
    for command, says in (("status", "Translation coverage"), ("check", "catalog")):
        done = _cli(root, command)
        assert "Traceback" not in done.stderr and says in done.stdout + done.stderr, (command, done.stderr)


def test_identifying_translations_in_merged_catalogs_block_without_a_crash(tmp_path: Path) -> None:
    """Two translations with a phone number, refused by other checks: the
    entries merged in this run have no line yet, and the message says so
    without a line rather than crash."""
    root = _project(tmp_path, "Each grows what the others lack.")
    assert run("sync", project=root).exit_code == 0
    path = root / "locale" / "ko" / "LC_MESSAGES" / "garden.po"
    catalog = polib.pofile(str(path))
    texts = iter(['여기 <span title="010-2345-6789">글</span>', "[전화](tel:01023456789) 정원", "정원"])
    for entry in catalog:
        entry.msgstr = next(texts)
    catalog.save()
    done = run("sync", project=root)
    assert "2345" not in done.output and "None" not in done.output, done.output
    assert not (root / "site" / "ko" / "garden.md").exists()


def test_a_front_matter_value_with_an_escaped_dot_is_read(tmp_path: Path) -> None:
    """YAML decodes ``\\x2e`` to a dot: the site gets ``/images/c1.jpg``."""
    root = _project(tmp_path, front='image: "/images/c1\\x2ejpg"\n')
    _located(root / "static/images/c1.jpg")
    assert "image metadata with a GPS position" in run("sync", project=root).output


def test_a_very_large_image_is_read_for_its_metadata(tmp_path: Path) -> None:
    """200 megapixels (a 24 KB file): Pillow refuses to open it as a
    decompression bomb unless told no pixel will be decoded."""
    root = _project(tmp_path, "![pano](pano.png)")
    Image.new("1", (20000, 10000)).save(root / "stories" / "pano.png")
    for command in ("sync", "status"):
        done = run(command, project=root)
        assert done.exit_code == 0, (command, done.output)
