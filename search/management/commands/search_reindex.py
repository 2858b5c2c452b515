"""``manage.py search_reindex``: rebuild every search index into fresh ones and swap them in."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import services
from search.documents import products_searchable


class Command(BaseCommand):
    help = (
        "Rebuild the product and page indexes (new indexes swapped in: search answers throughout)."
    )

    def handle(self, *args, **options):
        total = products_searchable().count()

        def progress(batches, language):
            bar = tqdm(
                total=total,
                unit="product",
                desc=f"products_{language}",
                disable=options["verbosity"] == 0,
            )
            for batch in batches:
                yield batch
                bar.update(len(batch))
            bar.close()

        counts = services.search_reindex(progress=progress)
        backend = services.search_backend().name
        for language, count in counts.items():
            self.stdout.write(f"{language}: {count} products indexed ({backend})")
        self.stdout.write(self.style.SUCCESS("Search indexes rebuilt."))
