"""Oscar's review form; its body is bounded by the model (``REVIEW_BODY_MAX_LENGTH``)."""

from django import forms
from oscar.apps.catalogue.reviews import forms as oscar_forms


class ReviewScoreField(forms.TypedChoiceField):
    """The score as a number when the form is shown again: Oscar's template turns it into stars
    with ``round()``, which fails (500) on the posted text of a form that did not validate."""

    def prepare_value(self, value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return None


class ProductReviewForm(oscar_forms.ProductReviewForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        score = self.fields["score"]
        self.fields["score"] = ReviewScoreField(
            choices=score.choices,
            coerce=score.coerce,
            empty_value=score.empty_value,
            label=score.label,
            required=score.required,
            help_text=score.help_text,
            validators=score.validators,
        )
