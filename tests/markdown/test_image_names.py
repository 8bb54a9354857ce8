"""Every name a story may show a local image by (``markdown.image_names``):
read wide, since a located photo that slips through can get someone
arrested, and in time linear in the text, whatever the text."""
from __future__ import annotations

import html
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from storybridge.markdown.image_names import WINDOW, image_names

STORY = "---\ntitle: T\nlang: en\n---\n\nA garden.\n\n{}\n"

NAME_PARTS = st.text(
    alphabet=st.sampled_from("abcXYZ09 -_()&@,'!정원花"), min_size=1, max_size=12,
).filter(lambda part: part.strip() == part and part.strip())


def _syntaxes(name: str) -> list[str]:
    """Ways Markdown, HTML, Hugo and Jekyll let a story show ``name``."""
    spaced = " " in name
    return [
        f"![us](<{name}>)" if spaced or "(" in name or ")" in name else f"![us]({name})",
        f"![us](<{name}>)",
        f"![us]({quote(name)})",
        f"![us][photo]\n\n[photo]: <{name}>",
        f'{{{{< figure src="{name}" title="Spring" >}}}}',
        f'<img src="{html.escape(name)}" alt="us">',
        f'<picture><source srcset="{quote(name)} 1x, other.webp 2x"></picture>',
        f"{{% include image.html file=\"{name}\" %}}",
    ]


@settings(max_examples=60, deadline=None)
@given(part=NAME_PARTS, suffix=st.sampled_from([".jpg", ".JPEG", ".png", ".webp", ".jfif", ".heic"]),
       which=st.integers(min_value=0, max_value=7))
def test_a_name_is_found_whichever_way_the_story_shows_it(part: str, suffix: str, which: int) -> None:
    name = part + suffix
    text = STORY.format(_syntaxes(name)[which])
    assert name in {found for _, found in image_names(text, "stories/s.md")}, (name, text)


def test_front_matter_names_are_found_at_their_lines_and_web_addresses_are_not() -> None:
    text = (
        "---\ntitle: T\nimages:\n  - located.jpg\n  - 'by the river.png'\ncover: {src: c.webp?v=2}\n"
        "social: https://example.org/s.jpg\n---\n\nSee //cdn.example.org/x.png and notes.jpg.txt.\n"
    )
    found = image_names(text, "stories/s.md")
    assert (4, "located.jpg") in found and (5, "by the river.png") in found and (6, "c.webp") in found
    assert not [name for _, name in found if "example" in name or name.endswith(".txt")]


def test_aliases_in_the_front_matter_are_walked_once() -> None:
    """An alias to itself, and a 500-byte story whose aliases would expand
    to 9⁹ values: each node is read once."""
    looped = "---\ntitle: T\na: &x [*x, \"p.jpg\"]\n---\n\nText.\n"
    assert (3, "p.jpg") in image_names(looped, "stories/s.md")
    levels = ["a0: &a0 [\"p.jpg\"]"] + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    bomb = "---\n" + "\n".join(levels) + "\n---\n\nText.\n"
    assert image_names(bomb, "stories/s.md") == [(2, "p.jpg")]


def test_a_hostile_word_is_read_in_linear_time() -> None:
    """One word of 400 KB that ends every five characters in ``.png`` (a
    regular expression with nested repetition backtracks on it for
    minutes); and a word of punctuation, cut at most a few times."""
    word = "a.png" * 80_000 + "a"
    names = image_names(STORY.format(word), "stories/s.md")
    assert names and all(name.endswith(".png") and len(name) <= WINDOW for _, name in names)
    assert image_names(STORY.format("(" * 50_000 + "p.jpg"), "stories/s.md")[-1] == (8, "p.jpg")


def test_every_name_in_a_word_is_read() -> None:
    """A thumbnail linked to the full picture, pictures side by side,
    kramdown's and Pandoc's attributes, an srcset without descriptors, a
    name with many underscores (escaped too): the name inside is read."""
    cases = {
        "[![Us](loc.jpg)](full.jpg)": "loc.jpg",
        "[![](loc.jpg)](https://example.org)": "loc.jpg",
        "![a](loc.jpg)![b](other.png)": "loc.jpg",
        "![](loc.jpg){: .center}": "loc.jpg",
        "![](loc.jpg){width=50%}": "loc.jpg",
        '<img srcset="loc.jpg,b.jpg 2x">': "loc.jpg",
        "![](my_family_at_the_river_in_the_winter_of_2019_x.jpg)": "my_family_at_the_river_in_the_winter_of_2019_x.jpg",
        "![](a\\_b\\_c\\_d\\_e\\_f\\_g\\_h\\_i.jpg)": "a_b_c_d_e_f_g_h_i.jpg",
    }
    for body, name in cases.items():
        assert name in {found for _, found in image_names(STORY.format(body), "stories/s.md")}, body
