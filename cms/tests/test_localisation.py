"""A page's French translation is served under /fr/, the English one under /en/."""

import pytest
from django.urls import reverse

from cms.models import ContentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_home(home, fr_locale):
    french = home.get_translation_or_none(fr_locale) or home.copy_for_translation(fr_locale)
    french.save_revision().publish()
    return french


def english_page(make_page):
    return make_page(
        ContentPage,
        title="Our story",
        slug="our-story",
        body=[("rich_text", "<p>Founded in Nairobi.</p>")],
    )


def test_a_french_translation_is_served_under_fr(client, make_page, fr_locale, french_home):
    page = english_page(make_page)

    french = page.copy_for_translation(fr_locale)
    french.title = "Notre histoire"
    french.body = [("rich_text", "<p>Fondée à Nairobi.</p>")]
    french.save_revision().publish()

    fr_html = client.get("/fr/our-story/").content.decode()
    en_html = client.get("/en/our-story/").content.decode()
    assert "Notre histoire" in fr_html and "Fondée à Nairobi." in fr_html
    assert "Our story" in en_html and "Founded in Nairobi." in en_html
    assert "Fondée" not in en_html


def test_simple_translation_translate_action(client, make_page, fr_locale, french_home, superuser):
    page = english_page(make_page)
    client.force_login(superuser)

    url = reverse("simple_translation:submit_page_translation", args=[page.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [fr_locale.pk]})

    french = page.get_translation(fr_locale)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[french.pk])
    # Translations start as drafts: nothing French is served until an editor publishes.
    assert not french.live
    french = french.specific
    french.title = "Notre histoire"
    french.save_revision().publish()
    assert "Notre histoire" in client.get("/fr/our-story/").content.decode()
