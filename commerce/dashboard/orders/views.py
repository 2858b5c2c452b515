"""Oscar's order list, with its "Download selected orders" CSV written through
``commerce.csv_safe`` (customer names and emails are the customer's own text); every other
orders dashboard view is Oscar's, through ``get_class``."""

from django.http import HttpResponse
from oscar.apps.dashboard.orders import views

from commerce.csv_safe import SafeCSVWriter


class OrderListView(views.OrderListView):
    def download_selected_orders(self, request, orders):
        # Oscar's method, with the safe writer in place of UnicodeCSVWriter.
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = (
            f"attachment; filename={self.get_download_filename(request)}"
        )
        writer = SafeCSVWriter(open_file=response)
        writer.writerow(self.CSV_COLUMNS.values())
        for order in orders:
            values = self.get_row_values(order)
            writer.writerow([values.get(column, "") for column in self.CSV_COLUMNS])
        return response
