"""The storefront in English and French: language-prefixed URLs, the language switcher that keeps
the page, the API's Accept-Language, and French pages with French product names and UI strings."""

from html.parser import HTMLParser

import pytest
from django.utils import translation
from django.utils.html import escape
from oscar.core.loading import get_model
from wagtail.models import Site

from cms.models import ContentPage
from testkit.factories.cms import french_home_page, publish

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


class _SwitcherParser(HTMLParser):
    """Reads the language switcher: {language code: the URL its form posts as ``next``}."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside #language_switcher when > 0
        self.form_fields: dict | None = None
        self.links: dict[str, str] = {}
        self.active: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0:
            if attrs.get("id") == "language_switcher":
                self.depth = 1
            return
        if tag == "div":
            self.depth += 1
        elif tag == "form":
            assert attrs["action"] == "/i18n/setlang/" and attrs["method"] == "post"
            self.form_fields = {}
        elif tag == "input" and self.form_fields is not None:
            self.form_fields[attrs["name"]] = attrs.get("value")
        elif tag == "span" and attrs.get("aria-current"):
            self.active.append(attrs["lang"])

    def handle_endtag(self, tag):
        if self.depth == 0:
            return
        if tag == "div":
            self.depth -= 1
        elif tag == "form":
            self.links[self.form_fields["language"]] = self.form_fields["next"]
            self.form_fields = None


def french(msgid: str) -> str:
    """The French for one of the layout's strings, which must have one."""
    with translation.override("fr"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no French for {msgid!r}"
    return text


def french_plural(singular: str, plural: str, count: int) -> str:
    with translation.override("fr"):
        text = translation.ngettext(singular, plural, count) % {"num_items": count}
    assert not text.endswith(("item", "items")), f"no French for {singular!r}"
    return text


def switcher(response) -> _SwitcherParser:
    assert response.status_code == 200
    parser = _SwitcherParser()
    parser.feed(response.content.decode())
    assert parser.active, "no language switcher on the page"
    return parser


@pytest.fixture
def product(product_without_story):
    return product_without_story


def product_path(product, language: str) -> str:
    with translation.override(language):
        return product.get_absolute_url()


@pytest.fixture
def home():
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def french_home(home):
    return french_home_page(home)


# --- URLs carry the language -------------------------------------------------------------------


def test_storefront_urls_carry_the_language(client, product):
    assert product_path(product, "en").startswith("/en/catalogue/")
    assert product_path(product, "fr").startswith("/fr/catalogue/")
    for language in ("en", "fr"):
        response = client.get(product_path(product, language))
        assert response.status_code == 200
        assert response["Content-Language"] == language
        assert f'<html lang="{language}"' in response.content.decode()


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, "/en/catalogue/"),
        ({"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}, "/fr/catalogue/"),
    ],
)
def test_unprefixed_storefront_path_redirects_to_the_prefixed_one(client, headers, expected):
    response = client.get("/catalogue/?page=1", **headers)
    assert response.status_code == 302
    assert response["Location"] == f"{expected}?page=1"


