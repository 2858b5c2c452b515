from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from oscar.apps.customer import forms as oscar_forms

from commerce.communication.services import password_reset_notify
from commerce.customer import login_limits


class LoginLimitFormMixin:
    """For a Django ``AuthenticationForm``: a sign-in refused because the client or the account
    is locked out (``login_limits``) says so, and for how long, instead of "wrong password"."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if self.request is None:
                raise
            wait = login_limits.login_wait(
                request=self.request, identifier=self.cleaned_data.get("username")
            )
            if wait:
                raise ValidationError(
                    login_limits.login_limited_message(wait=wait), code="login_limited"
                ) from None
            raise


class EmailAuthenticationForm(LoginLimitFormMixin, oscar_forms.EmailAuthenticationForm):
    """The storefront's sign-in form (Oscar's ``AccountAuthView`` loads it by name)."""


class PasswordResetForm(oscar_forms.PasswordResetForm):
    def send_password_reset_email(self, site, user, request=None):
        # Through the notification log (retries, resend), in the language the form was used in.
        path = oscar_forms.get_password_reset_url(user)
        reset_url = request.build_absolute_uri(path) if request else f"https://{site.domain}{path}"
        password_reset_notify(user_id=user.pk, reset_url=reset_url, language=get_language()[:2])
