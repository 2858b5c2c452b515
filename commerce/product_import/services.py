"""Importing products from CSV, and the import jobs that run it in the background.

``products_import`` upserts products by SKU: the SKU is the stock record's ``partner_sku`` at the
import partner (the shop's only partner, or with several the one whose code is "default"), and
the product's UPC. It works in three steps:

1. ``parsing`` checks the file and every cell (no database);
2. the rows are checked against the catalogue, read in a few bulk queries (parent SKUs, stock
   already allocated to orders, a SKU that is another product's UPC);
3. the good rows are written in one transaction, in chunks of ``CHUNK_SIZE`` rows, with
   ``bulk_create``/``bulk_update``. A value is written only when it differs from the stored
   one, so importing the same file again changes nothing (not even ``date_updated``).

Bad rows are reported (``ImportResult.errors``) and left out; in all-or-nothing mode one bad row
means nothing is written. Stock levels of existing records are set in bulk by
``commerce.partner.services.stock_levels_set`` (row locks, allocation check, a ``StockMovement``
with reason ``import``, the low-stock alert); a new record's first level is an ``import``
movement. Bulk writes send no ``post_save``, so the search index is told once, at the end,
about every product that changed (``search.services.index_changes_record``: one flush task
per import).

Descriptions are HTML, cleaned to an allow-list (``commerce.catalogue.descriptions``) before
they are compared with the stored ones and written.

A row whose SKU is another row's ``parent_sku`` (or an existing parent product) is a parent: it
has no stock record (Oscar forbids one), so its price, stock and currency are ignored. A variant
(a row with ``parent_sku``) takes its parent's categories; its own ``category_path``, if given,
is added to the parent. An import adds products to categories and never removes them from one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from commerce.catalogue.descriptions import description_sanitise
from commerce.partner.models import StockMovement
from commerce.partner.services import stock_levels_set
from commerce.product_import.interface import ImportResult, ParsedFile, ProductRow, RowError
from commerce.product_import.models import ImportJob
from commerce.product_import.parsing import file_parse, rows_parse

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (rows done, rows to do)

CHUNK_SIZE = 1000
# Lookups by SKU go to the database in batches of this many values (SQLite caps parameters).
IN_BATCH_SIZE = 2000
DEFAULT_PARTNER_CODE = "default"
DEFAULT_PARTNER_NAME = "Default"
# New stand-alone and parent products get this product type (existing ones keep theirs).
PRODUCT_CLASS_SLUG = "imported"
PRODUCT_CLASS_NAME = "Imported products"
STOCK_NOTE = "CSV import"

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

PRODUCT_FIELDS = [
    "title",
    "title_en",
    "title_fr",
    "description",
    "description_en",
    "description_fr",
    "upc",
    "structure",
    "parent",
    "product_class",
    "date_updated",
]


# --- Entry point ----------------------------------------------------------------------------


def products_import(
    *,
    file: IO[bytes] | bytes | None = None,
    rows: Iterable[Mapping[str, str]] | None = None,
    all_or_nothing: bool = False,
    progress: Progress | None = None,
    user=None,
) -> ImportResult:
    """Import a CSV ``file`` (bytes or a binary file), or ``rows`` already split into cells.

    ``progress(done, total)`` is called as rows are written; ``user`` is recorded on the stock
    movements.
    """
    if (file is None) == (rows is None):
        raise ValueError("products_import takes a file or rows, not both or neither.")
    if file is not None:
        parsed = file_parse(file if isinstance(file, bytes) else file.read())
    else:
        parsed = rows_parse(rows)
    return parsed_import(parsed=parsed, all_or_nothing=all_or_nothing, progress=progress, user=user)


def parsed_import(
    *,
    parsed: ParsedFile,
    all_or_nothing: bool = False,
    progress: Progress | None = None,
    user=None,
) -> ImportResult:
    if parsed.unreadable:
        return _result_without_import(errors=parsed.errors)
    # Titles and category names are compared and written in the default language's columns
    # (title_en...), whatever language the caller has active.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE), transaction.atomic():
        partner = _partner(lock=True)
        catalogue = _catalogue_read(rows=parsed.rows, partner=partner)
        planned, check_errors = _rows_check(
            rows=parsed.rows, catalogue=catalogue, rejected_skus=parsed.rejected_skus
        )
        errors = sorted([*parsed.errors, *check_errors], key=lambda error: error.row)
        if errors and all_or_nothing:
            return _result_without_import(errors=errors)
        result = ImportResult(errors=errors, failed=len({error.row for error in errors}))
        if planned:
            _write(
                planned=planned,
                catalogue=catalogue,
                partner=partner or _partner_create(),
                result=result,
                progress=progress,
                user=user,
            )
        elif progress is not None:
            progress(0, 0)
        return result


def _result_without_import(*, errors: list[RowError]) -> ImportResult:
    return ImportResult(errors=errors, failed=len({error.row for error in errors}), imported=False)


# --- Reading what exists --------------------------------------------------------------------


@dataclass
class _Catalogue:
    """What the import needs to know of the catalogue, read in a few queries."""

    records_by_sku: dict[str, Any] = field(default_factory=dict)  # at the import partner
    products_by_id: dict[int, Any] = field(default_factory=dict)
    products_by_upc: dict[str, Any] = field(default_factory=dict)
    with_stockrecords: set[int] = field(default_factory=set)  # at any partner
    category_links: set[tuple[int, int]] = field(default_factory=set)
    categories_by_names: dict[tuple[str, ...], Any] = field(default_factory=dict)

    def product_for(self, sku: str):
        record = self.records_by_sku.get(sku)
        if record is not None:
            return self.products_by_id[record.product_id]
        return self.products_by_upc.get(sku)


def _partner(*, lock: bool = False):
    """The partner imports stock at: the shop's only partner, whatever its code; with several,
    the one whose code is "default". None when there is no such partner yet: the first import
    that writes creates "Default".

    Locked, so that two imports run one after the other rather than both creating a SKU."""
    partners = Partner.objects.order_by("pk")
    if lock:
        partners = partners.select_for_update()
    first_two = list(partners[:2])
    if len(first_two) == 1:
        return first_two[0]
    return partners.filter(code=DEFAULT_PARTNER_CODE).first()


def _partner_create():
    partner, _created = Partner.objects.get_or_create(
        code=DEFAULT_PARTNER_CODE, defaults={"name": DEFAULT_PARTNER_NAME}
    )
    return partner


def _batches(values: Sequence, size: int = IN_BATCH_SIZE):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _catalogue_read(*, rows: list[ProductRow], partner) -> _Catalogue:
    catalogue = _Catalogue()
    skus = sorted({row.sku for row in rows} | {row.parent_sku for row in rows if row.parent_sku})
    for batch in _batches(skus):
        if partner is not None:
            for record in StockRecord.objects.filter(partner=partner, partner_sku__in=batch):
                catalogue.records_by_sku[record.partner_sku] = record
        for product in Product.objects.filter(upc__in=batch):
            catalogue.products_by_upc[product.upc] = product
            catalogue.products_by_id[product.pk] = product
    missing = sorted(
        {r.product_id for r in catalogue.records_by_sku.values()} - set(catalogue.products_by_id)
    )
    for batch in _batches(missing):
        for product in Product.objects.filter(pk__in=batch):
            catalogue.products_by_id[product.pk] = product
    product_ids = sorted(catalogue.products_by_id)
    for batch in _batches(product_ids):
        catalogue.with_stockrecords.update(
            StockRecord.objects.filter(product_id__in=batch).values_list("product_id", flat=True)
        )
        catalogue.category_links.update(
            ProductCategory.objects.filter(product_id__in=batch).values_list(
                "product_id", "category_id"
            )
        )
    catalogue.categories_by_names = _categories_by_names()
    return catalogue


def _categories_by_names() -> dict[tuple[str, ...], Any]:
    """Every category by its path of default-language names, ("Produce", "Fruits"); where
    siblings share a name, the first in tree order."""
    step = Category.steplen
    names_at: dict[str, tuple[str, ...]] = {}
    by_names: dict[tuple[str, ...], Any] = {}
    for category in Category.objects.order_by("path"):
        parent_names = names_at.get(category.path[:-step], ()) if category.depth > 1 else ()
        names = (*parent_names, category.name_en or category.name)
        names_at[category.path] = names
        by_names.setdefault(names, category)
    return by_names


# --- Checking rows against the catalogue ----------------------------------------------------


@dataclass
class _Planned:
    row: ProductRow
    structure: str
    product: Any  # the existing product, or None
    parent_sku: str = ""


def _rows_check(
    *, rows: list[ProductRow], catalogue: _Catalogue, rejected_skus: Mapping[str, int]
) -> tuple[list[_Planned], list[RowError]]:
    """Decide each row's structure, and refuse what the catalogue does not allow."""
    errors: list[RowError] = []
    planned: list[_Planned] = []

    def error(row: ProductRow, field_name: str, message: str) -> None:
        errors.append(RowError(row=row.row, field=field_name, message=message))

    def parent_refusal(sku: str) -> str | None:
        """Why the product with this SKU cannot take variants (None: it can)."""
        existing = catalogue.product_for(sku)
        if existing is None:
            return None
        if existing.structure == Product.CHILD:
            return _("%(sku)s is a variant itself; a variant's parent cannot be one.") % {
                "sku": sku
            }
        if existing.structure == Product.STANDALONE and existing.pk in catalogue.with_stockrecords:
            return _(
                "%(sku)s is a stand-alone product with stock records of its own; a product "
                "with variants cannot have any, so it cannot become a parent."
            ) % {"sku": sku}
        return None

    referenced = {row.parent_sku for row in rows if row.parent_sku}
    accepted_parents: set[str] = set()
    # Parents and stand-alone products first: a variant's check needs to know its parent passed.
    for row in sorted(rows, key=lambda r: bool(r.parent_sku)):
        existing = catalogue.product_for(row.sku)
        row_errors_before = len(errors)
        same_upc = catalogue.products_by_upc.get(row.sku)
        if existing is not None and same_upc is not None and same_upc.pk != existing.pk:
            error(row, "sku", _("%(sku)s is the UPC of another product.") % {"sku": row.sku})

        if row.parent_sku:
            structure = Product.CHILD
            if row.parent_sku in rejected_skus:
                error(
                    row,
                    "parent_sku",
                    _("the parent %(sku)s is on row %(row)d, which has errors.")
                    % {"sku": row.parent_sku, "row": rejected_skus[row.parent_sku]},
                )
            elif row.parent_sku not in accepted_parents:
                refusal = parent_refusal(row.parent_sku)
                if refusal:
                    error(row, "parent_sku", refusal)
                elif catalogue.product_for(row.parent_sku) is None:
                    error(
                        row,
                        "parent_sku",
                        _("no product has the SKU %(sku)s, in this file or in the catalogue.")
                        % {"sku": row.parent_sku},
                    )
                else:
                    accepted_parents.add(row.parent_sku)  # an existing parent, not in the file
            if existing is not None and existing.structure == Product.PARENT:
                error(
                    row,
                    "parent_sku",
                    _("%(sku)s has variants of its own; it cannot become a variant.")
                    % {"sku": row.sku},
                )
        elif (row.sku in referenced and parent_refusal(row.sku) is None) or (
            existing is not None and existing.structure == Product.PARENT
        ):
            structure = Product.PARENT
        else:
            structure = Product.STANDALONE

        if structure != Product.PARENT:
            if row.price is None:
                error(row, "price", _("empty; every product with stock needs a price."))
            record = catalogue.records_by_sku.get(row.sku)
            allocated = (record.num_allocated or 0) if record is not None else 0
            if row.stock is not None and row.stock < allocated:
                error(
                    row,
                    "stock",
                    _(
                        "%(allocated)d units are allocated to orders; the stock cannot go "
                        "below that."
                    )
                    % {"allocated": allocated},
                )

        if len(errors) > row_errors_before:
            continue
        if structure == Product.PARENT:
            accepted_parents.add(row.sku)
        planned.append(
            _Planned(row=row, structure=structure, product=existing, parent_sku=row.parent_sku)
        )
    return planned, errors


