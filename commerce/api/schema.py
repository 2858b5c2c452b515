"""The error format in the OpenAPI schema: ``ErrorSerializer`` and ``error_response``, with which
a view declares the errors it answers in its own ``extend_schema``."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

FIELD_ERRORS = {
    "anyOf": [
        {"type": "array", "items": {}},
        {"type": "object", "additionalProperties": True},
    ],
    "description": "A list of messages; for a nested body, the same shape per nested field.",
}


@extend_schema_field(FIELD_ERRORS)
class FieldErrorsField(serializers.JSONField):
    pass


class ErrorSerializer(serializers.Serializer):
    """The one error body of the API (``commerce.api.errors``)."""

    code = serializers.CharField(help_text="Machine-readable error code, e.g. `out_of_stock`.")
    message = serializers.CharField(help_text="Human-readable explanation.")
    errors = serializers.DictField(
        child=FieldErrorsField(),
        help_text="Messages per request field (empty when the error is not about a field).",
    )


def error_response(description: str) -> OpenApiResponse:
    """An error an operation answers in the error format, for a view's own ``extend_schema``:
    ``responses={409: error_response("...")}``."""
    return OpenApiResponse(response=ErrorSerializer, description=description)
