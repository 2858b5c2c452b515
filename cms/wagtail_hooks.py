"""Admin registrations: choosers over Oscar's products, categories, offers and vouchers."""

from wagtail import hooks

from cms.choosers import (
    category_chooser_viewset,
    offer_chooser_viewset,
    product_chooser_viewset,
    voucher_chooser_viewset,
)


@hooks.register("register_admin_viewset")
def register_oscar_choosers():
    return [
        product_chooser_viewset,
        category_chooser_viewset,
        offer_chooser_viewset,
        voucher_chooser_viewset,
    ]
