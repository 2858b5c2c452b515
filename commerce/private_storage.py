"""The storage of files only staff may read (``STORAGES["private"]``): uploaded product imports.

Files go under ``PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT``, so neither Django's /media/
route nor a proxy serving the public media can reach them; they have no URL, and are sent by
views that check permissions (``commerce.product_import.dashboard_views.ImportFileView``).
Production may point ``STORAGES["private"]`` at any storage with no public URL instead, such as
a private bucket.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateFileSystemStorage(FileSystemStorage):
    """A ``FileSystemStorage`` whose folder defaults to ``PRIVATE_MEDIA_ROOT`` (read when first
    used, as Django's reads ``MEDIA_ROOT``, so tests can move it) and that has no URL."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError(
            "Private files have no URL: send them through a view that checks permissions."
        )

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
