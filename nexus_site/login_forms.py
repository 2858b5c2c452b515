"""The back offices' login forms, with the sign-in lock-out's message (see
``commerce.customer.login_limits``): Django admin (``SuperuserAdminSite.login_form``) and
Wagtail admin (``WAGTAILADMIN_USER_LOGIN_FORM``)."""

from django.contrib.admin.forms import AdminAuthenticationForm
from wagtail.admin.forms.auth import LoginForm

from commerce.customer.forms import LoginLimitFormMixin


class AdminLoginForm(LoginLimitFormMixin, AdminAuthenticationForm):
    pass


class WagtailLoginForm(LoginLimitFormMixin, LoginForm):
    pass
