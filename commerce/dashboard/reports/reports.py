"""Oscar's report formatter for CSV, which every report's CSV download inherits (orders,
baskets, vouchers, offers, analytics, through ``get_class("dashboard.reports.reports",
"ReportCSVFormatter")``), writing through ``commerce.csv_safe``: customers' names and emails
appear in the order and basket reports. The module's other classes are Oscar's."""

from oscar.apps.dashboard.reports import reports

from commerce.csv_safe import SafeCSVWriter


class ReportCSVFormatter(reports.ReportCSVFormatter):
    def get_csv_writer(self, file_handle, **kwargs):
        return SafeCSVWriter(open_file=file_handle, **kwargs)
