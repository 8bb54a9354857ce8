"""What the website imports: assembly by splicing, publishing policy, manifest.

Serves the site maintainer and the people in the stories (nothing private
or unpublished leaves through here). Pure. May import ``checks`` and
everything below it; never ``status``, ``reports`` or ``project``.
"""
