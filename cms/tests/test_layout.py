"""The layout Oscar's and Wagtail's pages share: navigation (categories and menu pages), basket
summary, search box, footer; and the Wagtail content shown on Oscar's product and category pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency
from wagtail.models import Site
from wagtail.rich_text import RichText

from cms.models import CategoryLandingPage, ContentPage, FooterSettings, ProductPage
from testkit.factories.cms import french_home_page, publish

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")


# An Oscar page and a Wagtail page: both are built on the same layout.
OSCAR_PAGE = "/en/catalogue/"
WAGTAIL_PAGE = "/en/"


def navigation(html: str) -> str:
    """The main navigation bar (categories and menu pages)."""
    match = re.search(r'<nav class="navbar navbar-expand-lg navbar-dark.*?</nav>', html, re.S)
    assert match, "no main navigation"
    return match.group(0)


def footer(html: str) -> str:
    match = re.search(r"<footer.*?</footer>", html, re.S)
    assert match, "no footer"
    return match.group(0)


def get_html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.fixture
def home():
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def french_home(home):
    return french_home_page(home)


@pytest.fixture
def product(product_without_story):
    return product_without_story


def product_url(product) -> str:
    with translation.override("en"):
        return product.get_absolute_url()


def url_in(category, language: str) -> str:
    with translation.override(language):
        return category.get_absolute_url()


# --- Navigation --------------------------------------------------------------------------------


def test_navigation_lists_categories_two_levels_deep_in_the_active_language(client):
    root = next(c for c in Category.get_root_nodes().filter(is_public=True) if c.get_children())
    child = root.get_children().filter(is_public=True).first()
    grandchild = Category.objects.filter(
        depth=3, is_public=True, path__startswith=root.path
    ).first()
    assert grandchild is not None, "the demo's category tree is three levels deep"
    root.name_fr = "Rayon en français"
    root.save()

    for path in (OSCAR_PAGE, WAGTAIL_PAGE):
        nav = navigation(get_html(client, path))
        assert f'href="{url_in(root, "en")}">{escape(root.name_en)}</a>' in nav, path
        assert f'href="{url_in(child, "en")}">{escape(child.name_en)}</a>' in nav, path
        assert f'href="{url_in(grandchild, "en")}"' not in nav, path

    nav = navigation(get_html(client, "/fr/catalogue/"))
    assert f'href="{url_in(root, "fr")}">Rayon en français</a>' in nav
    assert escape(child.name_en) in nav  # no French name: English


def test_navigation_shows_live_menu_pages_in_the_active_language(client, home, french_home):
    about = home.add_child(
        instance=ContentPage(title="About us", slug="test-about", show_in_menus=True)
    )
    publish(about.copy_for_translation(french_home.locale), title="À propos", slug="test-a-propos")
    home.add_child(instance=ContentPage(title="Legal notice", slug="test-legal"))
    home.add_child(
        instance=ContentPage(title="Coming soon", slug="test-soon", show_in_menus=True, live=False)
    )

    for path in (OSCAR_PAGE, WAGTAIL_PAGE, "/en/test-legal/"):
        nav = navigation(get_html(client, path))
        assert re.search(r'href="/en/test-about/">\s*About us\s*</a>', nav), path
        assert "Legal notice" not in nav and "Coming soon" not in nav, path
        assert "À propos" not in nav

    nav = navigation(get_html(client, "/en/test-about/"))
    assert re.search(
        r'<li class="nav-item active">\s*<a class="nav-link" href="/en/test-about/"', nav
    )

    nav = navigation(get_html(client, "/fr/catalogue/"))
    assert re.search(rf'href="/fr/test-a-propos/">\s*{escape("À propos")}\s*</a>', nav)
    assert "About us" not in nav


# --- Basket summary and search box -------------------------------------------------------------


def test_basket_summary_shows_the_item_count_and_total(client, product):
    assert re.search(r"basket-mini-count[^>]*>\s*0 items\s*<", get_html(client, OSCAR_PAGE))

    response = client.post(f"/en/basket/add/{product.pk}/", {"quantity": 2})
    assert response.status_code == 302

    for path in (OSCAR_PAGE, WAGTAIL_PAGE):
        response = client.get(path)
        html = response.content.decode()
        basket = response.wsgi_request.basket
        total = basket.total_incl_tax if basket.is_tax_known else basket.total_excl_tax
        assert re.search(r"basket-mini-count[^>]*>\s*2 items\s*<", html), path
        assert re.search(
            rf"basket-mini-total[^>]*>\s*{re.escape(currency(total, basket.currency))}\s*<", html
        ), path
        assert escape(product.get_title()) in html  # the mini basket's drop-down lists it


def test_every_page_has_a_search_box_for_oscar_search(client):
    for path, action in (
        (OSCAR_PAGE, "/en/search/"),
        (WAGTAIL_PAGE, "/en/search/"),
        ("/fr/", "/fr/search/"),
    ):
        html = get_html(client, path)
        assert re.search(
            rf'<form [^>]*method="GET" action="{action}">\s*<input [^>]*name="q"', html
        ), path


# --- Footer ------------------------------------------------------------------------------------


def test_footer_comes_from_the_site_setting_on_oscar_and_wagtail_pages(client, home):
    about = home.add_child(instance=ContentPage(title="About us", slug="test-about"))
    settings = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    settings.text_en = "<p>Free delivery from 50 €.</p>"
    settings.text_fr = "<p>Livraison offerte dès 50 €.</p>"
    settings.links = [
        ("link", {"label": "Contact", "page": None, "url": "https://example.com/contact"}),
        ("link", {"label": "", "page": about, "url": ""}),
    ]
    settings.save()

    for path in (OSCAR_PAGE, WAGTAIL_PAGE, "/en/test-about/"):
        html = footer(get_html(client, path))
        assert "Free delivery from 50 €." in html, path
        assert '<a href="https://example.com/contact">Contact</a>' in html, path
        assert '<a href="/en/test-about/">About us</a>' in html, path

    assert "Livraison offerte dès 50 €." in footer(get_html(client, "/fr/catalogue/"))


# --- Wagtail content on Oscar's pages ----------------------------------------------------------


def test_product_page_shows_the_story_together_with_the_buy_box(client, home, product):
    home.add_child(
        instance=ProductPage(
            title="Made to last",
            slug="made-to-last",
            product=product,
            story=[("rich_text", RichText("<p>Hand-made in Lyon since 1952.</p>"))],
        )
    )

    html = get_html(client, product_url(product))

    assert "Hand-made in Lyon since 1952." in html
    assert 'id="add_to_basket_form"' in html
    assert html.index('id="add_to_basket_form"') < html.index("Hand-made in Lyon")


def test_product_page_without_a_live_story_is_oscars(client, home, product):
    home.add_child(
        instance=ProductPage(
            title="Draft story",
            slug="draft-story",
            product=product,
            live=False,
            story=[("rich_text", RichText("<p>Not yet.</p>"))],
        )
    )
    html = get_html(client, product_url(product))
    assert "Not yet." not in html
    assert 'class="product-story"' not in html
    assert 'id="add_to_basket_form"' in html


def test_category_page_shows_the_landing_content_above_the_products(client, home, product):
    category = product.get_categories().filter(landing_pages__isnull=True).first()
    home.add_child(
        instance=CategoryLandingPage(
            title="Spring",
            slug="spring",
            category=category,
            body=[("rich_text", RichText("<p>The spring collection is here.</p>"))],
        )
    )

    html = get_html(client, category.get_absolute_url())

    assert "The spring collection is here." in html
    assert 'class="product_pod"' in html
    assert html.index("The spring collection is here.") < html.index('class="product_pod"')


# --- Query counts ------------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    client.get(path)  # caches warm (site root paths, content types, locales)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_navigation_costs_the_same_queries_however_many_categories_and_pages(client, home, product):
    paths = (WAGTAIL_PAGE, product_url(product))
    before = [_queries(client, path) for path in paths]

    # The requests above left their language active: name the categories in English.
    with translation.override("en"):
        for index in range(3):
            root = Category.add_root(name=f"Extra {index}", slug=f"extra-{index}")
            root.add_child(name=f"Extra {index} child", slug=f"extra-{index}-child")
            home.add_child(
                instance=ContentPage(
                    title=f"Menu {index}", slug=f"menu-{index}", show_in_menus=True
                )
            )

    after = [_queries(client, path) for path in paths]
    nav = navigation(get_html(client, WAGTAIL_PAGE))
    assert "Extra 2 child" in nav and "Menu 2" in nav
    assert after == before


# Measured with the demo shop: home 12 (featured products included), product page 11. The
# layout's share is constant: one query for the categories, one for the footer setting and one
# for the menu pages, the footer's page links and the page's translations together (see the
# test above for "however many").
HOME_PAGE_QUERIES = 12
PRODUCT_PAGE_QUERIES = 12


def test_home_and_product_pages_stay_within_a_query_budget(
    client, product, settings, django_assert_max_num_queries
):
    settings.RESPONSE_CACHE_SECONDS = 0
    client.get(WAGTAIL_PAGE)
    client.get(product_url(product))
    with django_assert_max_num_queries(HOME_PAGE_QUERIES):
        client.get(WAGTAIL_PAGE)
    with django_assert_max_num_queries(PRODUCT_PAGE_QUERIES):
        client.get(product_url(product))


def test_pages_name_their_other_language_versions_for_search_engines(client, home, product):
    english = client.get(product.get_absolute_url()).content.decode()
    with translation.override("fr"):
        french_url = product.get_absolute_url()
    assert f'<link rel="alternate" hreflang="fr" href="http://testserver{french_url}">' in english

    home_page = client.get("/en/").content.decode()
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/">' in home_page
    assert '<link rel="alternate" hreflang="fr" href="http://testserver/fr/">' in home_page
