"""Who may import products (imported by settings: no models).

The dashboard page and the API both ask ``product_import_access``: staff who may add and change
products and stock records (the Merchandisers role), or a superuser.
"""

from django.utils.translation import gettext_lazy as _

PERMISSIONS = (
    "catalogue.add_product",
    "catalogue.change_product",
    "partner.add_stockrecord",
    "partner.change_stockrecord",
)


def product_import_access(user, url_name=None, url_args=None, url_kwargs=None) -> bool:
    if not getattr(user, "is_active", False):
        return False
    return user.is_superuser or (user.is_staff and user.has_perms(PERMISSIONS))


def product_import_navigation(navigation: list[dict]) -> list[dict]:
    """Oscar's dashboard menu with "Import products" under Catalogue (the entry listing
    products), or as an entry of its own when the menu has no such section."""
    entry = {
        "label": _("Import products"),
        "url_name": "dashboard-product-import",
        "access_fn": product_import_access,
    }
    menu = []
    placed = False
    for section in navigation:
        children = section.get("children", [])
        if not placed and any(
            child.get("url_name") == "dashboard:catalogue-product-list" for child in children
        ):
            section = {**section, "children": [*children, entry]}
            placed = True
        menu.append(section)
    if not placed:
        menu.append({**entry, "icon": "fas fa-file-import"})
    return menu
