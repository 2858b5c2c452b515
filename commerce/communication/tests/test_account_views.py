"""Customers choose how they hear from the shop on their account page."""

import pytest
from oscar.core.loading import get_model

from commerce.communication.models import NotificationPreference

User = get_model("auth", "User")

pytestmark = pytest.mark.django_db

URL = "/en/accounts/notifications/"


@pytest.fixture
def customer(client):
    user = User.objects.get(email="customer@example.com")
    NotificationPreference.objects.filter(user=user).delete()
    client.force_login(user)
    return user


def form_data(**overrides):
    data = {
        "phone_number": "",
        "order_updates_email": "on",
        "reminders_email": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_first_visit_creates_default_preferences(client, customer):
    response = client.get(URL)
    assert response.status_code == 200
    preference = NotificationPreference.objects.get(user=customer)
    assert preference.order_updates_email and preference.reminders_email
    assert not preference.order_updates_sms and not preference.reminders_sms
    html = response.content.decode()
    assert "Notification preferences" in html
    assert 'name="phone_number"' in html and 'name="reminders_sms"' in html


def test_the_french_page_is_translated_and_served(client, customer):
    assert client.get("/fr/accounts/notifications/").status_code == 200


def test_saving_stores_the_number_in_e164(client, customer):
    response = client.post(
        URL,
        form_data(phone_number="+243 81 234 5678", order_updates_sms="on", reminders_email=None),
    )
    assert response.status_code == 302 and response["Location"] == URL
    preference = NotificationPreference.objects.get(user=customer)
    assert preference.phone_number.as_e164 == "+243812345678"
    assert (
        NotificationPreference.objects.filter(user=customer)
        .values_list("phone_number", flat=True)
        .get()
        == "+243812345678"
    )
    assert preference.order_updates_sms and not preference.reminders_email


def test_sms_without_a_number_is_refused(client, customer):
    response = client.post(URL, form_data(reminders_sms="on"))
    assert response.status_code == 200
    assert "mobile number" in response.context["form"].errors["phone_number"][0]
    assert not NotificationPreference.objects.filter(user=customer, reminders_sms=True).exists()


def test_an_invalid_number_is_refused(client, customer):
    response = client.post(URL, form_data(phone_number="12345", order_updates_sms="on"))
    assert response.status_code == 200
    assert "phone_number" in response.context["form"].errors


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