# --- Writing --------------------------------------------------------------------------------


@dataclass
class _Writer:
    partner: Any
    product_class: Any
    catalogue: _Catalogue
    result: ImportResult
    user: Any
    now: Any
    categories: dict[tuple[str, ...], int] = field(default_factory=dict)
    products_by_sku: dict[str, Any] = field(default_factory=dict)  # written by this import
    changed_product_ids: set[int] = field(default_factory=set)

    def product(self, sku: str):
        """The product with this SKU: written by this import, else already in the catalogue."""
        return self.products_by_sku.get(sku) or self.catalogue.product_for(sku)


def _write(
    *,
    planned: list[_Planned],
    catalogue: _Catalogue,
    partner,
    result: ImportResult,
    progress: Progress | None,
    user,
) -> None:
    writer = _Writer(
        partner=partner,
        product_class=_product_class(),
        catalogue=catalogue,
        result=result,
        user=user if getattr(user, "is_authenticated", False) else None,
        now=timezone.now(),
    )
    writer.categories = _categories_ensure(
        paths={p.row.category_path for p in planned if p.row.category_path},
        known=catalogue.categories_by_names,
    )
    # Parents before their variants: a variant's chunk comes after every parent's.
    ordered = sorted(planned, key=lambda p: p.structure == Product.CHILD)
    total = len(ordered)
    for start in range(0, total, CHUNK_SIZE):
        chunk = ordered[start : start + CHUNK_SIZE]
        _chunk_write(writer=writer, chunk=[p for p in chunk if p.structure != Product.CHILD])
        _chunk_write(writer=writer, chunk=[p for p in chunk if p.structure == Product.CHILD])
        if progress is not None:
            progress(min(start + CHUNK_SIZE, total), total)
    if writer.changed_product_ids:
        from search.models import PendingIndexChange
        from search.services import index_changes_record

        # Bulk writes send no post_save: tell the search index once, for the whole import.
        index_changes_record(
            kind=PendingIndexChange.Kind.PRODUCT, ids=sorted(writer.changed_product_ids)
        )


