"""`python -m briefcheck`: the command line."""

import sys

from briefcheck.cli import main

sys.exit(main())
