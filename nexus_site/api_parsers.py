"""The API's JSON parser: a body nested too deeply is a 400, never a RecursionError (500)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No request the API serves nests deeper than a few levels (a checkout's address is three).
JSON_MAX_DEPTH = 32


def json_depth_exceeds(data: Any, *, limit: int) -> bool:
    """Whether ``data`` nests lists and objects more than ``limit`` levels deep (no recursion)."""
    level = [data]
    for _depth in range(limit + 1):
        level = [
            child
            for item in level
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            return False
    return True


class JSONParser(parsers.JSONParser):
    max_depth = JSON_MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type=media_type, parser_context=parser_context)
        except RecursionError as error:
            raise ParseError(self._too_deep()) from error
        if json_depth_exceeds(data, limit=self.max_depth):
            raise ParseError(self._too_deep())
        return data

    def _too_deep(self) -> str:
        return _("JSON parse error - nested more than %(max)s levels deep.") % {
            "max": self.max_depth
        }
