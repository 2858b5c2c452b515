"""``manage.py load_demo``: fill the database with a demo shop (see commerce.demo.services)."""

import logging
import sys
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from commerce.demo.services import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    demo_is_loaded,
    demo_load,
    demo_progress_total,
)

REFUSED_MESSAGE = (
    "load_demo is refused in production mode (DEBUG is off): "
    "it creates accounts with a public password"
)

# Loggers that report every stock record, page and background task at INFO: a hundred lines
# that would break up the progress bar. Shown again with --verbosity 2.
CHATTY_LOGGERS = ("oscar.alerts", "wagtail", "django_tasks")


class Command(BaseCommand):
    help = (
        "Load a demo shop: categories, products with images and stock, shipping methods, "
        "countries, the home page and one account per role. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Load only into a database that has no demo shop yet, so that changes made "
            "since (prices, stock, pages) are kept; always print the logins.",
        )

    def handle(self, *args, **options):
        # The demo accounts share a password printed in the docs: never on a real deployment.
        if not settings.DEBUG:
            raise CommandError(REFUSED_MESSAGE)
        if options["if_missing"] and demo_is_loaded():
            self.stdout.write("Demo shop already loaded; keeping it as it is.")
            self._print_logins()
            return

        verbosity = options["verbosity"]
        # The bar goes to stderr so that stdout keeps only the summary (easy to read or grep).
        with (
            _quiet(names=CHATTY_LOGGERS, enabled=verbosity < 2),
            tqdm(
                total=demo_progress_total(),
                unit="step",
                file=sys.stderr,
                disable=verbosity == 0,
                leave=False,
            ) as bar,
        ):

            def progress(label: str) -> None:
                bar.set_postfix_str(label[:40])
                bar.update()

            summary = demo_load(progress=progress)

        if summary.changed:
            state = f"{summary.created} rows created, {summary.updated} updated"
        else:
            state = "already up to date, nothing changed"
        self.stdout.write(self.style.SUCCESS(f"Demo shop loaded ({state})."))
        self.stdout.write(
            f"  {summary.categories} categories, {summary.products} products "
            f"({summary.variants} variants), {summary.stock_records} stock records, "
            f"{summary.images} images, {summary.shipping_methods} shipping methods, "
            f"{summary.countries} countries, {summary.featured_products} featured products"
        )
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role_label:<13} {account.email}")


@contextmanager
def _quiet(*, names: tuple[str, ...], enabled: bool):
    loggers = [logging.getLogger(name) for name in names] if enabled else []
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, previous, strict=True):
            logger.setLevel(level)
