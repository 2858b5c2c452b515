from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailVerification(models.Model):
    """The customer proved they own their account's email address (one row once verified)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_verification",
        verbose_name=_("User"),
    )
    email = models.EmailField(_("Verified email"))
    verified_at = models.DateTimeField(_("Verified at"))

    class Meta:
        app_label = "customer"
        verbose_name = _("Email verification")
        verbose_name_plural = _("Email verifications")

    def __str__(self):
        return f"{self.email} ({self.verified_at:%Y-%m-%d})"


from oscar.apps.customer.models import *  # noqa: E402, F403
