"""One error format for every API error: ``{"code", "message", "errors"}``.

``code`` is machine-readable (``invalid``, ``not_authenticated``, ``throttled``, ...),
``message`` is for people, ``errors`` maps field names to lists of messages (empty when the
error is not about fields).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.defaults import page_not_found
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def api_error(*, code: str, message: str, http_status: int, errors: dict | None = None) -> Response:
    return Response({"code": code, "message": message, "errors": errors or {}}, status=http_status)


def _first_code(codes) -> str:
    while isinstance(codes, dict | list) and codes:
        codes = next(iter(codes.values())) if isinstance(codes, dict) else codes[0]
    return codes if isinstance(codes, str) else "error"


def api_exception_handler(exc, context):
    """DRF's handler (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``), with its answer reshaped into the
    error format."""
    # As DRF does inside its handler, so that Django's own 404 and 403 get their proper codes.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error DRF knows: a 500, logged by Django
    if isinstance(exc, exceptions.ValidationError):
        detail = response.data
        errors = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        response.data = {
            "code": "invalid",
            "message": _("The request is not valid."),
            "errors": errors,
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
    response.data = {
        "code": _first_code(exc.get_codes()) if hasattr(exc, "get_codes") else "error",
        "message": str(detail),
        "errors": {},
    }
    return response


class Conflict(exceptions.APIException):
    """409: the request is well formed but the shop's state refuses it (e.g. ``out_of_stock``)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _lazy("The request conflicts with the current state of the shop.")
    default_code = "conflict"


def not_found(request, exception=None):
    """``handler404``: an unknown path under /api/ answers in the API's error format; any other
    path gets Django's own page."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {"code": "not_found", "message": _("No API endpoint at this address."), "errors": {}},
            status=status.HTTP_404_NOT_FOUND,
        )
    return page_not_found(request, exception)