def test_unknown_api_and_back_office_paths_are_not_redirected_to_the_storefront(client):
    for path in ("/api/no-such-endpoint/", "/dashboard/no-such-screen/", "/api/products/0/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code in (401, 403, 404), path
        assert "Location" not in response, path


# --- The language switcher keeps the page ------------------------------------------------------


def test_switcher_on_an_oscar_page_links_to_the_same_page_in_the_other_language(client, product):
    parsed = switcher(client.get(product_path(product, "en")))

    assert parsed.active == ["en"]
    assert parsed.links == {"fr": product_path(product, "fr")}
    assert parsed.links["fr"] == f"/fr/catalogue/{product.slug}_{product.pk}/"

    parsed = switcher(client.get(product_path(product, "fr")))
    assert parsed.active == ["fr"]
    assert parsed.links == {"en": f"/en/catalogue/{product.slug}_{product.pk}/"}


def test_switcher_keeps_the_query_string(client):
    parsed = switcher(client.get("/en/search/", {"q": "phone"}))
    assert parsed.links == {"fr": "/fr/search/?q=phone"}


def test_switcher_on_a_wagtail_page_links_to_its_translation(client, home, french_home):
    about = home.add_child(instance=ContentPage(title="About us", slug="test-about"))
    about_fr = publish(
        about.copy_for_translation(french_home.locale), title="À propos", slug="test-a-propos"
    )
    assert about_fr.url == "/fr/test-a-propos/"

    parsed = switcher(client.get("/en/test-about/"))
    assert parsed.links == {"fr": "/fr/test-a-propos/"}

    parsed = switcher(client.get("/fr/test-a-propos/"))
    assert parsed.active == ["fr"]
    assert parsed.links == {"en": "/en/test-about/"}


def test_switcher_on_a_wagtail_page_without_translation_links_to_that_language_home(
    client, home, french_home
):
    home.add_child(instance=ContentPage(title="English only", slug="test-english-only"))
    parsed = switcher(client.get("/en/test-english-only/"))
    assert parsed.links == {"fr": "/fr/"}


def test_switcher_on_the_home_page_links_to_the_other_home(client, home):
    assert switcher(client.get("/en/")).links == {"fr": "/fr/"}
    assert switcher(client.get("/fr/")).links == {"en": "/en/"}


def test_choosing_a_language_remembers_it_and_keeps_the_page(client, product):
    french_path = switcher(client.get(product_path(product, "en"))).links["fr"]

    response = client.post("/i18n/setlang/", {"language": "fr", "next": french_path})

    assert response.status_code == 302
    assert response["Location"] == french_path
    assert client.cookies["django_language"].value == "fr"
    # The choice holds for unprefixed storefront paths too, whatever the browser prefers.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/fr/"
    assert client.get("/basket/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/fr/basket/"


# --- The API honours Accept-Language -----------------------------------------------------------


@pytest.fixture
def two_products(client):
    """Two products on the API's first page: one translated into French, one not."""
    results = client.get("/api/catalogue/products/").json()["results"]
    translated, untranslated = (Product.objects.get(pk=item["id"]) for item in results[:2])
    translated.title_fr = "Casque sans fil (FR)"
    translated.save()
    untranslated.title_fr = ""
    untranslated.save()
    return translated, untranslated


def _titles(response) -> dict[int, str]:
    assert response.status_code == 200
    return {item["id"]: item["title"] for item in response.json()["results"]}


def test_api_product_list_answers_in_the_accept_language(client, two_products):
    translated, untranslated = two_products

    french = client.get("/api/catalogue/products/", HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get("/api/catalogue/products/", HTTP_ACCEPT_LANGUAGE="en")

    assert french["Content-Language"] == "fr"
    assert "Accept-Language" in french["Vary"]
    assert _titles(french)[translated.pk] == "Casque sans fil (FR)"
    assert _titles(french)[untranslated.pk] == untranslated.title_en  # falls back to English
    assert _titles(english)[translated.pk] == translated.title_en


def test_api_product_detail_answers_in_the_accept_language(client, two_products):
    translated, untranslated = two_products

    def title(product, language):
        response = client.get(f"/api/products/{product.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        return response.json()["title"]

    assert title(translated, "fr-CA,fr;q=0.9,en;q=0.5") == "Casque sans fil (FR)"
    assert title(translated, "en") == translated.title_en
    assert title(untranslated, "fr") == untranslated.title_en


def test_api_prefers_accept_language_to_the_storefront_language_cookie(client, two_products):
    translated, _untranslated = two_products
    client.post("/i18n/setlang/", {"language": "en", "next": "/en/"})

    response = client.get(f"/api/products/{translated.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["title"] == "Casque sans fil (FR)"
    # Without the header, the cookie's language holds.
    assert client.get(f"/api/products/{translated.pk}/").json()["title"] == translated.title_en


# --- The French storefront ---------------------------------------------------------------------


def test_french_storefront_shows_french_product_names_and_ui(client):
    listing = client.get("/fr/catalogue/")
    assert listing.status_code == 200
    shown = list(listing.context["products"])
    translated, untranslated = shown[0], shown[1]
    translated.title_fr = "Chaise pliante en chêne"
    translated.save()
    untranslated.title_fr = ""
    untranslated.save()

    html = client.get("/fr/catalogue/").content.decode()

    assert '<html lang="fr"' in html
    assert escape("Chaise pliante en chêne") in html
    assert escape(untranslated.title_en) in html  # English when there is no French name
    assert escape(translated.title_en) not in html
    # Oscar's own French strings, and the layout's (in French whichever catalogue provides them).
    assert "Tous les produits" in html  # Oscar's "All products"
    for msgid in ("Browse store", "Basket total:", "Language", "View basket"):
        assert escape(french(msgid)) in html, msgid
    assert escape(french_plural("%(num_items)s item", "%(num_items)s items", 0)) in html


def test_french_product_page_shows_the_french_name_and_buy_box(client, product):
    product.title_fr = "Lampe de bureau à LED"
    product.description_fr = "<p>Une lumière douce pour travailler tard.</p>"
    product.save()

    html = client.get(product_path(product, "fr")).content.decode()

    assert f"<h1>{escape('Lampe de bureau à LED')}</h1>" in html
    assert "Une lumière douce pour travailler tard." in html
    assert "Ajouter au panier" in html  # Oscar's "Add to basket"
    assert "Description du produit" in html  # Oscar's "Product Description"
    assert f">{escape(french('Language'))}<" in html
    assert 'lang="en"' in html and ">English<" in html  # the way back to English