def _product_class():
    product_class, _created = ProductClass.objects.get_or_create(
        slug=PRODUCT_CLASS_SLUG,
        defaults={"name": PRODUCT_CLASS_NAME, "requires_shipping": True, "track_stock": True},
    )
    return product_class


def _categories_ensure(
    *, paths: set[tuple[str, ...]], known: dict[tuple[str, ...], Any]
) -> dict[tuple[str, ...], int]:
    """Category id per path, creating the missing categories (with treebeard, one by one:
    a file names few categories)."""
    nodes = dict(known)
    for path in sorted(paths):
        for depth in range(1, len(path) + 1):
            names = path[:depth]
            if names in nodes:
                continue
            name = names[-1]
            if depth == 1:
                node = Category.add_root(name=name, name_en=name)
            else:
                node = nodes[names[:-1]].add_child(name=name, name_en=name)
            nodes[names] = node
    return {path: nodes[path].pk for path in paths}


def _text(value) -> str:
    return value or ""


def _product_values(*, writer: _Writer, planned: _Planned) -> dict[str, Any]:
    """The product's fields as the row wants them (fields the row says nothing about are left
    out, so they keep their stored value)."""
    row, existing = planned.row, planned.product
    values: dict[str, Any] = {
        "title_en": row.name,
        "upc": row.sku,
        "structure": planned.structure,
    }
    if row.name_fr is not None:
        values["title_fr"] = row.name_fr or None
    # Descriptions are HTML the storefront shows as is: only the allowed markup is stored.
    if row.description is not None:
        values["description_en"] = description_sanitise(row.description)
    if row.description_fr is not None:
        values["description_fr"] = description_sanitise(row.description_fr) or None
    if planned.structure == Product.CHILD:
        values["parent_id"] = writer.product(planned.parent_sku).pk
        values["product_class_id"] = None
    else:
        values["parent_id"] = None
        keep_class = existing is not None and existing.product_class_id is not None
        values["product_class_id"] = (
            existing.product_class_id if keep_class else writer.product_class.pk
        )
    return values


