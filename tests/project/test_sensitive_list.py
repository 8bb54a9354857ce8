"""Reading the private list: from the environment or the settings, refused
when it could be published or committed, images read for metadata."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.markdown.story import read_story
from storybridge.project.image_metadata import image_findings
from storybridge.project.sensitive import SENSITIVE_ENV, load_guard

LIST = "# invented\nCorwin Vale\n"


def test_no_list_still_detects(tmp_path: Path) -> None:
    guard = load_guard(Config(root=tmp_path), {})
    assert guard.entries == ()
    assert [hit.label for hit in guard.scan("call 010-5555-0134")] == ["phone number"]


def test_environment_wins_over_the_setting(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Corwin Vale\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("\nDasom Yoon\n", encoding="utf-8")
    config = Config(root=tmp_path, sensitive_list="a.txt")
    assert load_guard(config, {}).entries[0].number == 1
    assert load_guard(config, {SENSITIVE_ENV: str(tmp_path / "b.txt")}).entries[0].number == 2


def test_refuses_a_list_under_the_publish_folder(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "names.txt").write_text(LIST, encoding="utf-8")
    with pytest.raises(StoryError, match="under the publish folder"):
        load_guard(Config(root=tmp_path), {SENSITIVE_ENV: str(tmp_path / "site" / "names.txt")})


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_refuses_a_list_tracked_by_git_and_accepts_an_ignored_one(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("private/\n", encoding="utf-8")
    (tmp_path / "names.txt").write_text(LIST, encoding="utf-8")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "names.txt").write_text(LIST, encoding="utf-8")
    config = Config(root=tmp_path, sensitive_list="names.txt")
    assert len(load_guard(config, {}).entries) == 1  # untracked: fine
    _git(tmp_path, "add", "names.txt")
    with pytest.raises(StoryError, match="tracked by git") as raised:
        load_guard(config, {})
    assert "Corwin" not in str(raised.value)
    ignored = Config(root=tmp_path, sensitive_list="private/names.txt")
    assert len(load_guard(ignored, {}).entries) == 1


def test_a_missing_list_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoryError, match="does not exist"):
        load_guard(Config(root=tmp_path, sensitive_list="nowhere.txt"), {})


def test_images_with_gps_or_author_are_findings(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    stories.mkdir()
    plain, located, signed = (stories / name for name in ("plain.jpg", "located.jpg", "signed.png"))
    Image.new("RGB", (4, 4)).save(plain)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (42.0, 7.0, 0.0)}
    Image.new("RGB", (4, 4)).save(located, exif=exif)
    exif = Image.Exif()
    exif[0x013B] = "An Invented Photographer"
    Image.new("RGB", (4, 4)).save(signed, exif=exif)
    text = "---\nlang: en\n---\n\n![a](plain.jpg)\n\n![b](located.jpg)\n\n<img src=\"signed.png\">\n\n![c](missing.jpg)\n"
    story = read_story(text, "stories/x.md", "x", ("en", "ko"))
    found = image_findings(Config(root=tmp_path), story)
    assert [(item.line, item.label) for item in found] == [
        (7, "image metadata with a GPS position"),
        (9, "image metadata naming an author"),
    ]


def test_image_captions_and_places_are_read_by_the_guard(tmp_path: Path) -> None:
    """A caption (EXIF ImageDescription, Windows' XPComment, UserComment)
    holding a private name or a phone number, or an XMP place; a camera's
    own caption is no finding."""
    from storybridge.checks.sensitive import Guard, parse_list

    stories = tmp_path / "stories"
    stories.mkdir()
    exif = Image.Exif()
    exif[0x010E] = "At the river, call 010-5555-0134"
    Image.new("RGB", (4, 4)).save(stories / "captioned.jpg", exif=exif)
    exif = Image.Exif()
    exif[0x9C9C] = "Corwin Vale".encode("utf-16-le")
    Image.new("RGB", (4, 4)).save(stories / "commented.jpg", exif=exif)
    exif = Image.Exif()
    exif[0x010E] = "OLYMPUS DIGITAL CAMERA"
    Image.new("RGB", (4, 4)).save(stories / "camera.jpg", exif=exif)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><photoshop:City>Invented Town</photoshop:City></x:xmpmeta>'
    Image.new("RGB", (4, 4)).save(stories / "placed.png", pnginfo=_png_xmp(xmp))
    text = "---\nlang: en\n---\n\n![a](captioned.jpg)\n\n![b](commented.jpg)\n\n![c](camera.jpg)\n\n![d](placed.png)\n"
    story = read_story(text, "stories/x.md", "x", ("en", "ko"))
    guard = Guard(parse_list(LIST, "private.txt"))
    found = image_findings(Config(root=tmp_path), story, guard)
    assert [(item.line, item.label) for item in found] == [
        (5, "image metadata holding a phone number"),
        (7, "image metadata that matches private entry 2"),
        (11, "image metadata naming a place"),
    ]


def test_a_heic_photo_with_a_gps_position_is_a_finding(tmp_path: Path) -> None:
    """An iPhone's default format: read through pillow-heif."""
    import pillow_heif  # written without registering it with Pillow: storybridge must do that itself

    stories = tmp_path / "stories"
    stories.mkdir()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (42.0, 7.0, 0.0)}
    pillow_heif.from_pillow(Image.new("RGB", (16, 16))).save(stories / "phone.heic", exif=exif.tobytes())
    pillow_heif.from_pillow(Image.new("RGB", (16, 16))).save(stories / "clean.heic")
    story = read_story("---\nlang: en\n---\n\n![a](phone.heic)\n\n![b](clean.heic)\n", "stories/x.md", "x", ("en",))
    found = image_findings(Config(root=tmp_path), story)
    assert [(item.line, item.label) for item in found] == [(5, "image metadata with a GPS position")]


