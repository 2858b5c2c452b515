from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class PendingIndexChange(models.Model):
    """An object whose search documents must be refreshed: the outbox of search indexing.

    Written in the same transaction as the change itself, and deleted only once the index has
    taken it, so that no change is lost while the search server is down.
    """

    class Kind(models.TextChoices):
        PRODUCT = "product"
        PAGE = "page"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_pending_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class ProductIndexEntry(models.Model):
    """One product in one language in the database search index (``search.backends.database``).

    Written from the same documents Meilisearch is sent, by the outbox flush and by
    ``search_reindex``. The words are stored normalised (``search.text``: lower case, no
    accents). On PostgreSQL the table also has a stored, weighted ``tsvector`` column
    (``document``: title words A, the rest B) with a GIN index, and a trigram GIN index on the
    title words; on SQLite an FTS5 table (``search_productindexentry_fts``) follows it through
    triggers. Both are created by migration ``0003`` and are not fields of the model.
    """

    product_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=16)
    title = models.TextField()  # as the storefront shows it
    title_words = models.TextField()
    other_words = models.TextField()  # description, category names, attribute values
    # The product's categories and their ancestors, as " 1 5 12 " (one LIKE finds an id).
    category_ids = models.TextField()
    # "code<TAB>value" per line, one line per value: read for facets faster than JSON.
    attribute_values = models.TextField(blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    currency = models.CharField(max_length=3, blank=True)
    in_stock = models.BooleanField(default=False)
    rating = models.FloatField(null=True)
    popularity = models.PositiveIntegerField(default=0)
    date_created = models.BigIntegerField()  # unix seconds, as in the document

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "product_id"], name="search_entry_unique_language_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.product_id} {self.title}"


class IndexWord(models.Model):
    """A word of the database index, per language: what misspelt query words are corrected to."""

    language = models.CharField(max_length=16)
    word = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="search_word_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.word}"


@register_setting(icon="search")
class SearchSettings(BaseGenericSetting):
    """Search synonyms merchandisers edit in Wagtail (Settings > Search); pushed to the index."""

    synonyms = models.TextField(
        blank=True,
        help_text=_(
            "One group of words that mean the same per line, separated by commas, "
            "e.g. “phone, mobile, smartphone”."
        ),
    )

    panels = [FieldPanel("synonyms")]

    class Meta:
        verbose_name = _("search settings")

    def synonym_groups(self) -> list[list[str]]:
        return [
            [word.strip().lower() for word in line.split(",") if word.strip()]
            for line in self.synonyms.splitlines()
            if line.strip()
        ]
