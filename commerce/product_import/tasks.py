"""Celery entry point of the product import: takes the job's id, calls the service."""

from celery import shared_task

from commerce.product_import import services


@shared_task
def product_import_run(job_id: int) -> None:
    # No retry: the job records why an import failed, and a merchandiser decides what next (a
    # delivery twice is harmless: a job runs only while queued).
    services.import_job_run(job_id=job_id)
