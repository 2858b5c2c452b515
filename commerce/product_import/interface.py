"""Data crossing the import's layers: parsed rows, row errors and the result of an import."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Row numbers are the spreadsheet's: the header is row 1, the first product is row 2.
HEADER_ROW = 1


@dataclass(frozen=True)
class RowError:
    row: int
    field: str | None  # the column at fault; None when it is about the file or the whole row
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": str(self.message)}

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"row {self.row}: {where}{self.message}"


@dataclass(frozen=True)
class ProductRow:
    """One product row whose cells are well-formed (checked without the database)."""

    row: int
    sku: str
    name: str
    price: Decimal | None  # None only for a parent row left without a price
    category_path: tuple[str, ...]  # () when left empty (a variant's row)
    description: str | None = None  # None: the column is absent, leave the value alone
    stock: int | None = None  # None: absent or empty, leave the stock alone
    currency: str | None = None  # None: the shop's default currency
    name_fr: str | None = None
    description_fr: str | None = None
    parent_sku: str = ""


@dataclass
class ParsedFile:
    rows: list[ProductRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # SKU -> row number of the rows refused for their cells (their variants are refused too).
    rejected_skus: dict[str, int] = field(default_factory=dict)
    # True when the file itself cannot be read (encoding, header): nothing is imported.
    unreadable: bool = False


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0  # rows with at least one error
    errors: list[RowError] = field(default_factory=list)
    # False when nothing was written: an unreadable file, or bad rows in all-or-nothing mode.
    imported: bool = True

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.failed

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} failed"
        )
