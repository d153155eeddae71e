"""briefcheck: check a footnoted brief's quotations, dates and citations against sources."""

__version__ = "0.1.0"
