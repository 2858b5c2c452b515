"""Wagtail pages for tests: publish a change as an editor would, and the French home page."""

from wagtail.models import Locale


def publish(page, **fields):
    """Set ``fields`` on the page, publish it as a new revision and return it fresh."""
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def french_home_page(home):
    """The home page's live French translation (the demo ships one; created if missing)."""
    french = Locale.objects.get(language_code="fr")
    return home.get_translation_or_none(french) or publish(home.copy_for_translation(french))
