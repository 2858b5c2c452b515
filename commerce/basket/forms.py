"""Oscar's basket forms with a most per line (``BASKET_MAX_LINE_QUANTITY``): a larger quantity is
a form error, never an integer overflow in the database."""

from django import forms
from django.core.validators import MaxValueValidator
from oscar.apps.basket import forms as oscar_forms

from commerce.basket.limits import line_quantity_max, line_quantity_refusal


def _quantity_bounded(form) -> None:
    field = form.fields.get("quantity")
    if field is None:
        return
    field.max_value = line_quantity_max()
    field.validators.append(
        MaxValueValidator(
            field.max_value, message=line_quantity_refusal(quantity=field.max_value + 1)
        )
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
            refusal = line_quantity_refusal(quantity=in_basket + quantity)
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned_data


class SimpleAddToBasketForm(AddToBasketForm, oscar_forms.SimpleAddToBasketForm):
    pass
