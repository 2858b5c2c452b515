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
