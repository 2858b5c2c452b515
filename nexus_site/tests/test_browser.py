"""A shopper in headless Chromium, through the whole storefront and the sandbox payment page.

Home → a category from the navigation → a product in stock → basket → guest checkout → the
sandbox's hosted page → approve: the thank-you page with the order number; decline: the basket
again, with the same product, the order failed and its stock released.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

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

# Long enough for a page that runs the payment verification before it redirects.
WAIT_SECONDS = 20

GUEST_EMAIL = "amina.diallo@example.com"
SHIPPING_ADDRESS = {
    "first_name": "Amina",
    "last_name": "Diallo",
    "line1": "12 rue des Lilas",
    "line4": "Lyon",
    "postcode": "69001",
    "phone_number": "+33612345678",
}
SHIPPING_COUNTRY = "FR"
SHIPPING_METHOD = "standard"


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


@dataclass
class Journey:
    """What the shopper picked on the way to the sandbox page, and the stock before the order."""

    product: object
    stockrecord: object
    allocated_before: int
    order_number: str


def _wait_for_path(browser, fragment: str) -> None:
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, WAIT_SECONDS).until(
        expected_conditions.url_contains(fragment),
        message=f"never reached a URL with {fragment!r}",
    )


def _products_in_stock(live_server) -> dict:
    """Public standalone products with units free to sell, by their URL on the live server."""
    from oscar.core.loading import get_model

    stockrecord_model = get_model("partner", "StockRecord")
    by_url = {}
    for record in stockrecord_model.objects.select_related("product").filter(
        product__is_public=True, product__structure="standalone", num_in_stock__gt=0
    ):
        if record.net_stock_level > 0:
            by_url[f"{live_server.url}{record.product.get_absolute_url()}"] = record
    assert by_url, "the demo shop has no product in stock"
    return by_url


def _category_links(browser) -> list:
    """The category links in the navigation's "Browse store" menu (hidden until it opens)."""
    from selenium.webdriver.common.by import By

    return browser.find_elements(
        By.CSS_SELECTOR, ".dropdown-menu a.dropdown-item[href*='/catalogue/category/']"
    )


def _open_category_with_stock(browser, live_server, in_stock: dict):
    """Open categories from the navigation until one lists a product in stock; open it.

    Starts on the home page. Returns the product's stock record.
    """
    from selenium.webdriver.common.by import By

    count = len(_category_links(browser))
    assert count, browser.page_source
    for index in range(count):
        if index:
            browser.get(f"{live_server.url}/en/")
        browser.find_element(By.CSS_SELECTOR, "#navbarDropdown").click()
        link = _category_links(browser)[index]
        name = link.text
        link.click()
        assert browser.find_element(By.CSS_SELECTOR, ".page-header h1").text == name
        for product_link in browser.find_elements(By.CSS_SELECTOR, ".product_pod h3 a"):
            record = in_stock.get(product_link.get_attribute("href"))
            if record is not None:
                product_link.click()
                return record
    raise AssertionError("no category in the navigation lists a product in stock")


