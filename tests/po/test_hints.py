"""Glossary hints as extracted comments, matched as the glossary check matches."""

from __future__ import annotations

from storybridge.checks.glossary import hints_for
from storybridge.po.entry import new_entry
from storybridge.po.hints import set_glossary_hints

TERMS = (("Underground Railroad", "지하철도"), ("blessing|blessed", "복|복 받은"), ("Lent", "사순절"))


def test_hint_per_term_in_file_order() -> None:
    entries = [
        new_entry("The Underground Railroad was a blessing.", comment="paragraph"),
        new_entry("Nothing to see here.", comment="paragraph"),
        new_entry("They were talented people.", comment="heading"),  # 'Lent' inside a word
    ]
    assert set_glossary_hints(entries, hints_for(TERMS)) == 1
    assert entries[0].comment.split("\n") == [
        "paragraph",
        "glossary: Underground Railroad = ‘지하철도’",
        "glossary: blessing|blessed = ‘복’ / ‘복 받은’",
    ]
    assert entries[1].comment == "paragraph" and entries[2].comment == "heading"


def test_hints_follow_the_glossary() -> None:
    entries = [new_entry("The Underground Railroad during Lent.", comment="paragraph")]
    set_glossary_hints(entries, hints_for(TERMS))
    set_glossary_hints(entries, hints_for((("Lent", "사순 시기"),)))
    assert entries[0].comment == "paragraph\nglossary: Lent = ‘사순 시기’"
    set_glossary_hints(entries, hints_for(()))
    assert entries[0].comment == "paragraph"
