"""``manage.py search_setup``: apply index settings and synonyms from the code (run on deploy)."""

from django.core.management.base import BaseCommand

from search import services


class Command(BaseCommand):
    help = "Create the search indexes if missing and apply their settings and synonyms."

    def handle(self, *args, **options):
        services.search_setup()
        self.stdout.write(self.style.SUCCESS(f"Search set up ({services.search_backend().name})."))
