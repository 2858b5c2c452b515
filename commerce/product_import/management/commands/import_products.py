"""``manage.py import_products FILE [--all-or-nothing]``: import a CSV file of products.

The progress bar goes to stderr; stdout gets one line per bad row ("row N: field: reason",
the header being row 1) and a summary line. The exit status is 1 when any row failed.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from commerce.product_import.services import products_import


class Command(BaseCommand):
    help = (
        "Import products from a UTF-8 CSV file (sku,name,price,category_path and optionally "
        "description,stock,currency,name_fr,description_fr,parent_sku), upserting by SKU."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file.")
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="Import nothing if any row has an error.",
        )

    def handle(self, *args, **options):
        try:
            with open(options["file"], "rb") as file:
                data = file.read()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None

        with tqdm(
            unit="row", file=sys.stderr, disable=options["verbosity"] == 0, leave=False
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            result = products_import(
                file=data, all_or_nothing=options["all_or_nothing"], progress=progress
            )

        for error in result.errors:
            self.stdout.write(str(error))
        if not result.imported:
            self.stdout.write(
                self.style.ERROR(f"Nothing imported: {result.failed} row(s) with errors.")
            )
        else:
            style = self.style.WARNING if result.failed else self.style.SUCCESS
            self.stdout.write(style(f"Imported: {result.summary()}."))
        if result.failed:
            sys.exit(1)
