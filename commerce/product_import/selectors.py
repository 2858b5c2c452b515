"""Reads of import jobs for the dashboard and the API."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from commerce.product_import.models import ImportJob


def import_job_get(*, public_id: str | uuid.UUID) -> ImportJob | None:
    """The job with this public id, or None (also for a string that is not a UUID)."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return ImportJob.objects.select_related("created_by").filter(public_id=public_id).first()


def import_jobs_recent(*, limit: int = 20) -> QuerySet[ImportJob]:
    return ImportJob.objects.select_related("created_by").order_by("-created_at", "-pk")[:limit]
