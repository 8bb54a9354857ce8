"""Stories as Markdown: front matter, segments by source line, inline inventories.

Serves writers and the lossless round trip: a story is cut where its
source says, never re-rendered. Pure. May import ``text``, ``errors`` and
``model``; never ``po``.
"""
