"""Django admin for superusers only: staff roles work in the Oscar dashboard and Wagtail admin."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class SuperuserAdminSite(admin.AdminSite):
    site_header = _("Nexus Commerce administration")

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    @property
    def login_form(self):
        # Imported on use: auth forms need the app registry, which this module is part of.
        from nexus_site.login_forms import AdminLoginForm

        return AdminLoginForm


class SuperuserAdminConfig(AdminConfig):
    default_site = "nexus_site.admin.SuperuserAdminSite"
