"""Text facts every stage needs: language codes and Unicode scripts.

Serves every other package; imports only ``errors`` and ``model``.
"""
