"""Give one story of the project in the current folder a new paragraph
after its front matter: ``python edit_story.py [INDEX]`` (default: the
middle story; an index wraps around)."""

import pathlib
import sys

stories = sorted(pathlib.Path("stories").glob("*.md"))
story = stories[int(sys.argv[1]) % len(stories) if len(sys.argv) > 1 else len(stories) // 2]
text = story.read_text(encoding="utf-8")
at = text.index("\n\n", text.index("---", 3) + 3) + 2
story.write_text(text[:at] + "An edited sentence appears here.\n\n" + text[at:], encoding="utf-8")
