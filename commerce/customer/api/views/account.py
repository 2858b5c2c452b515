"""The customer's own account over the API: thin views over ``commerce.customer.services``.

Everything under ``account/`` is the caller's own data only: another customer's wish list or
review is answered 404, as if it did not exist.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from oscar.core.loading import get_model
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response

from commerce.api.schema import error_response
from commerce.customer import services
from commerce.customer.api import serializers as api_serializers
from commerce.customer.api.throttles import LOGIN_THROTTLES

Product = get_model("catalogue", "Product")
WishList = get_model("wishlists", "WishList")
WishListLine = get_model("wishlists", "Line")
ProductReview = get_model("reviews", "ProductReview")


def _invalid(error: services.CustomerError) -> serializers.ValidationError:
    return serializers.ValidationError({error.field: [error.message]})


# --- Account ----------------------------------------------------------------------------------


class RegisterView(generics.GenericAPIView):
    """A new customer account; a link to verify its email address is sent to it."""

    serializer_class = api_serializers.RegisterSerializer
    permission_classes = (permissions.AllowAny,)
    throttle_classes = LOGIN_THROTTLES

    @extend_schema(
        summary="Register a customer account",
        responses={
            201: api_serializers.ProfileSerializer,
            400: error_response("Email taken or not valid, or password too weak."),
            429: error_response("Too many attempts."),
        },
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = services.customer_register(
                **serializer.validated_data,
                verify_url=request.build_absolute_uri(reverse("api-account-verify-email")),
            )
        except services.CustomerError as error:
            raise _invalid(error) from error
        return Response(
            api_serializers.ProfileSerializer(user).data, status=status.HTTP_201_CREATED
        )


class VerifyEmailView(generics.GenericAPIView):
    """The link sent at registration (GET), or its token (POST), marks the email verified."""

    serializer_class = api_serializers.EmailVerifySerializer
    permission_classes = (permissions.AllowAny,)

    def _verify(self, data):
        serializer = self.get_serializer(data=data)
        serializer.is_valid(raise_exception=True)
        try:
            user = services.email_verify(token=serializer.validated_data["token"])
        except services.CustomerError as error:
            raise _invalid(error) from error
        return Response(api_serializers.ProfileSerializer(user).data)

    @extend_schema(
        summary="Verify the account's email address with the token sent to it",
        responses={
            200: api_serializers.ProfileSerializer,
            400: error_response("The token is invalid or expired."),
        },
    )
    def post(self, request):
        return self._verify(request.data)

    @extend_schema(
        summary="Verify the account's email address from the emailed link",
        parameters=[
            OpenApiParameter("token", str, OpenApiParameter.QUERY, required=True),
        ],
        request=None,
        responses={
            200: api_serializers.ProfileSerializer,
            400: error_response("The token is invalid or expired."),
        },
    )
    def get(self, request):
        return self._verify(request.query_params)


class PasswordResetView(generics.GenericAPIView):
    """Always 202, whether or not an account has this email (no account enumeration)."""

    serializer_class = api_serializers.PasswordResetSerializer
    permission_classes = (permissions.AllowAny,)
    throttle_classes = LOGIN_THROTTLES

    @extend_schema(
        summary="Email a password reset link",
        responses={
            202: api_serializers.PasswordResetAcceptedSerializer,
            400: error_response("The email is not valid."),
            429: error_response("Too many attempts."),
        },
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_reset_request(
            email=serializer.validated_data["email"],
            base_url=f"{request.scheme}://{request.get_host()}",
            language=(get_language() or "")[:2],
        )
        return Response(
            {"detail": _("If an account has this email, a reset link is on its way.")},
            status=status.HTTP_202_ACCEPTED,
        )


class PasswordResetConfirmView(generics.GenericAPIView):
    """A new password, with the uid and token of the emailed reset link."""

    serializer_class = api_serializers.PasswordResetConfirmSerializer
    permission_classes = (permissions.AllowAny,)
    throttle_classes = LOGIN_THROTTLES

    @extend_schema(
        summary="Set a new password with a reset link's uid and token",
        responses={
            200: api_serializers.PasswordResetAcceptedSerializer,
            400: error_response("Invalid or expired link, or the password is too weak."),
            429: error_response("Too many attempts."),
        },
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.password_reset_confirm(**serializer.validated_data)
        except services.CustomerError as error:
            raise _invalid(error) from error
        return Response({"detail": _("Your password has been changed.")})


class ProfileView(generics.RetrieveUpdateAPIView):
    """The caller's own profile; the email is their login and cannot be changed here."""

    serializer_class = api_serializers.ProfileSerializer
    permission_classes = (permissions.IsAuthenticated,)
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user

    def perform_update(self, serializer):
        services.profile_update(user=serializer.instance, **serializer.validated_data)


