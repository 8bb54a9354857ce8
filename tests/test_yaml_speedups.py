"""libyaml and pure-Python PyYAML must agree, so output never depends on
which one a machine has."""

from __future__ import annotations

from pathlib import Path

import yaml

from storybridge.assemble import SAFE_DUMPER, render_front_matter
from storybridge.story import SAFE_LOADER, split_front_matter

STORIES = sorted((Path(__file__).parent.parent / "stories").glob("*.md"))


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
