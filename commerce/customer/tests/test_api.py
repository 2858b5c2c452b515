"""The customer account API: registration, email verification, password reset, profile,
addresses, wish lists and reviews, each customer seeing only their own."""

from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail, signing
from django.test import Client
from oscar.core.loading import get_model

from commerce.customer import services

User = get_model("auth", "User")
Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")
WishList = get_model("wishlists", "WishList")

pytestmark = pytest.mark.django_db

CUSTOMER_EMAIL = "customer@example.com"
CUSTOMER_PASSWORD = "nexus-demo"
STRONG_PASSWORD = "Plum-Orchard-4417"


def post(client, path, data=None, **extra):
    return client.post(path, data or {}, content_type="application/json", **extra)


def patch(client, path, data):
    return client.patch(path, data, content_type="application/json")


def assert_error_format(response, status, *fields):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    for field in fields:
        assert field in body["errors"], body


@pytest.fixture
def customer():
    return User.objects.get(email=CUSTOMER_EMAIL)


@pytest.fixture
def other():
    return User.objects.create_user(
        username="second-customer", email="second@example.org", password=STRONG_PASSWORD
    )


@pytest.fixture
def customer_client(customer):
    client = Client()
    client.force_login(customer)
    return client


@pytest.fixture
def other_client(other):
    client = Client()
    client.force_login(other)
    return client


@pytest.fixture
def product(customer, other):
    return (
        Product.objects.filter(is_public=True)
        .exclude(reviews__user__in=[customer, other])
        .order_by("pk")
        .first()
    )


# --- Registration and email verification ------------------------------------------------------


def test_registration_creates_an_unverified_customer_and_emails_the_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            "/api/account/register/",
            {
                "email": "New.Customer@Example.COM",
                "password": STRONG_PASSWORD,
                "first_name": "Nina",
                "last_name": "New",
            },
        )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "New.Customer@example.com"
    assert body["first_name"] == "Nina" and body["email_verified"] is False
    assert "password" not in body
    user = User.objects.get(email="New.Customer@example.com")
    assert user.is_active and user.check_password(STRONG_PASSWORD)
    assert user.username and user.username != user.email

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["New.Customer@example.com"]
    link = next(
        word for word in mail.outbox[0].body.split() if "/api/account/verify-email/" in word
    )
    token = parse_qs(urlparse(link).query)["token"][0]

    verified = post(Client(), "/api/account/verify-email/", {"token": token})
    assert verified.status_code == 200, verified.content
    assert verified.json()["email_verified"] is True
    # The emailed link itself works too, and verifying again changes nothing.
    assert Client().get(link).json()["email_verified"] is True

    new_client = Client()
    new_client.force_login(user)
    assert new_client.get("/api/account/profile/").json()["email_verified"] is True


def test_registration_refuses_a_taken_email_and_a_weak_password(client):
    taken = post(
        client, "/api/account/register/", {"email": "CUSTOMER@example.com", "password": "x"}
    )
    assert_error_format(taken, 400, "email")
    assert taken.json()["code"] == "invalid"

    weak = post(client, "/api/account/register/", {"email": "weak@example.org", "password": "1234"})
    assert_error_format(weak, 400, "password")
    assert not User.objects.filter(email="weak@example.org").exists()

    missing = post(client, "/api/account/register/", {})
    assert_error_format(missing, 400, "email", "password")


def test_registration_is_throttled(client):
    for number in range(5):
        response = post(
            client, "/api/account/register/", {"email": f"t{number}@example.org", "password": "1"}
        )
        assert response.status_code == 400
    limited = post(
        client, "/api/account/register/", {"email": "t9@example.org", "password": STRONG_PASSWORD}
    )
    assert_error_format(limited, 429)
    assert limited.json()["code"] == "throttled"
    assert int(limited["Retry-After"]) > 0


def test_a_forged_expired_or_stale_verification_token_is_refused(client, customer):
    forged = post(client, "/api/account/verify-email/", {"token": "not-a-token"})
    assert_error_format(forged, 400, "token")

    token = services.email_verification_token(user=customer)
    with mock.patch("django.core.signing.time.time", return_value=10**10):
        expired = post(client, "/api/account/verify-email/", {"token": token})
    assert_error_format(expired, 400, "token")

    other_salt = signing.dumps({"user": customer.pk, "email": customer.email}, salt="other")
    assert_error_format(post(client, "/api/account/verify-email/", {"token": other_salt}), 400)

    customer.email = "changed@example.org"
    customer.save()
    stale = post(client, "/api/account/verify-email/", {"token": token})
    assert_error_format(stale, 400, "token")
    assert_error_format(client.get("/api/account/verify-email/"), 400, "token")


