from django.utils.translation import get_language
from oscar.apps.customer import forms as oscar_forms

from commerce.communication.services import password_reset_notify


class PasswordResetForm(oscar_forms.PasswordResetForm):
    def send_password_reset_email(self, site, user, request=None):
        # Through the notification log (retries, resend), in the language the form was used in.
        path = oscar_forms.get_password_reset_url(user)
        reset_url = request.build_absolute_uri(path) if request else f"https://{site.domain}{path}"
        password_reset_notify(user_id=user.pk, reset_url=reset_url, language=get_language()[:2])