def test_a_jpeg_comment_or_png_text_is_read_by_the_guard(tmp_path: Path) -> None:
    from PIL import PngImagePlugin

    from storybridge.checks.sensitive import Guard, parse_list

    stories = tmp_path / "stories"
    stories.mkdir()
    Image.new("RGB", (4, 4)).save(stories / "commented.jpg", comment=b"Corwin Vale, call 010-5555-0134")
    info = PngImagePlugin.PngInfo()
    info.add_text("Description", "Corwin Vale at the river")
    Image.new("RGB", (4, 4)).save(stories / "described.png", pnginfo=info)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "An Invented Photographer")
    Image.new("RGB", (4, 4)).save(stories / "signed.png", pnginfo=info)
    text = "---\nlang: en\n---\n\n![a](commented.jpg)\n\n![b](described.png)\n\n![c](signed.png)\n"
    story = read_story(text, "stories/x.md", "x", ("en", "ko"))
    found = image_findings(Config(root=tmp_path), story, Guard(parse_list(LIST, "private.txt")))
    assert [(item.line, item.label) for item in found] == [
        (5, "image metadata that matches private entry 2"),
        (5, "image metadata holding a phone number"),
        (7, "image metadata that matches private entry 2"),
        (9, "image metadata naming an author"),
    ]


def _png_xmp(xmp: bytes) -> object:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp.decode("utf-8"))
    return info


def test_images_named_in_the_front_matter_are_read_too(tmp_path: Path) -> None:
    """Hugo's ``images``, Jekyll's ``image``, a theme's ``cover``: the site
    shows them (in the page or its social card), so their metadata blocks
    the story like a photo in its body. A web address and a photo without
    metadata are no findings; a sentence that names the located file is
    one (the scan reads wide on purpose)."""
    stories = tmp_path / "stories"
    (stories / "pics").mkdir(parents=True)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (42.0, 7.0, 0.0)}
    for name in ("located.jpg", "pics/by the river.JPEG", "cover.webp"):
        Image.new("RGB", (4, 4)).save(stories / name, exif=exif)
    Image.new("RGB", (4, 4)).save(stories / "plain.png")
    text = (
        "---\nlang: en\nimages:\n  - located.jpg\n  - plain.png\nimage: 'pics/by the river.JPEG'\n"
        "cover: {src: cover.webp?v=2, alt: a cover}\nsummary: we took located.jpg by the river\n"
        "social: https://example.org/located.jpg\n---\n\nA garden.\n"
    )
    story = read_story(text, "stories/x.md", "x", ("en", "ko"))
    found = image_findings(Config(root=tmp_path), story)
    assert [(item.line, item.label) for item in found] == [
        (4, "image metadata with a GPS position"),
        (6, "image metadata with a GPS position"),
        (7, "image metadata with a GPS position"),
        (8, "image metadata with a GPS position"),
    ]