def _differs(instance, values: Mapping[str, Any]) -> bool:
    for name, value in values.items():
        stored = getattr(instance, name)
        if name.startswith(("title_", "description_")):
            if _text(stored) != _text(value):
                return True
        elif stored != value:
            return True
    return False


def _chunk_write(*, writer: _Writer, chunk: list[_Planned]) -> None:
    if not chunk:
        return
    catalogue, result = writer.catalogue, writer.result
    new_products, changed_products = [], []
    changed_rows: set[int] = set()
    created_rows: set[int] = set()
    for planned in chunk:
        values = _product_values(writer=writer, planned=planned)
        product = planned.product
        if product is None:
            product = Product(
                title=values["title_en"],
                description=values.get("description_en") or "",
                slug=slugify(values["title_en"])[:255] or slugify(planned.row.sku) or "product",
                is_public=True,
                **values,
            )
            new_products.append(product)
            created_rows.add(planned.row.row)
        else:
            old_parent_id = product.parent_id
            if _differs(product, values):
                for name, value in values.items():
                    setattr(product, name, value)
                # The untranslated columns follow the default language, as modeltranslation's
                # own saves keep them.
                product.title = product.title_en
                product.description = _text(product.description_en)
                product.date_updated = writer.now
                changed_products.append(product)
                changed_rows.add(planned.row.row)
                if old_parent_id:
                    writer.changed_product_ids.add(old_parent_id)
        writer.products_by_sku[planned.row.sku] = product
    Product.objects.bulk_create(new_products, batch_size=CHUNK_SIZE)
    if changed_products:
        Product.objects.bulk_update(changed_products, PRODUCT_FIELDS, batch_size=CHUNK_SIZE)
    for product in new_products:
        catalogue.products_by_id[product.pk] = product

    changed_rows |= _stock_write(writer=writer, chunk=chunk)
    changed_rows |= _categories_link(writer=writer, chunk=chunk)

    for planned in chunk:
        number = planned.row.row
        if number in created_rows:
            result.created += 1
        elif number in changed_rows:
            result.updated += 1
        else:
            result.unchanged += 1
            continue
        product = writer.products_by_sku[planned.row.sku]
        writer.changed_product_ids.add(product.parent_id or product.pk)


