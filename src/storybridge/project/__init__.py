"""The edge: the only package that touches the disk, the clock, the environment or processes.

Runs the steps each command names (extract, update, build, sync, status,
check) over a project folder: finds and reads files, spreads stories over
worker processes, and lands writes atomically. May import every package
but ``cli`` and ``reports``.
"""
