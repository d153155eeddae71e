"""`python -m briefcheck.cli`."""

import sys

from briefcheck.cli import main

sys.exit(main())