# --- Password reset ---------------------------------------------------------------------------


def test_password_reset_sends_the_storefront_link_and_the_link_changes_the_password(
    client, customer
):
    with mock.patch.object(services, "password_reset_notify") as notify:
        response = post(client, "/api/account/password-reset/", {"email": CUSTOMER_EMAIL})
    assert response.status_code == 202, response.content
    notify.assert_called_once()
    kwargs = notify.call_args.kwargs
    assert kwargs["user_id"] == customer.pk and kwargs["language"] == "en"
    reset_url = kwargs["reset_url"]
    assert reset_url.startswith("http://testserver/en/")
    uid, token = urlparse(reset_url).path.rstrip("/").split("/")[-2:]
    assert Client().get(reset_url).status_code in (200, 302)  # the storefront page exists

    weak = post(
        client,
        "/api/account/password-reset/confirm/",
        {"uid": uid, "token": token, "new_password": "123"},
    )
    assert_error_format(weak, 400, "new_password")

    done = post(
        client,
        "/api/account/password-reset/confirm/",
        {"uid": uid, "token": token, "new_password": STRONG_PASSWORD},
    )
    assert done.status_code == 200, done.content
    customer.refresh_from_db()
    assert customer.check_password(STRONG_PASSWORD)

    # The link works once: the password change invalidates its token.
    again = post(
        client,
        "/api/account/password-reset/confirm/",
        {"uid": uid, "token": token, "new_password": "Another-Pass-9912"},
    )
    assert_error_format(again, 400, "token")


def test_password_reset_queues_the_notification(client, customer):
    Message = get_model("communication", "Message")
    before = Message.objects.count()
    response = post(client, "/api/account/password-reset/", {"email": CUSTOMER_EMAIL})
    assert response.status_code == 202
    assert Message.objects.count() == before + 1


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    with mock.patch.object(services, "password_reset_notify") as notify:
        response = post(client, "/api/account/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 202
    assert response.json() == {
        "detail": "If an account has this email, a reset link is on its way."
    }
    notify.assert_not_called()

    bad_email = post(client, "/api/account/password-reset/", {"email": "not-an-email"})
    assert_error_format(bad_email, 400, "email")


def test_a_bad_reset_token_is_refused(client, customer):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(customer.pk))
    for data in (
        {"uid": uid, "token": "bad-token", "new_password": STRONG_PASSWORD},
        {"uid": "!!", "token": "bad-token", "new_password": STRONG_PASSWORD},
    ):
        assert_error_format(post(client, "/api/account/password-reset/confirm/", data), 400)
    customer.refresh_from_db()
    assert customer.check_password(CUSTOMER_PASSWORD)


def test_password_reset_is_throttled(client):
    for _ in range(5):
        response = post(client, "/api/account/password-reset/", {"email": "nobody@example.org"})
        assert response.status_code == 202
    limited = post(client, "/api/account/password-reset/", {"email": "nobody@example.org"})
    assert_error_format(limited, 429)


# --- Profile ----------------------------------------------------------------------------------


