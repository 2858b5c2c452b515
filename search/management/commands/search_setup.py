"""``manage.py search_setup``: apply index settings and synonyms from the code, and send the
indexing outbox's pending changes (run on deploy)."""

from django.core.management.base import BaseCommand

from search import services


class Command(BaseCommand):
    help = (
        "Create the search indexes if missing, apply their settings and synonyms, and send the "
        "changes waiting in the indexing outbox."
    )

    def handle(self, *args, **options):
        services.search_setup()
        applied = services.search_index_flush()
        self.stdout.write(
            self.style.SUCCESS(
                f"Search set up ({services.search_backend().name}); {applied} pending "
                "change(s) indexed."
            )
        )