# --- Wish lists -------------------------------------------------------------------------------


class OwnWishListMixin:
    permission_classes = (permissions.IsAuthenticated,)

    def get_wishlists(self):
        return (
            WishList.objects.filter(owner=self.request.user)
            .prefetch_related("lines")
            .order_by("date_created", "pk")
        )


class WishListListView(OwnWishListMixin, generics.ListCreateAPIView):
    """The caller's own wish lists."""

    serializer_class = api_serializers.WishListSerializer

    def get_queryset(self):
        return self.get_wishlists()

    def perform_create(self, serializer):
        serializer.instance = services.wishlist_create(
            owner=self.request.user, **serializer.validated_data
        )


class WishListDetailView(OwnWishListMixin, generics.RetrieveUpdateDestroyAPIView):
    """One of the caller's wish lists, by its key (another customer's is not found)."""

    serializer_class = api_serializers.WishListSerializer
    lookup_field = "key"
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return self.get_wishlists()

    def perform_update(self, serializer):
        services.wishlist_update(wishlist=serializer.instance, **serializer.validated_data)


class WishListLineAddView(OwnWishListMixin, generics.GenericAPIView):
    """Adds a product to one of the caller's wish lists (again: one more of it)."""

    serializer_class = api_serializers.WishListLineAddSerializer

    @extend_schema(
        summary="Add a product to a wish list",
        parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH)],
        responses={
            201: api_serializers.WishListLineSerializer,
            400: error_response("No such product."),
            404: error_response("No such wish list, or not the caller's."),
        },
    )
    def post(self, request, key):
        wishlist = get_object_or_404(self.get_wishlists(), key=key)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        line = services.wishlist_line_add(
            wishlist=wishlist, product=serializer.validated_data["product"]
        )
        return Response(
            api_serializers.WishListLineSerializer(line).data, status=status.HTTP_201_CREATED
        )


class WishListLineDetailView(OwnWishListMixin, generics.DestroyAPIView):
    """Removes a product from one of the caller's wish lists."""

    serializer_class = api_serializers.WishListLineSerializer
    lookup_url_kwarg = "line_id"

    @extend_schema(parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH)])
    def delete(self, request, *args, **kwargs):
        return super().delete(request, *args, **kwargs)

    def get_queryset(self):
        return WishListLine.objects.filter(
            wishlist__owner=self.request.user, wishlist__key=self.kwargs["key"]
        )


# --- Product reviews --------------------------------------------------------------------------


class ProductReviewListView(generics.ListCreateAPIView):
    """A product's approved reviews, for everyone; signed-in customers post one each."""

    serializer_class = api_serializers.ProductReviewSerializer
    permission_classes = (permissions.IsAuthenticatedOrReadOnly,)

    def get_product(self):
        return get_object_or_404(Product.objects.filter(is_public=True), pk=self.kwargs["pk"])

    def get_queryset(self):
        return (
            ProductReview.objects.filter(product=self.get_product(), status=ProductReview.APPROVED)
            .select_related("user")
            .order_by("-date_created", "-pk")
        )

    @extend_schema(
        summary="Review a product",
        responses={
            201: api_serializers.OwnReviewSerializer,
            400: error_response("Not valid, or the caller has already reviewed this product."),
            404: error_response("No such product."),
        },
    )
    def post(self, request, *args, **kwargs):
        product = self.get_product()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            review = services.review_create(
                product=product, user=request.user, **serializer.validated_data
            )
        except services.CustomerError as error:
            raise _invalid(error) from error
        return Response(
            api_serializers.OwnReviewSerializer(review).data, status=status.HTTP_201_CREATED
        )


class OwnReviewListView(generics.ListAPIView):
    """The caller's own reviews, with their moderation status."""

    serializer_class = api_serializers.OwnReviewSerializer
    permission_classes = (permissions.IsAuthenticated,)

    def get_queryset(self):
        return (
            ProductReview.objects.filter(user=self.request.user)
            .select_related("user")
            .order_by("-date_created", "-pk")
        )
