"""Oscar's orders dashboard, forked only so that "Download selected orders" writes a CSV safe to
open in a spreadsheet (``views.OrderListView``)."""

import oscar.apps.dashboard.orders.apps as apps


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    name = "commerce.dashboard.orders"