def test_an_image_named_any_other_way_is_read_too(tmp_path: Path) -> None:
    """A reference-style image, a Hugo ``figure`` shortcode, an ``srcset``
    and a bare mention of a file beside the story: each is a way the site
    can end up showing the photo, so each is read. A web address is not,
    and a photo named twice on a line is one finding."""
    stories = tmp_path / "stories"
    (stories / "img").mkdir(parents=True)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (42.0, 7.0, 0.0)}
    for name in ("ref.jpg", "img/figure.png", "small.webp", "large.webp", "mentioned.JPG", "twice.jpg"):
        Image.new("RGB", (4, 4)).save(stories / name, exif=exif)
    (stories / "ref.jpg.txt").write_text("not an image", encoding="utf-8")
    text = (
        "---\nlang: en\n---\n\nThe garden ![us][garden].\n\n"
        '{{< figure src="img/figure.png" title="Spring" >}}\n\n'
        '<picture><source srcset="small.webp 1x, large.webp 2x"></picture>\n\n'
        "Attached: mentioned.JPG, ref.jpg.txt and https://example.org/twice.jpg.\n\n"
        "![a](twice.jpg) ![b](twice.jpg)\n\n"
        "[garden]: ref.jpg\n"
    )
    story = read_story(text, "stories/x.md", "x", ("en", "ko"))
    found = image_findings(Config(root=tmp_path), story)
    # Line 11 twice: mentioned.JPG, and ref.jpg, which ref.jpg.txt begins with (read wide: a stat too many).
    assert [item.line for item in found] == [7, 9, 9, 11, 11, 13, 15]
    assert {item.label for item in found} == {"image metadata with a GPS position"}


def test_allowed_contacts_come_from_the_settings(tmp_path: Path) -> None:
    from storybridge.config import load_config

    (tmp_path / "storybridge.toml").write_text('sensitive_allow = ["@storybridge_org"]\n', encoding="utf-8")
    guard = load_guard(load_config(tmp_path), {})
    assert guard.scan("on Telegram @storybridge_org") == []
    assert guard.scan("on Telegram @someone_else") != []
    (tmp_path / "storybridge.toml").write_text('sensitive_allow = "@storybridge_org"\n', encoding="utf-8")
    with pytest.raises(StoryError, match="'sensitive_allow' must be a list of contacts"):
        load_guard(load_config(tmp_path), {})


def test_a_caption_that_is_only_a_date_and_time_is_no_finding(tmp_path: Path) -> None:
    """Many apps title a photo with when it was taken; its digits read as a phone number."""
    from storybridge.checks.sensitive import Guard, parse_list

    stories = tmp_path / "stories"
    stories.mkdir()
    exif = Image.Exif()
    exif[0x010E] = "2019-03-12 15:44:55"
    Image.new("RGB", (4, 4)).save(stories / "dated.jpg", exif=exif)
    story = read_story("---\nlang: en\n---\n\n![a](dated.jpg)\n", "stories/x.md", "x", ("en",))
    assert image_findings(Config(root=tmp_path), story, Guard(parse_list(LIST, "private.txt"))) == []


def test_image_text_in_any_encoding_is_read(tmp_path: Path) -> None:
    """A JPEG comment in a legacy encoding, a PNG text chunk holding UTF-8,
    a Windows XP tag without its terminating NUL."""
    from storybridge.checks.sensitive import Guard, parse_list

    stories = tmp_path / "stories"
    stories.mkdir()
    Image.new("RGB", (4, 4)).save(stories / "legacy.jpg", comment="윤다솜 만남".encode("cp949"))
    Image.new("RGB", (4, 4)).save(stories / "gb.jpg", comment="梁曉雯".encode("gb18030"))
    exif = Image.Exif()
    exif[0x010E] = "윤다솜".encode("utf-8")  # an ASCII field holding UTF-8, read back as Latin-1
    Image.new("RGB", (4, 4)).save(stories / "utf8.jpg", exif=exif)
    Image.new("RGB", (4, 4)).save(stories / "utf8.png", pnginfo=_png_text_utf8("Description", "윤다솜 at the river"))
    exif = Image.Exif()
    exif[0x9C9C] = "梁曉雯".encode("utf-16-le")
    Image.new("RGB", (4, 4)).save(stories / "xp.jpg", exif=exif)
    text = "---\nlang: en\n---\n\n![a](legacy.jpg)\n\n![b](utf8.png)\n\n![c](xp.jpg)\n\n![d](gb.jpg)\n\n![e](utf8.jpg)\n"
    story = read_story(text, "stories/x.md", "x", ("en", "ko"))
    found = image_findings(Config(root=tmp_path), story, Guard(parse_list("윤다솜\n梁曉雯\n", "private.txt")))
    assert [(item.line, item.label) for item in found] == [
        (5, "image metadata that matches private entry 1"),
        (7, "image metadata that matches private entry 1"),
        (9, "image metadata that matches private entry 2"),
        (11, "image metadata that matches private entry 2"),
        (13, "image metadata that matches private entry 1"),
    ]


