"""Quality checks over catalog entries: one module per check family behind a registry.

Serves volunteers and editors (``storybridge check``) and the build, which
refuses what an error check finds. Checks yield problems, never raise.
Pure. May import ``markdown``, ``po``, ``text``, ``config``, ``errors``
and ``model``.
"""