def _shop_to_sandbox_page(browser, live_server) -> Journey:
    """Walk from the home page to the sandbox's payment page as a guest."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    in_stock = _products_in_stock(live_server)

    browser.get(f"{live_server.url}/")
    assert browser.current_url == f"{live_server.url}/en/"
    record = _open_category_with_stock(browser, live_server, in_stock)
    product = record.product
    allocated_before = record.num_allocated or 0

    # The product page.
    assert browser.find_element(By.CSS_SELECTOR, ".product_main h1").text == product.get_title()
    browser.find_element(By.CSS_SELECTOR, ".product_main .availability.instock")
    browser.find_element(By.CSS_SELECTOR, "#add_to_basket_form button[type=submit]").click()
    browser.find_element(By.CSS_SELECTOR, ".alert-success")

    # The basket, then the checkout as a guest.
    browser.get(f"{live_server.url}/en/basket/")
    lines = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".basket-items h3 a")]
    assert lines == [product.get_title()]
    browser.find_element(By.LINK_TEXT, "Proceed to checkout").click()
    browser.find_element(By.CSS_SELECTOR, "#id_username").send_keys(GUEST_EMAIL)
    browser.find_element(By.CSS_SELECTOR, "input[name=options][value=anonymous]").click()
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit].btn-primary").click()

    # The shipping address.
    _wait_for_path(browser, "/checkout/shipping-address/")
    form = browser.find_element(By.CSS_SELECTOR, "#new_shipping_address")
    for field, value in SHIPPING_ADDRESS.items():
        form.find_element(By.CSS_SELECTOR, f"#id_{field}").send_keys(value)
    Select(form.find_element(By.CSS_SELECTOR, "#id_country")).select_by_value(SHIPPING_COUNTRY)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    # The shipping method: one form per method.
    _wait_for_path(browser, "/checkout/shipping-method/")
    browser.find_element(
        By.XPATH,
        f"//form[.//input[@name='method_code' and @value='{SHIPPING_METHOD}']]"
        "//button[@type='submit']",
    ).click()

    # The payment details: the sandbox is the one provider on offer, already chosen.
    _wait_for_path(browser, "/checkout/payment-details/")
    providers = browser.find_elements(By.CSS_SELECTOR, "input[name=method]")
    assert [radio.get_attribute("value") for radio in providers] == ["sandbox"]
    assert providers[0].is_selected()
    browser.find_element(By.CSS_SELECTOR, "#view_preview").click()

    # The preview, then the order is placed and the sandbox takes over.
    browser.find_element(By.CSS_SELECTOR, "#place-order").click()
    _wait_for_path(browser, "/payments/sandbox/")
    heading = browser.find_element(By.CSS_SELECTOR, "main h1").text
    order_number = heading.split()[-1]
    return Journey(
        product=product,
        stockrecord=record,
        allocated_before=allocated_before,
        order_number=order_number,
    )


@pytest.mark.django_db(transaction=True)
def test_guest_pays_with_the_sandbox_and_sees_the_order_number(browser, live_server, demo):
    from oscar.core.loading import get_model
    from selenium.webdriver.common.by import By

    from commerce.order import statuses

    journey = _shop_to_sandbox_page(browser, live_server)

    browser.find_element(By.CSS_SELECTOR, "#sandbox-approve").click()
    _wait_for_path(browser, "/checkout/thank-you/")
    shown_number = browser.find_element(By.CSS_SELECTOR, "p.lead strong").text

    order = get_model("order", "Order").objects.get()
    assert shown_number == order.number == journey.order_number
    assert order.status == statuses.PAID
    assert order.guest_email == GUEST_EMAIL
    assert [line.product_id for line in order.lines.all()] == [journey.product.pk]
    # A paid order keeps its unit reserved until it ships.
    journey.stockrecord.refresh_from_db()
    assert journey.stockrecord.num_allocated == journey.allocated_before + 1


@pytest.mark.django_db(transaction=True)
def test_declined_payment_gives_the_basket_back(browser, live_server, demo):
    from oscar.core.loading import get_model
    from selenium.webdriver.common.by import By

    from commerce.order import statuses

    journey = _shop_to_sandbox_page(browser, live_server)
    journey.stockrecord.refresh_from_db()
    assert journey.stockrecord.num_allocated == journey.allocated_before + 1

    browser.find_element(By.CSS_SELECTOR, "#sandbox-decline").click()
    _wait_for_path(browser, "/basket/")
    message = browser.find_element(By.CSS_SELECTOR, ".alert-danger").text
    assert "Your payment was declined" in message
    lines = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".basket-items h3 a")]
    assert lines == [journey.product.get_title()]
    quantities = browser.find_elements(By.CSS_SELECTOR, ".basket-items input[name$='-quantity']")
    assert [field.get_attribute("value") for field in quantities] == ["1"]

    order = get_model("order", "Order").objects.get(number=journey.order_number)
    assert order.status == statuses.PAYMENT_FAILED
    journey.stockrecord.refresh_from_db()
    assert journey.stockrecord.num_allocated == journey.allocated_before
