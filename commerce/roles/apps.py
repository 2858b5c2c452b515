from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "commerce.roles"
    label = "roles"
    verbose_name = _("Staff roles")

    def ready(self):
        from commerce.roles import receivers

        post_migrate.connect(receivers.sync_role_groups, dispatch_uid="roles-sync")
