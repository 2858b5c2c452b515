"""Building import files for the tests."""

from __future__ import annotations

import csv
import io

HEADER = ("sku", "name", "price", "category_path")


def csv_bytes(rows, *, header=HEADER, encoding: str = "utf-8") -> bytes:
    """A CSV file: ``header`` then ``rows`` (tuples in the header's order, or dicts)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        if isinstance(row, dict):
            row = [row.get(column, "") for column in header]
        writer.writerow(row)
    return out.getvalue().encode(encoding)


def errors_of(result) -> list[tuple[int, str | None]]:
    return [(error.row, error.field) for error in result.errors]
