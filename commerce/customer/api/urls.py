"""URL patterns mounted under /api/ (before django-oscar-api's own)."""

from django.urls import path

from commerce.customer.api.views import account as views

urlpatterns: list = [
    path("account/register/", views.RegisterView.as_view(), name="api-account-register"),
    path(
        "account/verify-email/",
        views.VerifyEmailView.as_view(),
        name="api-account-verify-email",
    ),
    path(
        "account/password-reset/",
        views.PasswordResetView.as_view(),
        name="api-account-password-reset",
    ),
    path(
        "account/password-reset/confirm/",
        views.PasswordResetConfirmView.as_view(),
        name="api-account-password-reset-confirm",
    ),
    path("account/profile/", views.ProfileView.as_view(), name="api-account-profile"),
    path("account/wishlists/", views.WishListListView.as_view(), name="api-account-wishlists"),
    path(
        "account/wishlists/<str:key>/",
        views.WishListDetailView.as_view(),
        name="api-account-wishlist",
    ),
    path(
        "account/wishlists/<str:key>/lines/",
        views.WishListLineAddView.as_view(),
        name="api-account-wishlist-lines",
    ),
    path(
        "account/wishlists/<str:key>/lines/<int:line_id>/",
        views.WishListLineDetailView.as_view(),
        name="api-account-wishlist-line",
    ),
    path("account/reviews/", views.OwnReviewListView.as_view(), name="api-account-reviews"),
    path(
        "products/<int:pk>/reviews/",
        views.ProductReviewListView.as_view(),
        name="api-product-reviews",
    ),
]