def _stock_write(*, writer: _Writer, chunk: list[_Planned]) -> set[int]:
    """Create or update the stock records of the chunk's products with stock; return the rows
    changed."""
    catalogue = writer.catalogue
    default_currency = settings.OSCAR_DEFAULT_CURRENCY
    new_records, changed_records, adjustments = [], [], []
    changed_rows: set[int] = set()
    for planned in chunk:
        if planned.structure == Product.PARENT:
            continue
        row = planned.row
        product = writer.products_by_sku[row.sku]
        currency = row.currency or default_currency
        record = catalogue.records_by_sku.get(row.sku)
        if record is None:
            record = StockRecord(
                product=product,
                partner=writer.partner,
                partner_sku=row.sku,
                price=row.price,
                price_currency=currency,
                num_in_stock=row.stock if row.stock is not None else 0,
            )
            new_records.append(record)
            catalogue.records_by_sku[row.sku] = record
            changed_rows.add(row.row)
            continue
        if (record.price, record.price_currency, record.product_id) != (
            row.price,
            currency,
            product.pk,
        ):
            record.price, record.price_currency = row.price, currency
            record.product_id = product.pk
            record.date_updated = writer.now
            changed_records.append(record)
            changed_rows.add(row.row)
        if row.stock is not None and row.stock != (record.num_in_stock or 0):
            adjustments.append((record, row.stock))
            changed_rows.add(row.row)
    StockRecord.objects.bulk_create(new_records, batch_size=CHUNK_SIZE)
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                stockrecord=record,
                quantity=record.num_in_stock,
                reason=StockMovement.Reason.IMPORT,
                user=writer.user,
                note=STOCK_NOTE,
            )
            for record in new_records
            if record.num_in_stock
        ],
        batch_size=CHUNK_SIZE,
    )
    if changed_records:
        StockRecord.objects.bulk_update(
            changed_records,
            ["price", "price_currency", "product", "date_updated"],
            batch_size=CHUNK_SIZE,
        )
    stock_levels_set(
        levels={record.pk: units for record, units in adjustments},
        user=writer.user,
        reason=StockMovement.Reason.IMPORT,
        note=STOCK_NOTE,
        announce=False,  # the import tells the search index once, at the end
    )
    return changed_rows


