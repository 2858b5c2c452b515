"""Request and response bodies of the customer account API (validation only, no logic)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_model
from rest_framework import serializers

from commerce.customer import services

User = get_user_model()
Product = get_model("catalogue", "Product")
WishList = get_model("wishlists", "WishList")
WishListLine = get_model("wishlists", "Line")
ProductReview = get_model("reviews", "ProductReview")


class ProfileSerializer(serializers.ModelSerializer):
    email_verified = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "email_verified", "date_joined")
        read_only_fields = ("email", "date_joined")

    def get_email_verified(self, user) -> bool:
        return services.email_is_verified(user=user)


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)

    def validate_email(self, email):
        if services.email_is_taken(email=email):
            raise serializers.ValidationError(_("A user with that email address already exists."))
        return email


class EmailVerifySerializer(serializers.Serializer):
    token = serializers.CharField()


class PasswordResetSerializer(serializers.Serializer):
    email = serializers.EmailField()


class PasswordResetAcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField()


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField()
    token = serializers.CharField()
    new_password = serializers.CharField(write_only=True, style={"input_type": "password"})


class WishListLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = WishListLine
        fields = ("id", "product", "title", "quantity")
        read_only_fields = fields


class WishListLineAddSerializer(serializers.Serializer):
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())


class WishListSerializer(serializers.ModelSerializer):
    lines = WishListLineSerializer(many=True, read_only=True)

    class Meta:
        model = WishList
        fields = ("key", "name", "visibility", "date_created", "lines")
        read_only_fields = ("key", "date_created", "lines")
        extra_kwargs = {"name": {"required": False}}


STATUS_NAMES = {
    ProductReview.FOR_MODERATION: "for_moderation",
    ProductReview.APPROVED: "approved",
    ProductReview.REJECTED: "rejected",
}


class ProductReviewSerializer(serializers.ModelSerializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    reviewer = serializers.SerializerMethodField()

    class Meta:
        model = ProductReview
        fields = ("id", "product", "title", "score", "body", "reviewer", "date_created")
        read_only_fields = ("id", "product", "reviewer", "date_created")

    def get_reviewer(self, review) -> str:
        return str(review.reviewer_name)


class OwnReviewSerializer(ProductReviewSerializer):
    status = serializers.SerializerMethodField()

    class Meta(ProductReviewSerializer.Meta):
        fields = (*ProductReviewSerializer.Meta.fields, "status")
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=list(STATUS_NAMES.values())))
    def get_status(self, review) -> str:
        return STATUS_NAMES.get(review.status, str(review.status))
