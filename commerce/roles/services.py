"""Staff roles as Django groups.

Merchandisers run the shop in the Oscar dashboard; editors run the content in Wagtail admin. The
dashboard's entry view is open to staff users only (Oscar's ``DashboardPermission.staff``) and
each dashboard page then checks model permissions, so a merchandiser is staff *and* holds the
catalogue, stock, offer and order permissions. Wagtail admin needs ``wagtailadmin.access_admin``
and page permissions, which only editors get; editors are not staff, so the dashboard refuses them.
Django admin is kept for superusers (see ``nexus_site.admin``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction


class Role(enum.StrEnum):
    MERCHANDISER = "merchandiser"
    EDITOR = "editor"
    CUSTOMER = "customer"


@dataclass(frozen=True)
class RoleDefinition:
    group_name: str | None
    is_staff: bool
    # (app_label, model codename suffix) pairs granted view/add/change/delete
    managed_models: tuple[tuple[str, str], ...] = ()
    extra_permissions: tuple[str, ...] = ()


MERCHANDISER_MODELS = (
    ("catalogue", "product"),
    ("catalogue", "productclass"),
    ("catalogue", "category"),
    ("catalogue", "productattribute"),
    ("catalogue", "attributeoptiongroup"),
    ("catalogue", "option"),
    ("catalogue", "productimage"),
    ("partner", "partner"),
    ("partner", "stockrecord"),
    ("partner", "stockalert"),
    ("offer", "conditionaloffer"),
    ("offer", "range"),
    ("voucher", "voucher"),
    ("voucher", "voucherset"),
    ("order", "order"),
    ("order", "line"),
    ("shipping", "orderanditemcharges"),
    ("shipping", "weightbased"),
    ("reviews", "productreview"),
    ("communication", "communicationeventtype"),
    ("communication", "message"),
    ("communication", "notificationtemplate"),
    ("search", "searchsettings"),
)

ROLES: dict[Role, RoleDefinition] = {
    Role.MERCHANDISER: RoleDefinition(
        group_name="Merchandisers", is_staff=True, managed_models=MERCHANDISER_MODELS
    ),
    Role.EDITOR: RoleDefinition(
        group_name="Editors",
        is_staff=False,
        managed_models=(
            ("wagtailimages", "image"),
            ("wagtaildocs", "document"),
        ),
        extra_permissions=("wagtailadmin.access_admin",),
    ),
    Role.CUSTOMER: RoleDefinition(group_name=None, is_staff=False),
}

ACTIONS = ("view", "add", "change", "delete")


def _permissions_for(definition: RoleDefinition) -> list[Permission]:
    wanted = {
        (app_label, f"{action}_{model}")
        for app_label, model in definition.managed_models
        for action in ACTIONS
    }
    wanted |= {tuple(name.split(".", 1)) for name in definition.extra_permissions}
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted},
        codename__in={codename for _, codename in wanted},
    ).select_related("content_type")
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


@transaction.atomic
def role_groups_sync() -> dict[Role, Group]:
    """Create or update one group per staff role; Editors also get rights on the page tree."""
    groups = {}
    for role, definition in ROLES.items():
        if definition.group_name is None:
            continue
        group, _ = Group.objects.get_or_create(name=definition.group_name)
        group.permissions.set(_permissions_for(definition))
        groups[role] = group
    _grant_editors_page_tree(group=groups[Role.EDITOR])
    return groups


def _grant_editors_page_tree(*, group: Group) -> None:
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    for codename in ("add_page", "change_page", "publish_page", "delete_page", "lock_page"):
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def role_assign(*, user, role: Role) -> None:
    """Give ``user`` exactly ``role``: its group and staff flag, and no other role's group."""
    definition = ROLES[role]
    role_group_names = [d.group_name for d in ROLES.values() if d.group_name]
    user.groups.remove(*Group.objects.filter(name__in=role_group_names))
    if definition.group_name:
        group = Group.objects.filter(name=definition.group_name).first()
        user.groups.add(group or role_groups_sync()[role])
    user.is_staff = definition.is_staff or user.is_superuser
    user.save(update_fields=["is_staff"])
