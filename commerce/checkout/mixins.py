from django.conf import settings
from django.utils.translation import get_language
from oscar.apps.checkout import mixins as oscar_mixins

from commerce.checkout.locking import basket_checkout_lock


class OrderPlacementMixin(oscar_mixins.OrderPlacementMixin):
    def place_order(self, *args, **kwargs):
        # Every message about the order is written in the language the shopper checked out in.
        kwargs.setdefault("language", (get_language() or settings.LANGUAGE_CODE)[:2])
        # Storefront and API both come through here: one order per basket, however many
        # requests race to place it (BasketCheckedOut for the others).
        with basket_checkout_lock(basket=kwargs["basket"]):
            return super().place_order(*args, **kwargs)

    def send_order_placed_email(self, order):
        # The confirmation is sent by a Celery task that OrderCreator enqueues when the order's
        # transaction commits, so that storefront and API checkouts send it the same way.
        return None
