"""product_import_run: the job's status flow, run once, failures recorded on the job."""

from unittest import mock

import pytest
from django.core.files.base import ContentFile
from oscar.core.loading import get_model

from commerce.product_import.models import ImportJob
from commerce.product_import.services import import_job_create
from commerce.product_import.tasks import product_import_run
from commerce.product_import.tests.helpers import csv_bytes

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


def job_with(data: bytes, *, all_or_nothing=False) -> ImportJob:
    job = ImportJob(all_or_nothing=all_or_nothing, original_name="products.csv")
    job.file.save("products.csv", ContentFile(data), save=False)
    job.save()
    return job


def test_a_queued_job_runs_and_records_its_counts_and_errors():
    job = job_with(
        csv_bytes([("IMP-001", "Apple", "1", "Imp Root"), ("IMP-002", "Pear", "x", "Imp Root")])
    )
    assert job.status == ImportJob.Status.QUEUED

    product_import_run.delay(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.created_count, job.updated_count, job.unchanged_count, job.failed_count) == (
        1,
        0,
        0,
        1,
    )
    assert job.errors == [{"row": 3, "field": "price", "message": mock.ANY}]
    assert job.started_at and job.finished_at


def test_all_or_nothing_with_a_bad_row_fails_the_job():
    job = job_with(
        csv_bytes([("IMP-001", "Apple", "1", "Imp Root"), ("IMP-002", "Pear", "x", "Imp Root")]),
        all_or_nothing=True,
    )
    product_import_run.delay(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.created_count == 0 and job.failed_count == 1
    assert not Product.objects.filter(upc="IMP-001").exists()


def test_a_job_runs_once_even_if_the_task_comes_twice():
    job = job_with(csv_bytes([("IMP-001", "Apple", "1", "Imp Root")]))
    product_import_run.delay(job_id=job.pk)
    with mock.patch("commerce.product_import.services.products_import") as again:
        product_import_run.delay(job_id=job.pk)
    again.assert_not_called()
    job.refresh_from_db()
    assert job.created_count == 1


def test_an_unexpected_error_fails_the_job_with_its_reason():
    job = job_with(csv_bytes([("IMP-001", "Apple", "1", "Imp Root")]))
    with mock.patch(
        "commerce.product_import.services.products_import", side_effect=RuntimeError("disk gone")
    ):
        product_import_run.delay(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "disk gone" in job.message
    assert job.finished_at is not None


def test_creating_a_job_queues_its_task_through_the_outbox(django_capture_on_commit_callbacks):
    from commerce.outbox.models import TaskMessage

    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            file=ContentFile(csv_bytes([("IMP-001", "Apple", "1", "Imp")]), name="p.csv"),
            all_or_nothing=False,
        )
    message = TaskMessage.objects.get(task="commerce.product_import.tasks.product_import_run")
    assert message.kwargs == {"job_id": job.pk}
    assert message.dispatched_at is not None
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.original_name == "p.csv"
