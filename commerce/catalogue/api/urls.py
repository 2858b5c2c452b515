"""URL patterns mounted under /api/ (before django-oscar-api's own)."""

urlpatterns: list = []
