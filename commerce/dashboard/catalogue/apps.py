"""Oscar's catalogue dashboard, forked only to swap in forms that edit every catalogue language."""

import oscar.apps.dashboard.catalogue.apps as apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    name = "commerce.dashboard.catalogue"
