"""Thin entry points from Django's auth signals into the customer services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from commerce.customer import login_limits, services

User = get_user_model()


@receiver(user_login_failed, dispatch_uid="customer-login-failure-count")
def login_failure_count(sender, credentials, request=None, **kwargs):
    """Every failed sign-in with a request counts towards the lock-out (``login_limits``)."""
    if request is None:
        return
    identifier = credentials.get("username") or credentials.get("email")
    login_limits.login_failure_record(request=request, identifier=identifier)


# A password change or reset signs the user out everywhere else, by whatever path it came
# (storefront reset or change, API reset, Django or Wagtail admin, manage.py changepassword):
# the stored password is compared before the save, the sessions ended after it, in the same
# transaction. A save that leaves the password out of ``update_fields`` costs no query.


@receiver(pre_save, sender=User, dispatch_uid="customer-password-change-detect")
def password_change_detect(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._password_changed = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = (
        sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    )
    instance._password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=User, dispatch_uid="customer-password-change-sessions-end")
def password_change_sessions_end(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_password_changed", False):
        instance._password_changed = False
        services.user_sessions_end(user=instance)
