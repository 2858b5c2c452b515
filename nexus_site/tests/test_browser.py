"""A shopper in headless Chromium: home page, a product, add to basket, see the basket total."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="Debian's chromium and chromium-driver are not installed (make browser-deps)",
    ),
]


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1600",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def money(text: str) -> Decimal:
    """The number in a formatted price such as '€19.90' or '19,90 €'."""
    digits = "".join(ch for ch in text if ch.isdigit() or ch in ",.")
    return Decimal(digits.replace(",", "."))


@pytest.mark.django_db(transaction=True)
def test_shopper_adds_a_featured_product_to_the_basket(browser, live_server, demo):
    from selenium.webdriver.common.by import By

    from cms.models import HomePage

    home = HomePage.objects.get()
    product = next(
        link.product
        for link in home.featured_products.select_related("product")
        if link.product.structure == "standalone" and link.product.stockrecords.exists()
    )
    title = product.get_title()

    browser.get(f"{live_server.url}/")
    assert browser.current_url.endswith("/en/")
    browser.find_element(
        By.CSS_SELECTOR, f'.home-featured h3 a[href="{product.get_absolute_url()}"]'
    ).click()

    assert browser.find_element(By.CSS_SELECTOR, ".product_main h1").text == title
    unit_price = money(browser.find_element(By.CSS_SELECTOR, ".product_main .price_color").text)
    browser.find_element(By.CSS_SELECTOR, "#add_to_basket_form button[type=submit]").click()
    # Oscar confirms the addition with a message before we open the basket.
    browser.find_element(By.CSS_SELECTOR, ".alert-success")

    browser.get(f"{live_server.url}/en/basket/")
    lines = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".basket-items h3 a")]
    assert lines == [title]
    # The first amount in the totals table is the basket total (before shipping).
    total = browser.find_element(By.CSS_SELECTOR, "#basket_totals th.total.text-right")
    assert money(total.text) == unit_price > 0
