"""Reading an import file: decoding, the header and every cell, without touching the database.

The checks that need the database (is the parent SKU known, is the stock above what orders hold)
are in ``services``; what is checked here holds whatever the catalogue contains.

Row numbers are the spreadsheet's: the header is row 1, the first product row 2 (a blank line
keeps its number, so a row's number is the line a spreadsheet shows it on).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from commerce.product_import.interface import HEADER_ROW, ParsedFile, ProductRow, RowError

REQUIRED_COLUMNS = ("sku", "name", "price", "category_path")
OPTIONAL_COLUMNS = ("description", "stock", "currency", "name_fr", "description_fr", "parent_sku")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
CATEGORY_SEPARATOR = "/"

# Lengths of the columns the values go into (Oscar's Product.upc, title; Category.name).
SKU_MAX_LENGTH = 64
NAME_MAX_LENGTH = 255
CATEGORY_NAME_MAX_LENGTH = 255
# A positive amount with at most two decimal places that fits the price column (12 digits, 2
# after the point); no sign, exponent or thousands separator.
PRICE_PATTERN = re.compile(r"\d{1,10}(\.\d{1,2})?")
# A non-negative whole number that fits the stock column (a 32-bit integer).
STOCK_PATTERN = re.compile(r"\d{1,9}")


@functools.cache
def currencies_in_use() -> frozenset[str]:
    """ISO 4217 codes of the currencies legal tender somewhere today, from the CLDR data that
    ships with Babel (a dependency of django-oscar, which formats prices with it)."""
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    today = date.today()
    codes: set[str] = set()
    for territory in get_global("territory_currencies"):
        codes.update(get_territory_currencies(territory, start_date=today, tender=True))
    return frozenset(codes)


# --- Files ----------------------------------------------------------------------------------


def file_parse(data: bytes) -> ParsedFile:
    """Decode ``data`` as UTF-8 (a byte-order mark is allowed) and check every row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        return ParsedFile(
            errors=[
                RowError(
                    row=line,
                    field=None,
                    message=_(
                        "the file is not UTF-8 text (byte 0x%(byte)s on line %(line)d cannot be "
                        "read); save it as CSV UTF-8 and upload it again. Nothing was imported."
                    )
                    % {"byte": byte, "line": line},
                )
            ],
            unreadable=True,
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = list(reader)
    except csv.Error as error:
        return ParsedFile(
            errors=[
                RowError(
                    row=reader.line_num,
                    field=None,
                    message=_("the file is not valid CSV (%(error)s). Nothing was imported.")
                    % {"error": error},
                )
            ],
            unreadable=True,
        )
    if not records:
        return _unreadable(RowError(row=HEADER_ROW, field=None, message=_("the file is empty.")))
    header, data_records = records[0], records[1:]
    columns = [_column_name(cell) for cell in header]
    header_errors = _header_check(columns)
    if header_errors:
        return ParsedFile(errors=header_errors, unreadable=True)
    parsed = ParsedFile()
    for row, cells in _numbered(data_records):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) > len(columns):
            parsed.errors.append(
                RowError(
                    row=row,
                    field=None,
                    message=_("%(cells)d cells, but the header has %(columns)d columns.")
                    % {"cells": len(cells), "columns": len(columns)},
                )
            )
            continue
        values = dict(zip(columns, cells, strict=False))
        _row_add(parsed, row=row, values=values, present=set(columns))
    _cross_check(parsed)
    return parsed


def rows_parse(rows: Iterable[Mapping[str, str]]) -> ParsedFile:
    """Check rows given as mappings (column -> cell), numbered as if read from a file: the first
    mapping is row 2. The first row's keys are the header."""
    rows = list(rows)
    if not rows:
        return ParsedFile()
    columns = [_column_name(key) for key in rows[0]]
    header_errors = _header_check(columns)
    if header_errors:
        return ParsedFile(errors=header_errors, unreadable=True)
    parsed = ParsedFile()
    for index, values in enumerate(rows, start=HEADER_ROW + 1):
        normalised = {_column_name(key): "" if v is None else str(v) for key, v in values.items()}
        _row_add(parsed, row=index, values=normalised, present=set(columns))
    _cross_check(parsed)
    return parsed


def _unreadable(error: RowError) -> ParsedFile:
    return ParsedFile(errors=[error], unreadable=True)


def _numbered(records: list[list[str]]):
    """(row number, cells) per record: the header is row 1, each record the row after the one
    before (a quoted cell running over several lines still makes one row)."""
    return enumerate(records, start=HEADER_ROW + 1)


def _column_name(cell: str) -> str:
    return cell.strip().lower()


def _header_check(columns: list[str]) -> list[RowError]:
    errors = [
        RowError(
            row=HEADER_ROW,
            field=name,
            message=_("required column missing from the header."),
        )
        for name in REQUIRED_COLUMNS
        if name not in columns
    ]
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            errors.append(RowError(row=HEADER_ROW, field=name, message=_("column given twice.")))
        seen.add(name)
    return errors


# --- Rows -----------------------------------------------------------------------------------


def _row_add(parsed: ParsedFile, *, row: int, values: Mapping[str, str], present: set[str]):
    product, errors = row_check(row=row, values=values, present=present)
    parsed.errors.extend(errors)
    sku = (values.get("sku") or "").strip()
    if errors and sku:
        parsed.rejected_skus.setdefault(sku, row)
    if product is not None:
        parsed.rows.append(product)


