"""`python -m briefcheck.cli`."""

from briefcheck.cli import run

run()
