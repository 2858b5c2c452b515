"""Each role reaches its own back office and no other."""

import pytest
from django.contrib.auth import get_user_model

from commerce.roles.services import Role, role_assign

pytestmark = pytest.mark.django_db

User = get_user_model()

DASHBOARD = "/dashboard/"
DASHBOARD_PRODUCTS = "/dashboard/catalogue/"
WAGTAIL = "/cms/"
WAGTAIL_PAGES = "/cms/pages/"
DJANGO_ADMIN = "/django-admin/"


def allowed(client, url: str) -> bool:
    response = client.get(url)
    if response.status_code == 200:
        return True
    # Oscar, Wagtail and Django admin refuse by redirecting to a login page (or 403).
    assert response.status_code in (302, 403), (url, response.status_code)
    return False


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        (
            "merchandiser@example.com",
            {DASHBOARD: True, DASHBOARD_PRODUCTS: True, WAGTAIL: False, DJANGO_ADMIN: False},
        ),
        (
            "editor@example.com",
            {
                DASHBOARD: False,
                DASHBOARD_PRODUCTS: False,
                WAGTAIL: True,
                WAGTAIL_PAGES: True,
                DJANGO_ADMIN: False,
            },
        ),
        (
            "customer@example.com",
            {DASHBOARD: False, DASHBOARD_PRODUCTS: False, WAGTAIL: False, DJANGO_ADMIN: False},
        ),
        (
            "admin@example.com",
            {DASHBOARD: True, DASHBOARD_PRODUCTS: True, WAGTAIL: True, DJANGO_ADMIN: True},
        ),
    ],
)
def test_demo_role_reaches_only_its_back_office(client, email, expected):
    client.force_login(User.objects.get(email=email))
    assert {url: allowed(client, url) for url in expected} == expected


def test_anonymous_visitor_is_sent_to_log_in(client):
    for url in (DASHBOARD, WAGTAIL, DJANGO_ADMIN):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_role_assign_moves_a_user_between_roles():
    user = User.objects.create_user("switcher", "switcher@example.com", "pw-123456789")
    role_assign(user=user, role=Role.MERCHANDISER)
    assert user.is_staff and list(user.groups.values_list("name", flat=True)) == ["Merchandisers"]
    role_assign(user=user, role=Role.EDITOR)
    user.refresh_from_db()
    assert not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    role_assign(user=user, role=Role.CUSTOMER)
    assert not user.is_staff and not user.groups.exists()


def test_merchandiser_can_open_the_order_list_and_edit_a_product(client):
    client.force_login(User.objects.get(email="merchandiser@example.com"))
    assert client.get("/dashboard/orders/").status_code == 200
    from oscar.core.loading import get_model

    product = get_model("catalogue", "Product").objects.filter(parent=None).first()
    assert client.get(f"/dashboard/catalogue/products/{product.pk}/").status_code == 200
