"""The demo's editorial pages and footer, in English and French (``commerce.demo``)."""

import pytest
from django.utils import translation
from django.utils.html import escape
from oscar.core.loading import get_model
from wagtail.models import Site

from cms.models import FooterSettings
from commerce.demo import data

pytestmark = pytest.mark.django_db


def test_demo_articles_show_live_products_in_both_languages(client):
    article = data.ARTICLES[0]
    product = get_model("catalogue", "Product").objects.get(upc=article.product_sku)

    english = client.get(f"/en/{data.JOURNAL_PAGE.slug}/{article.slug}/")
    french = client.get(f"/fr/{data.JOURNAL_PAGE.slug}/{article.slug}/")

    assert english.status_code == french.status_code == 200
    assert escape(article.title) in english.content.decode()
    assert escape(article.title_fr) in french.content.decode()
    with translation.override("fr"):
        assert escape(product.get_title()) in french.content.decode()
        assert product.get_absolute_url() in french.content.decode()


def test_footer_setting_speaks_the_active_language():
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    with translation.override("fr"):
        assert footer.text == data.FOOTER_TEXT_FR
        french_links = [link.value.href() for link in footer.links]
    with translation.override("en"):
        assert footer.text == data.FOOTER_TEXT
        english_links = [link.value.href() for link in footer.links]
    assert english_links[0] == f"/en/{data.ABOUT_PAGE.slug}/"
    assert french_links[0] == f"/fr/{data.ABOUT_PAGE.slug}/"


def test_demo_about_and_journal_pages_are_in_the_navigation_in_both_languages(client):
    about, journal = data.ABOUT_PAGE, data.JOURNAL_PAGE
    english = client.get("/en/").content.decode()
    french = client.get("/fr/").content.decode()

    assert f'<a class="nav-link" href="/en/{about.slug}/">{escape(about.title)}</a>' in english
    assert f'<a class="nav-link" href="/en/{journal.slug}/">{escape(journal.title)}</a>' in english
    assert f'<a class="nav-link" href="/fr/{about.slug}/">{escape(about.title_fr)}</a>' in french