def test_profile_reads_and_updates_the_callers_own_names(customer_client, customer):
    profile = customer_client.get("/api/account/profile/")
    assert profile.status_code == 200
    assert set(profile.json()) == {
        "email",
        "first_name",
        "last_name",
        "email_verified",
        "date_joined",
    }
    assert profile.json()["email"] == CUSTOMER_EMAIL

    changed = patch(
        customer_client,
        "/api/account/profile/",
        {"first_name": "Chloé", "email": "hijack@example.org", "email_verified": True},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["first_name"] == "Chloé"
    assert changed.json()["email"] == CUSTOMER_EMAIL
    assert changed.json()["email_verified"] is False
    customer.refresh_from_db()
    assert customer.first_name == "Chloé" and customer.email == CUSTOMER_EMAIL

    too_long = patch(customer_client, "/api/account/profile/", {"last_name": "x" * 151})
    assert_error_format(too_long, 400, "last_name")
    assert customer_client.put("/api/account/profile/", {}).status_code == 405


def test_profile_with_a_jwt(client):
    tokens = post(
        client, "/api/auth/token/", {"username": CUSTOMER_EMAIL, "password": CUSTOMER_PASSWORD}
    ).json()
    response = Client().get(
        "/api/account/profile/", HTTP_AUTHORIZATION=f"Bearer {tokens['access']}"
    )
    assert response.status_code == 200
    assert response.json()["email"] == CUSTOMER_EMAIL


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/account/profile/"),
        ("patch", "/api/account/profile/"),
        ("get", "/api/account/wishlists/"),
        ("post", "/api/account/wishlists/"),
        ("get", "/api/account/reviews/"),
        ("get", "/api/useraddresses/"),
    ],
)
def test_anonymous_callers_are_refused(client, method, path):
    response = getattr(client, method)(path, {}, content_type="application/json")
    assert_error_format(response, 401 if response.status_code == 401 else 403)
    assert response.json()["code"] == "not_authenticated"


# --- Addresses (django-oscar-api's) ------------------------------------------------------------


def address_data(**changes):
    country = Country.objects.filter(is_shipping_country=True).order_by("pk").first()
    return {
        "title": "Ms",
        "first_name": "Ada",
        "last_name": "Home",
        "line1": "1 Rue de la Paix",
        "line4": "Paris",
        "postcode": "75002",
        "country": f"http://testserver/api/countries/{country.pk}/",
        **changes,
    }


def test_addresses_are_a_plain_list_and_private(customer_client, other_client, other):
    created = post(customer_client, "/api/useraddresses/", address_data())
    assert created.status_code == 201, created.content
    address_id = created.json()["id"]

    own = customer_client.get("/api/useraddresses/")
    assert own.status_code == 200
    # An address book stays short: a list, as django-oscar-api answers it (docs/api.md).
    assert isinstance(own.json(), list)
    assert address_id in [address["id"] for address in own.json()]

    # The second customer neither sees nor touches it.
    assert other_client.get("/api/useraddresses/").json() == []
    path = f"/api/useraddresses/{address_id}/"
    assert other_client.get(path).status_code == 404
    assert patch(other_client, path, {"line1": "Stolen"}).status_code == 404
    assert other_client.delete(path).status_code == 404
    assert UserAddress.objects.get(pk=address_id).line1 == "1 Rue de la Paix"

    # Nor can they file an address under the first customer's account.
    post(other_client, "/api/useraddresses/", address_data(line1="2 Rue Mine"))
    assert UserAddress.objects.get(line1="2 Rue Mine").user == other

    assert patch(customer_client, path, {"line1": "3 Rue Neuve"}).status_code == 200
    assert customer_client.delete(path).status_code == 204


# --- Wish lists -------------------------------------------------------------------------------


