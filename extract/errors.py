"""Errors a reader raises for input it cannot read; the message is shown to people as is."""


class ReadError(Exception):
    """The document cannot be read; the message says why (the run records it and goes on)."""
