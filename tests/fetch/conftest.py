"""Fixtures for the fetch tests."""

from tests.support.localserver import local_server

__all__ = ["local_server"]
