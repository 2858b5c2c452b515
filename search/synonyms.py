"""The synonyms search applies: from the code and from merchandisers, read when needed (the
database index reads them for each search, so a saved group works at once)."""

from __future__ import annotations

from django.conf import settings


def search_synonyms() -> dict[str, list[str]]:
    """Synonyms from the code (``SEARCH_SYNONYMS``) and from merchandisers (Wagtail setting).

    Each group of words means the same: every word maps to all the others.
    """
    from search.models import SearchSettings

    groups = [[w.strip().lower() for w in group if w.strip()] for group in settings.SEARCH_SYNONYMS]
    # Read, never created here: searches call this, and a GET must not write.
    saved = SearchSettings.objects.order_by("pk").first()
    if saved is not None:
        groups += saved.synonym_groups()
    synonyms: dict[str, set[str]] = {}
    for group in groups:
        for word in group:
            synonyms.setdefault(word, set()).update(w for w in group if w != word)
    return {word: sorted(others) for word, others in sorted(synonyms.items()) if others}
