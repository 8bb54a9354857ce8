"""gettext catalogs as strings: a strict parser, GNU msgcat's exact form, and merge.

Serves volunteers, whose editors must never fight storybridge over a
catalog's bytes. Pure: strings and polib objects in, strings and polib
objects out. May import ``text``, ``config``, ``errors`` and ``model``;
never ``markdown``.
"""
