"""Writing CSV files a spreadsheet opens without running anything ("CSV injection").

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula, which can fetch a URL or run a command: a customer who names
themselves ``=HYPERLINK(...)`` would otherwise plant it in the staff's order export. Following
OWASP, such a text cell gets a leading single quote, which the spreadsheet shows as text.

Numbers (``int``, ``float``, ``Decimal``) are written as they are, so a refund of ``-12.50``
stays a number a spreadsheet can add up; a negative amount *as text* ("-12.50" from a text
field) is quoted like any other text. Every CSV the shop writes goes through ``SafeCSVWriter``
(the dashboard's order export and reports: ``commerce.dashboard.orders``,
``commerce.dashboard.reports``).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from oscar.core.compat import UnicodeCSVWriter

# OWASP's list: https://owasp.org/www-community/attacks/CSV_Injection
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet should see it: numbers and empty cells unchanged, text that a
    spreadsheet would read as a formula prefixed with ``'``."""
    if value is None or isinstance(value, int | float | Decimal):  # bool is an int
        return value
    text = str(value)  # lazy translations, dates...: what the csv module would write anyway
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_safe_row(row: Iterable[Any]) -> list[Any]:
    return [csv_safe_cell(value) for value in row]


class SafeCSVWriter(UnicodeCSVWriter):
    """Oscar's CSV writer (an open file or a file name; a byte-order mark with
    ``OSCAR_CSV_INCLUDE_BOM``) with every cell passed through ``csv_safe_cell``."""

    def writerow(self, row):
        super().writerow(csv_safe_row(row))
