"""Uploaded import files are private: outside the public media, downloaded by staff who may
import only, through the dashboard."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from oscar.core.loading import get_model

from commerce.product_import import services
from commerce.product_import.models import ImportJob
from commerce.product_import.tests.helpers import csv_bytes

pytestmark = pytest.mark.django_db

User = get_model("auth", "User")

DATA = csv_bytes([("PRIV-001", "Secret plum", "2.50", "Private Root")])


def client_for(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


@pytest.fixture
def job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.import_job_create(
            file=SimpleUploadedFile("plums.csv", DATA), all_or_nothing=False
        )


def download_url(job) -> str:
    return f"/dashboard/catalogue/import/{job.public_id}/file/"


def test_the_upload_is_stored_outside_the_public_media(job):
    path = Path(job.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.read_bytes() == DATA
    assert not default_storage.exists(job.file.name)


def test_it_has_no_url_and_the_media_route_does_not_serve_it(job, rf):
    from django.views.static import serve

    with pytest.raises(ValueError):
        job.file.url  # noqa: B018
    # The view behind /media/ when Django serves the media (SERVE_MEDIA, development).
    with pytest.raises(Http404):
        serve(rf.get(f"/media/{job.file.name}"), job.file.name, document_root=settings.MEDIA_ROOT)


def test_staff_who_may_import_download_it_as_an_attachment(job):
    response = client_for("merchandiser@example.com").get(download_url(job))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="plums.csv"'
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == DATA


def test_the_job_page_links_to_the_download(job):
    page = client_for("merchandiser@example.com").get(
        f"/dashboard/catalogue/import/{job.public_id}/"
    )
    assert download_url(job) in page.content.decode()


def test_customers_and_staff_without_the_permissions_are_refused(job):
    assert client_for("customer@example.com").get(download_url(job)).status_code == 403
    assert client_for("editor@example.com").get(download_url(job)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(job):
    response = Client().get(download_url(job))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_unknown_job_or_a_missing_file_is_404(job):
    client = client_for("merchandiser@example.com")
    unknown = client.get("/dashboard/catalogue/import/00000000-0000-0000-0000-000000000000/file/")
    assert unknown.status_code == 404
    job.file.storage.delete(job.file.name)
    assert client.get(download_url(job)).status_code == 404


def test_the_migration_moves_earlier_files_out_of_the_public_media():
    from django.apps import apps

    migration = importlib.import_module(
        "commerce.product_import.migrations.0002_import_files_private"
    )
    name = default_storage.save("product-imports/2020/01/old.csv", ContentFile(DATA))
    job = ImportJob.objects.create(file=name, original_name="old.csv")

    migration.files_to_private_storage(apps, None)

    job.refresh_from_db()
    assert not default_storage.exists(name)
    assert storages["private"].exists(job.file.name)
    with job.file.open("rb") as stored:
        assert stored.read() == DATA
    job.file.storage.delete(job.file.name)
