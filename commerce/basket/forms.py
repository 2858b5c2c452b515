"""Oscar's basket forms with a most per line (``BASKET_MAX_LINE_QUANTITY``): a larger quantity is
a form error, never an integer overflow in the database."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from oscar.apps.basket import forms as oscar_forms


def _too_many() -> str:
    return _("At most %(max)s of one product per order.") % {
        "max": settings.BASKET_MAX_LINE_QUANTITY
    }


def _quantity_bounded(form) -> None:
    field = form.fields.get("quantity")
    if field is None:
        return
    field.max_value = settings.BASKET_MAX_LINE_QUANTITY
    field.validators.append(
        MaxValueValidator(settings.BASKET_MAX_LINE_QUANTITY, message=_too_many())
    )
    current = field.widget.attrs.get("max")
    field.widget.attrs["max"] = min(int(current or field.max_value), field.max_value)


class BasketLineForm(oscar_forms.BasketLineForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _quantity_bounded(self)


class AddToBasketForm(oscar_forms.AddToBasketForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _quantity_bounded(self)

    def clean(self):
        cleaned_data = super().clean()
        quantity = cleaned_data.get("quantity")
        if quantity and not self.errors:
            in_basket = self.basket.product_quantity(self.product)
            if in_basket + quantity > settings.BASKET_MAX_LINE_QUANTITY:
                raise forms.ValidationError(_too_many())
        return cleaned_data


class SimpleAddToBasketForm(AddToBasketForm, oscar_forms.SimpleAddToBasketForm):
    pass
