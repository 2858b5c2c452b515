"""Replaces ``oscarapi.views.admin.product``'s bulk category import (found by django-oscar-api's
loader through ``OSCARAPI_OVERRIDE_MODULES``). django-oscar-api mounts it outside its admin API,
for anyone: only staff may use it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from oscarapi.views.admin import product as oscarapi_admin_product
from rest_framework.permissions import IsAdminUser

# treebeard's dump_bulk() format: every category with its children, recursively.
CATEGORY_TREE = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "data": {"type": "object", "additionalProperties": True},
            "children": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["data"],
    },
}


@extend_schema_view(
    get=extend_schema(summary="The category tree", responses={200: CATEGORY_TREE}),
    post=extend_schema(
        summary="Create or update categories from a tree",
        request={"application/json": CATEGORY_TREE},
        responses={200: CATEGORY_TREE},
    ),
)
class CategoryBulkAdminApi(oscarapi_admin_product.CategoryBulkAdminApi):
    """``/api/categories-bulk/``: the category tree, read and written whole, by staff only."""

    permission_classes = (IsAdminUser,)
