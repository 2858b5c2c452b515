"""Catalogue and category browsing list demo products from the database; search finds them."""

import re

import pytest
from django.conf import settings
from django.utils.html import escape
from oscar.core.loading import get_model

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


def listed_titles(response) -> set[str]:
    return {product.get_title() for product in response.context["products"]}


def test_all_products_lists_every_browsable_product(client):
    response = client.get("/en/catalogue/")
    assert response.status_code == 200
    browsable = Product.objects.browsable()
    assert response.context["paginator"].count == browsable.count() >= 60
    first_page = listed_titles(response)
    assert len(first_page) == 20
    assert first_page <= set(p.get_title() for p in browsable)
    assert escape(next(iter(first_page))) in response.content.decode()


def test_category_page_lists_its_products_and_its_descendants_only(client):
    top = Category.get_root_nodes().filter(is_public=True).first()
    in_tree = set(
        Product.objects.browsable()
        .filter(categories__in=top.get_descendants_and_self())
        .values_list("title", flat=True)
    )
    assert in_tree, "the demo category has no products"

    response = client.get(top.get_absolute_url(), {"page": 1})

    assert response.status_code == 200
    assert response.context["category"] == top
    assert response.context["paginator"].count == len(in_tree)
    assert listed_titles(response) <= in_tree


def test_category_page_with_an_old_slug_redirects(client):
    category = Category.objects.filter(depth=3).first()
    response = client.get(f"/en/catalogue/category/old-slug_{category.pk}/")
    assert response.status_code == 301
    assert response["Location"] == category.get_absolute_url()


def test_a_page_past_the_end_goes_back_to_page_one(client):
    response = client.get("/en/catalogue/", {"page": 999})
    assert response.status_code == 302
    assert response["Location"] == "/en/catalogue/"


def test_hidden_category_is_not_found_by_shoppers(client):
    category = Category.objects.filter(depth=3).first()
    Category.objects.filter(pk=category.pk).update(is_public=False)
    assert client.get(category.get_absolute_url()).status_code == 404


def test_storefront_search_finds_a_product_by_title(client):
    product = Product.objects.browsable().order_by("pk").first()
    word = product.title.split()[0]
    response = client.get("/en/search/", {"q": word})
    assert response.status_code == 200
    assert escape(product.get_title()) in response.content.decode()


def test_category_page_sorts_by_price_and_filters_by_facet(client):
    top = Category.get_root_nodes().filter(is_public=True).first()
    response = client.get(top.get_absolute_url(), {"sort_by": "price_asc"})
    assert response.status_code == 200
    record_prices = [
        min(
            [r.price for r in p.stockrecords.all()]
            + [r.price for c in p.children.all() for r in c.stockrecords.all()]
        )
        for p in response.context["products"]
    ]
    assert record_prices == sorted(record_prices)

    facets = response.context["facet_data"]
    assert {"category", "price_range", "in_stock"} <= set(facets)
    price_facet = facets["price_range"]["results"][0]
    filtered = client.get(price_facet["select_url"])
    assert filtered.context["paginator"].count == price_facet["count"]
    assert all(item["selected"] is False for item in facets["price_range"]["results"])
    assert any(
        item["selected"] for item in filtered.context["facet_data"]["price_range"]["results"]
    )


def test_search_page_pages_through_results(client):
    response = client.get("/en/search/", {"q": "", "page": 2})
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert len(response.context["products"]) == 20


def test_the_search_page_says_what_a_misspelt_query_was_corrected_to(client):
    misspelt = client.get("/en/search/", {"q": "espreso"}).content.decode()
    right = client.get("/en/search/", {"q": "espresso"}).content.decode()
    assert "Showing results for <strong>espresso</strong>" in misspelt
    assert "Showing results for" not in right
    assert "Found <strong>0</strong> results" not in misspelt


def test_a_search_that_finds_nothing_links_to_popular_categories(client):
    html = client.get("/en/search/", {"q": "zzqxj"}).content.decode()
    assert "search-popular-categories" in html and "/en/catalogue/category/" in html
    assert (
        "search-popular-categories"
        not in client.get("/en/search/", {"q": "headphones"}).content.decode()
    )


def test_the_search_box_completes_titles_from_the_suggest_api(client):
    html = client.get("/en/").content.decode()
    assert 'data-suggest-url="/api/search/suggest/"' in html and 'list="id_q_suggestions"' in html
    assert '<datalist id="id_q_suggestions">' in html
    assert re.search(r'<script src="[^"]*js/search_suggest[^"]*\.js" defer>', html)
    script = (settings.BASE_DIR / "static" / "js" / "search_suggest.js").read_text()
    assert "data-suggest-url" in script and "suggestions" in script
