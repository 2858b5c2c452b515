"""Catalogue fields translated with django-modeltranslation (one column per language).

`title` reads the active language's column and falls back to English when it is empty.
"""

from modeltranslation.translator import TranslationOptions, register
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductAttribute = get_model("catalogue", "ProductAttribute")
AttributeOption = get_model("catalogue", "AttributeOption")
Option = get_model("catalogue", "Option")


@register(Product)
class ProductTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(ProductAttribute)
class ProductAttributeTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(AttributeOption)
class AttributeOptionTranslationOptions(TranslationOptions):
    fields = ("option",)


@register(Option)
class OptionTranslationOptions(TranslationOptions):
    fields = ("name",)
