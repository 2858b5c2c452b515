from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaskMessage(models.Model):
    """A Celery task recorded in the same transaction as the change that calls for it.

    The row is pending until the broker has taken the task (or, without a broker, until the task
    has run in-process); a failed attempt stays pending with its error and the time of the next
    attempt, so nothing is lost while the broker is down.
    """

    task = models.CharField(_("task"), max_length=255)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)

    class Meta:
        verbose_name = _("task message")
        verbose_name_plural = _("task messages")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(dispatched_at__isnull=True),
                name="outbox_pending_idx",
            ),
            models.Index(
                fields=["dispatched_at"],
                condition=Q(dispatched_at__isnull=False),
                name="outbox_dispatched_idx",
            ),
        ]

    def __str__(self) -> str:
        state = "dispatched" if self.dispatched_at else "pending"
        return f"{self.task} #{self.pk} ({state})"

    @property
    def is_pending(self) -> bool:
        return self.dispatched_at is None
