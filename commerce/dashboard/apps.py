"""Oscar's dashboard, forked only so that Oscar's class loader looks for dashboard sub-app
classes under ``commerce.dashboard`` (a forked sub-app is ignored unless its parent is forked)."""

import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    name = "commerce.dashboard"
