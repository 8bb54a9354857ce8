"""Coverage records: how far each story is in each language, and its words.

Serves editors. Pure: catalogs and segments in, frozen records out; the
renderers live in ``reports``. May import ``checks`` and everything below.
"""