def _png_text_utf8(key: str, value: str) -> object:
    """A PNG with a tEXt chunk holding UTF-8 bytes, as many writers make one."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text(key, value.encode("utf-8").decode("latin-1"))
    return info


def _with_iptc(path: Path, records: dict[tuple[int, int], bytes]) -> None:
    """A JPEG with an IPTC block in Photoshop's APP13 segment, as Lightroom writes one."""
    import io
    import struct

    iptc = b"".join(bytes([0x1C, record, dataset]) + struct.pack(">H", len(value)) + value
                    for (record, dataset), value in records.items())
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(iptc)) + iptc
    resource += b"\0" if len(iptc) % 2 else b""
    app13 = b"Photoshop 3.0\0" + resource
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "JPEG")
    data = buffer.getvalue()
    path.write_bytes(data[:2] + b"\xff\xed" + struct.pack(">H", len(app13) + 2) + app13 + data[2:])


def test_iptc_captions_places_and_bylines_are_read(tmp_path: Path) -> None:
    from storybridge.checks.sensitive import Guard, parse_list

    stories = tmp_path / "stories"
    stories.mkdir()
    _with_iptc(stories / "caption.jpg", {(2, 120): "Corwin Vale at the river".encode()})
    _with_iptc(stories / "city.jpg", {(2, 90): b"Invented Town"})
    _with_iptc(stories / "byline.jpg", {(2, 80): b"An Invented Photographer"})
    _with_iptc(stories / "plain.jpg", {(2, 5): b"river", (2, 80): b"\0\0"})  # a by-line of NULs names no one
    text = "---\nlang: en\n---\n\n![a](caption.jpg)\n\n![b](city.jpg)\n\n![c](byline.jpg)\n\n![d](plain.jpg)\n"
    story = read_story(text, "stories/x.md", "x", ("en", "ko"))
    found = image_findings(Config(root=tmp_path), story, Guard(parse_list(LIST, "private.txt")))
    assert [(item.line, item.label) for item in found] == [
        (5, "image metadata that matches private entry 2"),
        (7, "image metadata naming a place"),
        (9, "image metadata naming an author"),
    ]



def test_iptc_records_before_a_malformed_one_are_kept(tmp_path: Path) -> None:
    """Pillow's reader gives up on the first bad dataset and loses them all."""
    from storybridge.checks.sensitive import Guard, parse_list

    stories = tmp_path / "stories"
    stories.mkdir()
    path = stories / "broken.jpg"
    _with_iptc(path, {(2, 120): "Corwin Vale".encode()})
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Corwin Vale", b"Corwin Vale\x1d\x02\x05junk", 1))  # no longer a dataset
    data = path.read_bytes()
    # keep the APP13 segment's length right: it grew by the five bytes added
    start = data.index(b"\xff\xed") + 2
    length = int.from_bytes(data[start : start + 2], "big") + 5
    path.write_bytes(data[:start] + length.to_bytes(2, "big") + data[start + 2 :])
    story = read_story("---\nlang: en\n---\n\n![a](broken.jpg)\n", "stories/x.md", "x", ("en",))
    found = image_findings(Config(root=tmp_path), story, Guard(parse_list(LIST, "private.txt")))
    assert [item.label for item in found] == ["image metadata that matches private entry 2"]


@pytest.mark.parametrize("command", [("sync",), ("check",), ("status",), ("build",), ("update",)])
def test_an_empty_private_list_is_said_by_every_command_and_stops_none(tmp_path: Path, command: tuple[str, ...]) -> None:
    """A CI secret never set writes an empty list: every name would be
    published unnoticed, so each command says so once, in one line, and
    runs as before (a new project's first CI run has no secret yet)."""
    from click.testing import CliRunner

    from storybridge.cli import main

    root = tmp_path / "project"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\n', encoding="utf-8")
    (root / "stories" / "garden.md").write_text("---\ntitle: Garden\nlang: en\n---\n\nThe garden.\n", encoding="utf-8")
    lists = {"empty": "# names go here\n\n", "named": LIST}
    for name, text in lists.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")

    def run(env: dict[str, str]) -> tuple[int, str]:
        assert CliRunner().invoke(main, ["sync", "--project", str(root)], env=env).exit_code == 0
        result = CliRunner().invoke(main, [*command, "--project", str(root)], env=env, catch_exceptions=False)
        return result.exit_code, result.stderr

    code, said = run({SENSITIVE_ENV: str(tmp_path / "empty.txt")})
    warnings = [line for line in said.splitlines() if "the private list is empty" in line]
    assert code == 0 and len(warnings) == 1
    assert warnings[0].startswith(f"{tmp_path / 'empty.txt'}: warning: ") and "SENSITIVE_LIST" in warnings[0]
    for env in ({SENSITIVE_ENV: str(tmp_path / "named.txt")}, {SENSITIVE_ENV: ""}):
        code, said = run(env)
        assert code == 0 and "private list" not in said
