from decimal import Decimal as D

from oscar.apps.shipping import methods
from oscar.apps.shipping import repository as oscar_repository
from oscar.core.loading import get_model


class Repository(oscar_repository.Repository):
    """Offer the shipping methods merchandisers set up in the dashboard (order-and-item charges).

    With none set up, shipping is free, as in Oscar's own default.
    """

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        charges = get_model("shipping", "OrderAndItemCharges")
        configured = list(charges.objects.order_by("price_per_order", "pk"))
        if shipping_addr is not None and shipping_addr.country_id:
            configured = [
                method
                for method in configured
                if not method.countries.exists()
                or method.countries.filter(pk=shipping_addr.country_id).exists()
            ]
        return configured or [methods.Free()]

    def get_default_shipping_method(self, basket, shipping_addr=None, **kwargs):
        available = self.get_available_shipping_methods(basket, shipping_addr, **kwargs)
        cheapest = min(available, key=lambda method: method.calculate(basket).incl_tax or D(0))
        return self.apply_shipping_offers(basket, cheapest)
