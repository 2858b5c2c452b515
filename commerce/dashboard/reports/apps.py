"""Oscar's reports dashboard, forked only so that every report downloaded as CSV (orders,
baskets, vouchers, offers, analytics) is safe to open in a spreadsheet (``reports.py``)."""

import oscar.apps.dashboard.reports.apps as apps


class ReportsDashboardConfig(apps.ReportsDashboardConfig):
    name = "commerce.dashboard.reports"
