"""The dashboard's import page: upload, job status with its row errors, who may use it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from commerce.product_import.models import ImportJob
from commerce.product_import.tests.helpers import csv_bytes

pytestmark = pytest.mark.django_db

User = get_model("auth", "User")
Product = get_model("catalogue", "Product")

URL = "/dashboard/catalogue/import/"


def client_for(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_the_page_shows_the_form_to_merchandisers():
    response = client_for("merchandiser@example.com").get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert 'name="all_or_nothing"' in content


def test_the_dashboard_menu_links_to_the_page():
    response = client_for("merchandiser@example.com").get(reverse("dashboard:index"))
    assert URL in response.content.decode()


def test_upload_redirects_to_the_job_with_its_status_and_errors(django_capture_on_commit_callbacks):
    client = client_for("merchandiser@example.com")
    data = csv_bytes([("IMP-001", "Apple", "1", "Imp Root"), ("IMP-002", "Pear", "-1", "Imp")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"file": SimpleUploadedFile("fruit.csv", data), "all_or_nothing": ""}
        )

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{URL}{job.public_id}/"
    page = client.get(response["Location"])
    content = page.content.decode()
    assert page.status_code == 200
    assert "Succeeded" in content
    assert 'id="import-errors"' in content
    assert "<td>3</td><td>price</td>" in content
    assert Product.objects.filter(upc="IMP-001").exists()
    # The job is listed on the page.
    assert "fruit.csv" in client.get(URL).content.decode()


def test_a_running_job_page_refreshes_itself():
    job = ImportJob.objects.create(file="product-imports/x.csv", original_name="x.csv")
    page = client_for("merchandiser@example.com").get(f"{URL}{job.public_id}/")
    assert 'http-equiv="refresh"' in page.content.decode()


def test_an_unknown_job_is_404():
    response = client_for("merchandiser@example.com").get(
        f"{URL}00000000-0000-0000-0000-000000000000/"
    )
    assert response.status_code == 404


def test_an_empty_form_shows_an_error():
    response = client_for("merchandiser@example.com").post(URL, {})
    assert response.status_code == 200
    assert not ImportJob.objects.exists()


def test_customers_and_staff_without_permissions_are_refused():
    assert client_for("customer@example.com").get(URL).status_code == 403
    clerk = User.objects.create_user(
        username="clerk", email="clerk@example.org", password="x-1-y", is_staff=True
    )
    client = Client()
    client.force_login(clerk)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]
