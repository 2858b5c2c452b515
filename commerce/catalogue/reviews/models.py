from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.reviews.abstract_models import AbstractProductReview

# The longest review body a shopper may post: Oscar's storefront form and the API's serializer
# both read it from the field, and the database refuses anything longer.
REVIEW_BODY_MAX_LENGTH = 5000


class ProductReview(AbstractProductReview):
    body = models.TextField(_("Body"), max_length=REVIEW_BODY_MAX_LENGTH)

    class Meta(AbstractProductReview.Meta):
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), REVIEW_BODY_MAX_LENGTH),
                name="reviews_productreview_body_length",
            ),
        ]


from oscar.apps.catalogue.reviews.models import *  # noqa: E402, F403
