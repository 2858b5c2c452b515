"""POST /api/products/import/ and GET /api/products/import/<id>/."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from oscar.core.loading import get_model

from commerce.product_import.models import ImportJob
from commerce.product_import.tests.helpers import csv_bytes

pytestmark = pytest.mark.django_db

User = get_model("auth", "User")
Product = get_model("catalogue", "Product")

URL = "/api/products/import/"


@pytest.fixture
def merchandiser_client():
    client = Client()
    client.force_login(User.objects.get(email="merchandiser@example.com"))
    return client


def upload(client, data: bytes, **fields):
    return client.post(URL, {"file": SimpleUploadedFile("products.csv", data), **fields})


def test_upload_returns_202_and_the_job_runs(
    merchandiser_client, django_capture_on_commit_callbacks
):
    data = csv_bytes([("IMP-001", "Apple", "1", "Imp Root"), ("IMP-002", "Pear", "x", "Imp")])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(merchandiser_client, data)

    assert response.status_code == 202, response.content
    body = response.json()
    job = ImportJob.objects.get(public_id=body["id"])
    assert body["status_url"] == f"http://testserver/api/products/import/{job.public_id}/"
    assert response["Location"] == body["status_url"]
    # The test's transaction commits (and the eager task runs) after the response was built.
    assert body["status"] == "queued"

    status = merchandiser_client.get(body["status_url"])
    assert status.status_code == 200
    detail = status.json()
    assert detail["id"] == body["id"]
    assert detail["status"] == "succeeded"
    assert detail["file_name"] == "products.csv"
    assert detail["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "failed": 1}
    assert detail["errors"] == [
        {"row": 3, "field": "price", "message": detail["errors"][0]["message"]}
    ]
    assert job.created_by.email == "merchandiser@example.com"


def test_the_status_of_a_queued_job(merchandiser_client):
    # Without running the on-commit callbacks the job stays queued, as with a busy worker.
    response = upload(merchandiser_client, csv_bytes([("IMP-001", "Apple", "1", "Imp")]))
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    detail = merchandiser_client.get(response.json()["status_url"]).json()
    assert detail["status"] == "queued"
    assert detail["counts"] == {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}


def test_all_or_nothing_flag(merchandiser_client, django_capture_on_commit_callbacks):
    data = csv_bytes([("IMP-001", "Apple", "1", "Imp Root"), ("IMP-002", "Pear", "x", "Imp")])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(merchandiser_client, data, all_or_nothing="true")

    detail = merchandiser_client.get(response.json()["status_url"]).json()
    assert detail["status"] == "failed"
    assert detail["all_or_nothing"] is True
    assert detail["counts"]["created"] == 0
    assert not Product.objects.filter(upc="IMP-001").exists()


def test_an_upload_without_a_file_is_400(merchandiser_client):
    response = merchandiser_client.post(URL, {})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "file" in body["errors"]


def test_an_unknown_job_is_404_in_the_api_format(merchandiser_client):
    for job_id in (uuid.uuid4(), "not-a-uuid"):
        response = merchandiser_client.get(f"{URL}{job_id}/")
        assert response.status_code == 404
        assert set(response.json()) == {"code", "message", "errors"}


def test_customers_are_refused(django_capture_on_commit_callbacks):
    customer = Client()
    customer.force_login(User.objects.get(email="customer@example.com"))
    job = ImportJob.objects.create(file="product-imports/x.csv")

    response = upload(customer, csv_bytes([("IMP-001", "Apple", "1", "Imp")]))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert customer.get(f"{URL}{job.public_id}/").status_code == 403
    assert not ImportJob.objects.exclude(pk=job.pk).exists()


def test_staff_without_the_catalogue_permissions_are_refused():
    staff = User.objects.create_user(
        username="clerk", email="clerk@example.org", password="x-1-y", is_staff=True
    )
    client = Client()
    client.force_login(staff)
    assert upload(client, csv_bytes([("IMP-001", "Apple", "1", "Imp")])).status_code == 403


def test_anonymous_callers_are_refused():
    response = upload(Client(), csv_bytes([("IMP-001", "Apple", "1", "Imp")]))
    assert response.status_code == 401
