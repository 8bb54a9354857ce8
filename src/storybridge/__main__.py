"""Run the command line as ``python -m storybridge``."""

from storybridge.cli import main

main()
