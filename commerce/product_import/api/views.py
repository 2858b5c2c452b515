"""POST /api/products/import/ and GET /api/products/import/<id>/ (staff who may import)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from commerce.api.errors import api_error
from commerce.api.schema import error_response
from commerce.product_import import selectors, services
from commerce.product_import.api.serializers import (
    ImportJobAcceptedSerializer,
    ImportJobSerializer,
    ImportUploadSerializer,
)
from commerce.product_import.dashboard_access import product_import_access


class CanImportProducts(permissions.BasePermission):
    def has_permission(self, request, view):
        return product_import_access(request.user)


_REFUSED = {
    401: error_response("Not signed in."),
    403: error_response("Not staff allowed to import products."),
}


class ProductImportView(APIView):
    permission_classes = (CanImportProducts,)
    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(
        summary="Upload a CSV file of products to import",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            202: ImportJobAcceptedSerializer,
            400: error_response("No file, or the file is too big."),
            **_REFUSED,
        },
    )
    def post(self, request):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        job = services.import_job_create(
            file=upload.validated_data["file"],
            all_or_nothing=upload.validated_data["all_or_nothing"],
            user=request.user,
        )
        # Without a broker the import has already run (eagerly, when the job was committed).
        job.refresh_from_db()
        body = ImportJobAcceptedSerializer(job, context={"request": request}).data
        return Response(
            body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]}
        )


class ProductImportDetailView(APIView):
    permission_classes = (CanImportProducts,)

    @extend_schema(
        summary="An import's status, counts and row errors",
        parameters=[
            OpenApiParameter(
                "public_id", str, OpenApiParameter.PATH, description="The import's id (a UUID)."
            )
        ],
        responses={
            200: ImportJobSerializer,
            404: error_response("No import with this id."),
            **_REFUSED,
        },
    )
    def get(self, request, public_id: str):
        job = selectors.import_job_get(public_id=public_id)
        if job is None:
            return api_error(
                code="not_found", message=_("No import with this id."), http_status=404
            )
        return Response(ImportJobSerializer(job, context={"request": request}).data)
