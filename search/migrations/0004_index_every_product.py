"""Queue every browsable product for the new database index (``0003``).

The rows go into the indexing outbox, which the next flush sends to the index: beat runs it every
minute in production, ``manage.py search_setup`` on deploy and ``make run``. On a large catalogue
``manage.py search_reindex`` does the same in one go.
"""

from django.db import migrations
from django.utils import timezone

BATCH_SIZE = 2000


def products_queue(apps, schema_editor):
    product_model = apps.get_model("catalogue", "Product")
    change_model = apps.get_model("search", "PendingIndexChange")
    ids = list(
        product_model.objects.filter(parent__isnull=True, is_public=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    for start in range(0, len(ids), BATCH_SIZE):
        change_model.objects.bulk_create(
            [
                change_model(kind="product", object_id=pk, recorded_at=now)
                for pk in ids[start : start + BATCH_SIZE]
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_database_index"),
        ("catalogue", "0033_translated_fields"),
    ]

    operations = [migrations.RunPython(products_queue, migrations.RunPython.noop)]
