"""An uploaded product file and what importing it did."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage():
    """The storage of files only staff may read (``STORAGES["private"]``, outside the public
    media); a callable, so that the field's migration does not depend on the settings."""
    return storages["private"]


class ImportJob(models.Model):
    """One upload, imported by a Celery task (``product_import_run``).

    ``succeeded``: the file was imported; rows with errors (``failed_count``, ``errors``) were
    left out unless the job is all-or-nothing. ``failed``: nothing was imported, because the file
    could not be read, a row was bad in all-or-nothing mode, or the import broke (``message``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(_("Public id"), default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="product_imports",
        verbose_name=_("Created by"),
    )
    # Never public: served to staff who may import by the dashboard's download view only.
    file = models.FileField(_("File"), upload_to="product-imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("File name"), max_length=255, blank=True)
    all_or_nothing = models.BooleanField(
        _("All or nothing"),
        default=False,
        help_text=_("Import nothing if any row has an error."),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    created_count = models.PositiveIntegerField(_("Created"), default=0)
    updated_count = models.PositiveIntegerField(_("Updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("Unchanged"), default=0)
    failed_count = models.PositiveIntegerField(_("Failed"), default=0)
    # [{"row": 3, "field": "price", "message": "..."}], rows numbered with the header as row 1.
    errors = models.JSONField(_("Row errors"), default=list, blank=True)
    message = models.TextField(_("Message"), blank=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("Started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Product import")
        verbose_name_plural = _("Product imports")

    def __str__(self):
        return f"{self.original_name or self.file.name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
