"""Bodies of the import API."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commerce.product_import.forms import upload_size_check
from commerce.product_import.models import ImportJob


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_(
            "UTF-8 CSV: sku, name, price, category_path, and optionally description, stock, "
            "currency, name_fr, description_fr, parent_sku."
        )
    )
    all_or_nothing = serializers.BooleanField(
        default=False, help_text=_("Import nothing if any row has an error.")
    )

    def validate_file(self, file):
        from django import forms

        try:
            upload_size_check(file)
        except forms.ValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return file


@extend_schema_field(
    {
        "type": "string",
        "enum": list(ImportJob.Status.values),
        "description": "queued, running, succeeded (rows with errors may have been left out: "
        "see counts.failed) or failed (nothing was imported).",
    }
)
class ImportStatusField(serializers.CharField):
    """The job's status, documented as an enum (read-only: no choices to validate)."""


def _status_url(job: ImportJob, request) -> str:
    path = reverse("api-product-import-detail", kwargs={"public_id": job.public_id})
    return request.build_absolute_uri(path) if request else path


class ImportJobAcceptedSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    # A plain string here: the same enum in two components makes a naming collision.
    status = serializers.CharField(help_text=_("queued, running, succeeded or failed."))
    status_url = serializers.SerializerMethodField(help_text=_("Where to follow the import."))

    def get_status_url(self, job) -> str:
        return _status_url(job, self.context.get("request"))


class ImportCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField(source="created_count")
    updated = serializers.IntegerField(source="updated_count")
    unchanged = serializers.IntegerField(source="unchanged_count")
    failed = serializers.IntegerField(
        source="failed_count", help_text=_("Rows with at least one error.")
    )


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("Row number; the header is row 1."))
    field = serializers.CharField(
        allow_null=True, help_text=_("The column at fault; null for the whole row or file.")
    )
    message = serializers.CharField()


class ImportJobSerializer(ImportJobAcceptedSerializer):
    status = ImportStatusField()
    file_name = serializers.CharField(source="original_name")
    all_or_nothing = serializers.BooleanField()
    counts = ImportCountsSerializer(source="*")
    errors = RowErrorSerializer(many=True)
    message = serializers.CharField(help_text=_("A summary, or why nothing was imported."))
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