def _categories_link(*, writer: _Writer, chunk: list[_Planned]) -> set[int]:
    links, changed_rows = [], set()
    for planned in chunk:
        row = planned.row
        if not row.category_path:
            continue
        # A variant's category goes to its parent (Oscar gives child products none).
        owner = writer.product(row.parent_sku or row.sku)
        key = (owner.pk, writer.categories[row.category_path])
        if key in writer.catalogue.category_links:
            continue
        writer.catalogue.category_links.add(key)
        links.append(ProductCategory(product_id=key[0], category_id=key[1]))
        changed_rows.add(row.row)
    ProductCategory.objects.bulk_create(links, batch_size=CHUNK_SIZE)
    return changed_rows


# --- Import jobs ----------------------------------------------------------------------------


def import_job_create(*, file, all_or_nothing: bool, user=None) -> ImportJob:
    """Store the uploaded file and queue its import (sent to Celery when the caller commits)."""
    from commerce.outbox.services import task_enqueue

    with transaction.atomic():
        name = getattr(file, "name", "") or "products.csv"
        job = ImportJob(
            created_by=user if getattr(user, "is_authenticated", False) else None,
            all_or_nothing=all_or_nothing,
            original_name=name[-255:],
        )
        job.file.save(name, file, save=False)
        job.save()
        task_enqueue(
            task="commerce.product_import.tasks.product_import_run", kwargs={"job_id": job.pk}
        )
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued job and record its outcome; a job already started is left alone (a task
    delivered twice imports once)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status != ImportJob.Status.QUEUED:
            return job
        job.status = ImportJob.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    try:
        with job.file.open("rb") as stored:
            data = stored.read()
        result = products_import(file=data, all_or_nothing=job.all_or_nothing, user=job.created_by)
    except Exception as error:  # noqa: BLE001 - recorded on the job, which must not stay running
        logger.exception("product import %s failed", job.public_id)
        job.status = ImportJob.Status.FAILED
        job.message = _("The import stopped on an unexpected error: %(error)s") % {
            "error": f"{type(error).__name__}: {error}"
        }
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        return job
    job.created_count = result.created
    job.updated_count = result.updated
    job.unchanged_count = result.unchanged
    job.failed_count = result.failed
    job.errors = [error.as_dict() for error in result.errors]
    if result.imported:
        job.status = ImportJob.Status.SUCCEEDED
        job.message = result.summary()
    else:
        job.status = ImportJob.Status.FAILED
        job.message = _("Nothing was imported: %(count)d row(s) with errors.") % {
            "count": result.failed
        }
    job.finished_at = timezone.now()
    job.save()
    return job
