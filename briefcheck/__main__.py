"""`python -m briefcheck`: the command line."""

from briefcheck.cli import run

run()