def test_wishlists_crud_with_lines(customer_client, product):
    created = post(customer_client, "/api/account/wishlists/", {"name": "Birthday"})
    assert created.status_code == 201, created.content
    key = created.json()["key"]
    assert created.json()["visibility"] == "Private" and created.json()["lines"] == []

    listed = customer_client.get("/api/account/wishlists/").json()
    assert {"count", "results"} <= set(listed)
    assert key in [wishlist["key"] for wishlist in listed["results"]]

    line = post(customer_client, f"/api/account/wishlists/{key}/lines/", {"product": product.pk})
    assert line.status_code == 201, line.content
    assert line.json()["product"] == product.pk and line.json()["quantity"] == 1
    again = post(customer_client, f"/api/account/wishlists/{key}/lines/", {"product": product.pk})
    assert again.json()["id"] == line.json()["id"] and again.json()["quantity"] == 2

    detail = customer_client.get(f"/api/account/wishlists/{key}/").json()
    assert [entry["product"] for entry in detail["lines"]] == [product.pk]

    renamed = patch(customer_client, f"/api/account/wishlists/{key}/", {"name": "Christmas"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Christmas"

    removed = customer_client.delete(f"/api/account/wishlists/{key}/lines/{line.json()['id']}/")
    assert removed.status_code == 204
    assert customer_client.get(f"/api/account/wishlists/{key}/").json()["lines"] == []

    assert customer_client.delete(f"/api/account/wishlists/{key}/").status_code == 204
    assert not WishList.objects.filter(key=key).exists()


def test_wishlist_validation_errors(customer_client):
    key = post(customer_client, "/api/account/wishlists/", {}).json()["key"]
    assert WishList.objects.get(key=key).name == "Default"

    bad_product = post(customer_client, f"/api/account/wishlists/{key}/lines/", {"product": 0})
    assert_error_format(bad_product, 400, "product")
    bad_visibility = patch(
        customer_client, f"/api/account/wishlists/{key}/", {"visibility": "Everyone"}
    )
    assert_error_format(bad_visibility, 400, "visibility")
    assert_error_format(customer_client.get("/api/account/wishlists/nope00/"), 404)


def test_another_customers_wishlist_is_not_found(customer_client, other_client, product):
    key = post(customer_client, "/api/account/wishlists/", {"name": "Mine"}).json()["key"]
    line_id = post(
        customer_client, f"/api/account/wishlists/{key}/lines/", {"product": product.pk}
    ).json()["id"]

    assert other_client.get("/api/account/wishlists/").json()["count"] == 0
    path = f"/api/account/wishlists/{key}/"
    assert_error_format(other_client.get(path), 404)
    assert_error_format(patch(other_client, path, {"name": "Theirs"}), 404)
    assert_error_format(other_client.delete(path), 404)
    assert_error_format(post(other_client, f"{path}lines/", {"product": product.pk}), 404)
    assert_error_format(other_client.delete(f"{path}lines/{line_id}/"), 404)

    wishlist = WishList.objects.get(key=key)
    assert wishlist.name == "Mine" and wishlist.lines.count() == 1


# --- Reviews ----------------------------------------------------------------------------------


def review_data(**changes):
    return {"title": "Lovely", "score": 5, "body": "Does what it says.", **changes}


def test_reviews_are_posted_once_and_listed_when_approved(
    client, customer_client, customer, product, settings
):
    path = f"/api/products/{product.pk}/reviews/"
    created = post(customer_client, path, review_data())
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "approved"  # moderation is off
    assert created.json()["score"] == 5 and created.json()["product"] == product.pk

    public = client.get(path)
    assert public.status_code == 200
    assert {"count", "results"} <= set(public.json())
    assert created.json()["id"] in [review["id"] for review in public.json()["results"]]
    assert "status" not in public.json()["results"][0]

    twice = post(customer_client, path, review_data(title="Again"))
    assert_error_format(twice, 400, "non_field_errors")
    assert ProductReview.objects.filter(product=product, user=customer).count() == 1

    own = customer_client.get("/api/account/reviews/").json()
    assert {"count", "results"} <= set(own)
    assert [review["status"] for review in own["results"] if review["product"] == product.pk] == [
        "approved"
    ]


def test_reviews_wait_for_moderation_when_it_is_on(
    client, customer_client, product, other_client, settings
):
    settings.OSCAR_MODERATE_REVIEWS = True
    path = f"/api/products/{product.pk}/reviews/"
    created = post(customer_client, path, review_data())
    assert created.status_code == 201
    assert created.json()["status"] == "for_moderation"

    assert created.json()["id"] not in [r["id"] for r in client.get(path).json()["results"]]
    own = customer_client.get("/api/account/reviews/").json()["results"]
    assert [r["status"] for r in own if r["id"] == created.json()["id"]] == ["for_moderation"]
    # Nobody else sees it among their own reviews.
    theirs = other_client.get("/api/account/reviews/").json()["results"]
    assert created.json()["id"] not in [r["id"] for r in theirs]


def test_review_validation_and_permissions(client, customer_client, product):
    path = f"/api/products/{product.pk}/reviews/"
    anonymous = post(client, path, review_data())
    assert_error_format(anonymous, 403 if anonymous.status_code == 403 else 401)

    for score in (0, 6, "five"):
        assert_error_format(post(customer_client, path, review_data(score=score)), 400, "score")
    assert_error_format(post(customer_client, path, {}), 400, "title", "score", "body")

    assert_error_format(client.get("/api/products/0/reviews/"), 404)
    assert_error_format(post(customer_client, "/api/products/0/reviews/", review_data()), 404)


def test_product_reviews_do_not_shadow_oscarapi_product_routes(client, product):
    assert client.get(f"/api/products/{product.pk}/").json()["id"] == product.pk
