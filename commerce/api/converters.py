"""URL converters of API routes."""

from __future__ import annotations


class DatabaseIdConverter:
    """An id the database can hold (at most 18 digits); a longer one is no route at all (404)
    rather than an integer overflow in the database (500). Registered as ``dbid``."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
