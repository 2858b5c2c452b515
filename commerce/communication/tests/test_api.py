"""GET/PUT/PATCH /api/account/notifications/: each customer's own notification preferences."""

import pytest
from oscar.core.loading import get_model

from commerce.communication.models import NotificationPreference

User = get_model("auth", "User")

pytestmark = pytest.mark.django_db

URL = "/api/account/notifications/"


@pytest.fixture
def customer(client):
    user = User.objects.get(email="customer@example.com")
    NotificationPreference.objects.filter(user=user).delete()
    client.force_login(user)
    return user


def put(client, data):
    return client.put(URL, data, content_type="application/json")


def patch(client, data):
    return client.patch(URL, data, content_type="application/json")


FULL = {
    "phone_number": "+243 81 234 5678",
    "order_updates_email": False,
    "order_updates_sms": True,
    "reminders_email": True,
    "reminders_sms": False,
}


def test_anonymous_callers_are_refused(client):
    assert client.get(URL).status_code in (401, 403)
    assert put(client, FULL).status_code in (401, 403)
    assert not NotificationPreference.objects.filter(phone_number="+243812345678").exists()


def test_reading_returns_the_defaults_on_first_call(client, customer):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {
        "phone_number": "",
        "order_updates_email": True,
        "order_updates_sms": False,
        "reminders_email": True,
        "reminders_sms": False,
    }


def test_put_and_patch_update_the_preferences(client, customer):
    response = put(client, FULL)
    assert response.status_code == 200, response.content
    assert response.json() == {**FULL, "phone_number": "+243812345678"}
    preference = NotificationPreference.objects.get(user=customer)
    assert preference.phone_number.as_e164 == "+243812345678" and preference.order_updates_sms

    response = patch(client, {"reminders_sms": True})
    assert response.status_code == 200, response.content
    assert response.json()["reminders_sms"] and response.json()["order_updates_sms"]


def test_an_invalid_number_is_a_field_error(client, customer):
    response = patch(client, {"phone_number": "not a number"})
    assert response.status_code == 400
    assert "phone_number" in response.json()["errors"]


def test_sms_without_a_number_is_refused(client, customer):
    response = patch(client, {"order_updates_sms": True})
    assert response.status_code == 400
    assert "phone_number" in response.json()["errors"]
    put(client, FULL)
    # Removing the number while SMS are still on is refused too.
    response = patch(client, {"phone_number": ""})
    assert response.status_code == 400 and "phone_number" in response.json()["errors"]
    response = patch(client, {"phone_number": "", "order_updates_sms": False})
    assert response.status_code == 200, response.content


def test_customers_only_see_and_change_their_own_preferences(client, customer):
    put(client, FULL)
    other = User.objects.create_user("other", "other@example.org", "pw-123456789")
    client.force_login(other)
    response = client.get(URL)
    assert response.json()["phone_number"] == ""
    patch(client, {"phone_number": "+33 6 12 34 56 78", "reminders_sms": True})

    mine = NotificationPreference.objects.get(user=customer)
    theirs = NotificationPreference.objects.get(user=other)
    assert mine.phone_number.as_e164 == "+243812345678" and not mine.reminders_sms
    assert theirs.phone_number.as_e164 == "+33612345678" and theirs.reminders_sms
