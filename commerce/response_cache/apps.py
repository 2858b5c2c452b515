from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponseCacheConfig(AppConfig):
    name = "commerce.response_cache"
    label = "response_cache"
    verbose_name = _("Response cache")

    def ready(self):
        from commerce.response_cache import receivers

        receivers.connect()
