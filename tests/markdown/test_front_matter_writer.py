"""libyaml and pure-Python PyYAML must agree, so output never depends on
which one a machine has."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from storybridge.site.assemble import SAFE_DUMPER, render_front_matter
from storybridge.markdown.front_matter import dump_plain
from storybridge.markdown.story import SAFE_LOADER, split_front_matter

STORIES = sorted((Path(__file__).parents[2] / "stories").glob("*.md"))


def test_libyaml_is_in_use() -> None:
    assert SAFE_DUMPER is yaml.CSafeDumper and SAFE_LOADER is yaml.CSafeLoader


def test_both_dumpers_write_the_same_front_matter() -> None:
    for path in STORIES:
        yaml_text, _, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        data = yaml.load(yaml_text, Loader=SAFE_LOADER)
        assert data == yaml.safe_load(yaml_text)
        data["summary"] = "조 씨는 “감사”합니다: 中文（简体）— a: b # c"
        data["translation"] = {"coverage": 66.7, "fuzzy": 3}
        data["alternates"] = [{"lang": "x-default", "path": "en/x.md"}]
        pure = yaml.dump(data, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False,
                         default_flow_style=False, width=1 << 16)
        assert render_front_matter(data) == f"---\n{pure}---\n"


# --- the plain writer (plain_yaml) against PyYAML --------------------------

_TRICKY = [
    "", " ", "a ", " a", "a  b", "a #b", "a# b", "#a", "a: b", "a:b", "a:", ":a", "-a", "- a",
    "?a", "? a", ",a", "a,b", "[a]", "{a}", "a[b]", "&a", "*a", "!a", "|a", ">a", "'a", '"a',
    "%a", "@a", "`a", ".a", "...", "---", "~", "=", "<<", "yes", "No", "on", "TRUE", "null",
    "Null", "1", "-1", "+1", "1.5", ".5", "1e3", "0x1F", "0o7", "1_000", "12:30:00",
    "2021-01-02", "2021-1-2 3:04:05", ".inf", ".NaN", "a\tb", "a\nb", "a\x85b", "a\u2028b",
    "a\ufeffb", "a\x7fb", "\u2028a", "\u2029 b", "\u2028", "\x85a", "\ufeffa", "é", "조 씨", "中文（简体）", "⟪ko⟫ x", "a\u00a0b", "😀", "a😀",
    "sha256:17ab", "https://x.org/a#b", "en/x.md", "x-default", "a" * 1001,
]
_SCALARS = st.one_of(
    st.sampled_from(_TRICKY),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.text(st.sampled_from("aZ9 :#-,.'\"[]{}!&*?|>%@`\t\n~=<é中"), max_size=8),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
)
_KEYS = st.one_of(st.sampled_from(["title", "lang", "yes", "a b", "a:", "1", "x-default"]), st.text(max_size=6))
_VALUES = st.one_of(
    _SCALARS,
    st.lists(_SCALARS, max_size=3),
    st.dictionaries(_KEYS, _SCALARS, max_size=3),
    st.lists(st.dictionaries(_KEYS, _SCALARS, max_size=3), max_size=2),
    st.lists(st.lists(_SCALARS, max_size=2), max_size=2),
)


def _pyyaml(data: object, dumper: type) -> str:
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1 << 16)


@settings(max_examples=500)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_the_plain_writer_writes_what_pyyaml_writes(data: dict[str, object]) -> None:
    plain = dump_plain(data)
    if plain is not None:
        assert plain == _pyyaml(data, yaml.SafeDumper)
        assert plain == _pyyaml(data, SAFE_DUMPER)
    assert render_front_matter(data) == f"---\n{_pyyaml(data, SAFE_DUMPER)}---\n"


LONGEST_PLAIN = 1000
"""Longer strings the plain writer leaves to PyYAML, which folds plain
scalars near its line width (front_matter._LONGEST)."""

LEFT_TO_PYYAML = {"a  b", ":a", "-a", "?a", ".a", "😀", "a😀"}
"""Strings PyYAML writes plain that the plain writer still leaves to it
(its pattern is narrower than PyYAML's rules: safe, only slower)."""


def _scalar_styles(node: yaml.Node, text: str) -> list[str | None]:
    """The style of every scalar ``text`` in a composed document (None: plain)."""
    if isinstance(node, yaml.ScalarNode):
        return [node.style] if node.value == text else []
    children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
    return [style for child in children for style in _scalar_styles(child, text)]


@pytest.mark.parametrize("text", _TRICKY)
def test_every_tricky_string_is_plain_only_where_pyyaml_leaves_it_plain(text: str) -> None:
    """Every case asserts: the plain writer writes PyYAML's bytes, or it
    declines, where PyYAML quotes the string (or the string is long, or a
    known narrower case), and the front matter is PyYAML's all the same."""
    for data in ({"k": text}, {text: "v"}, {"k": [text]}, {"k": {"a": text}}):
        plain = dump_plain(data)
        pyyaml = _pyyaml(data, yaml.SafeDumper)
        if plain is not None:
            assert plain == pyyaml
            assert yaml.safe_load(plain) == data
        else:
            quoted = _scalar_styles(yaml.compose(pyyaml), text) != [None]
            assert quoted or len(text) > LONGEST_PLAIN or text in LEFT_TO_PYYAML, f"PyYAML writes {pyyaml!r} plain"
            assert render_front_matter(data) == f"---\n{_pyyaml(data, SAFE_DUMPER)}---\n"


def test_a_value_in_two_places_is_left_to_pyyaml_for_its_alias() -> None:
    """Front matter read with YAML anchors holds one object in two places;
    PyYAML writes the second as an alias, and so must the output."""
    data = yaml.safe_load("date: &d 2018-12-18\nupdated: *d\ntags: &t [a, b]\nkeywords: *t\n")
    assert dump_plain(data) is None
    assert "*id001" in render_front_matter(data)
    tags = ["a"]
    assert dump_plain({"x": {"t": "1"}, "y": [tags, tags]}) is None
    assert dump_plain({"x": ["a"], "y": ["a"]}) is not None  # equal, not the same


def test_published_front_matter_takes_the_plain_writer() -> None:
    """The shortcut must serve real front matter, or it is dead weight."""
    for path in STORIES:
        yaml_text, _, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        data = yaml.load(yaml_text, Loader=SAFE_LOADER)
        data["translation"] = {"coverage": 66.7, "fuzzy": 3, "source_digest": "sha256:17ab"}
        data["alternates"] = [{"lang": "ko", "path": "ko/x.md"}, {"lang": "x-default", "path": "en/x.md"}]
        data["date_display"] = "2018년 12월 18일"
        assert dump_plain(data) == _pyyaml(data, yaml.SafeDumper), path