def row_check(
    *, row: int, values: Mapping[str, str], present: set[str]
) -> tuple[ProductRow | None, list[RowError]]:
    """A row's cells, checked and converted; ``present`` are the file's columns (an optional
    column the file lacks leaves its value alone, an empty cell clears a text)."""
    errors: list[RowError] = []

    def cell(name: str) -> str:
        return (values.get(name) or "").strip()

    def optional_text(name: str) -> str | None:
        return cell(name) if name in present else None

    def error(field: str, message: str) -> None:
        errors.append(RowError(row=row, field=field, message=message))

    sku = cell("sku")
    if not sku:
        error("sku", _("empty; every row needs a SKU."))
    elif len(sku) > SKU_MAX_LENGTH:
        error("sku", _("longer than %(max)d characters.") % {"max": SKU_MAX_LENGTH})

    name = cell("name")
    if not name:
        error("name", _("empty; every product needs a name."))
    elif len(name) > NAME_MAX_LENGTH:
        error("name", _("longer than %(max)d characters.") % {"max": NAME_MAX_LENGTH})

    name_fr = optional_text("name_fr")
    if name_fr and len(name_fr) > NAME_MAX_LENGTH:
        error("name_fr", _("longer than %(max)d characters.") % {"max": NAME_MAX_LENGTH})

    price: Decimal | None = None
    raw_price = cell("price")
    if raw_price:
        if PRICE_PATTERN.fullmatch(raw_price) and Decimal(raw_price) > 0:
            price = Decimal(raw_price)
        else:
            error(
                "price",
                _(
                    "%(value)r is not a price: a positive amount with at most 2 decimal "
                    "places, such as 10.50."
                )
                % {"value": raw_price},
            )

    stock: int | None = None
    raw_stock = cell("stock")
    if raw_stock:
        if STOCK_PATTERN.fullmatch(raw_stock):
            stock = int(raw_stock)
        else:
            error(
                "stock",
                _("%(value)r is not a stock level: a whole number, 0 or more.")
                % {"value": raw_stock},
            )

    currency: str | None = None
    raw_currency = cell("currency")
    if raw_currency:
        currency = raw_currency.upper()
        if currency not in currencies_in_use():
            error(
                "currency",
                _("%(value)r is not a currency in use (an ISO 4217 code such as EUR).")
                % {"value": raw_currency},
            )

    parent_sku = cell("parent_sku")
    if parent_sku and parent_sku == sku:
        error("parent_sku", _("a product cannot be its own parent."))

    category_path: tuple[str, ...] = ()
    raw_path = cell("category_path")
    if raw_path:
        segments = raw_path.split(CATEGORY_SEPARATOR)
        stripped = tuple(segment.strip() for segment in segments)
        if not all(stripped):
            error(
                "category_path",
                _(
                    "%(value)r is not a category path: names separated by single slashes, "
                    "none empty, no slash at the start or end (All Products/Produce/Fruits)."
                )
                % {"value": raw_path},
            )
        elif any(len(segment) > CATEGORY_NAME_MAX_LENGTH for segment in stripped):
            error(
                "category_path",
                _("a category name is longer than %(max)d characters.")
                % {"max": CATEGORY_NAME_MAX_LENGTH},
            )
        else:
            category_path = stripped
    elif not parent_sku:
        # A variant takes its parent's categories (Oscar gives child products none).
        error("category_path", _("empty; every product needs a category."))

    if errors:
        return None, errors
    return (
        ProductRow(
            row=row,
            sku=sku,
            name=name,
            price=price,
            category_path=category_path,
            description=optional_text("description"),
            stock=stock,
            currency=currency,
            name_fr=name_fr,
            description_fr=optional_text("description_fr"),
            parent_sku=parent_sku,
        ),
        [],
    )


def _cross_check(parsed: ParsedFile) -> None:
    """What one row says about another: a SKU given twice, a variant's variant."""
    first_row: dict[str, int] = {}
    kept: list[ProductRow] = []
    for product in parsed.rows:
        if product.sku in first_row:
            parsed.errors.append(
                RowError(
                    row=product.row,
                    field="sku",
                    message=_("%(sku)s is already on row %(row)d.")
                    % {"sku": product.sku, "row": first_row[product.sku]},
                )
            )
            continue
        first_row[product.sku] = product.row
        kept.append(product)
    variants = {product.sku for product in kept if product.parent_sku}
    parsed.rows = []
    for product in kept:
        if product.parent_sku in variants:
            parsed.errors.append(
                RowError(
                    row=product.row,
                    field="parent_sku",
                    message=_(
                        "%(sku)s is itself a variant; a variant's parent must be a product "
                        "without a parent."
                    )
                    % {"sku": product.parent_sku},
                )
            )
            continue
        parsed.rows.append(product)
    for product in kept:
        if product.parent_sku in variants:
            parsed.rejected_skus.setdefault(product.sku, product.row)
    parsed.errors.sort(key=lambda error: error.row)
    # A SKU refused on one row but given correctly on another is not rejected.
    for product in parsed.rows:
        parsed.rejected_skus.pop(product.sku, None)
