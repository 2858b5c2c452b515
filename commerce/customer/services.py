"""Customers' own accounts: registration, email verification, password reset, wish lists and
product reviews.

The API layer calls these; they never import it. Failures a customer can fix raise
``CustomerError`` with the request field they are about.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from commerce.communication.services import password_reset_notify
from commerce.customer.models import EmailVerification

User = get_user_model()
WishList = get_model("wishlists", "WishList")
WishListLine = get_model("wishlists", "Line")
ProductReview = get_model("reviews", "ProductReview")
normalise_email = get_class("customer.utils", "normalise_email")
generate_username = get_class("customer.forms", "generate_username")

EMAIL_VERIFICATION_SALT = "commerce.customer.email-verification"
EMAIL_VERIFICATION_MAX_AGE = timedelta(days=3)


class CustomerError(Exception):
    """A request the customer can correct: ``message`` is about the request field ``field``."""

    def __init__(self, message: str, *, field: str = "non_field_errors"):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Registration and email verification ------------------------------------------------------


def email_is_taken(*, email: str) -> bool:
    return User._default_manager.filter(email__iexact=normalise_email(email)).exists()


def customer_register(
    *, email: str, password: str, first_name: str = "", last_name: str = "", verify_url: str
) -> User:
    """Create an active customer (Oscar's way: email as login, random username) and send them
    the link that verifies their email address.

    ``verify_url`` is where the token goes, as ``?token=``. Raises ``CustomerError`` for a
    taken email or a password Django's validators refuse.
    """
    email = normalise_email(email)
    user = User(email=email, first_name=first_name, last_name=last_name)
    if "username" in [field.name for field in User._meta.fields]:
        user.username = generate_username()
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise CustomerError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    with transaction.atomic():
        if email_is_taken(email=email):
            raise CustomerError(_("A user with that email address already exists"), field="email")
        user.save()
        transaction.on_commit(
            lambda: email_verification_send(user_id=user.pk, verify_url=verify_url)
        )
    return user


def email_verification_token(*, user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_VERIFICATION_SALT)


def email_verification_send(*, user_id: int, verify_url: str) -> None:
    user = User._default_manager.get(pk=user_id)
    link = f"{verify_url}?token={email_verification_token(user=user)}"
    send_mail(
        subject=_("Confirm your email address for %(shop)s") % {"shop": settings.OSCAR_SHOP_NAME},
        message=_(
            "Hello %(name)s,\n\nPlease confirm your email address by opening this link "
            "within 3 days:\n\n%(link)s\n"
        )
        % {"name": user.first_name or user.email, "link": link},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def email_verify(*, token: str) -> User:
    """Mark the account's current email as verified. Raises ``CustomerError`` for a token that
    is forged, older than three days or about an address the account no longer has."""
    invalid = CustomerError(_("This verification link is invalid or has expired."), field="token")
    try:
        data = signing.loads(
            token, salt=EMAIL_VERIFICATION_SALT, max_age=EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.BadSignature as error:  # also SignatureExpired
        raise invalid from error
    user = User._default_manager.filter(pk=data.get("user"), is_active=True).first()
    if user is None or user.email.lower() != str(data.get("email", "")).lower():
        raise invalid
    EmailVerification.objects.update_or_create(
        user=user, defaults={"email": user.email, "verified_at": timezone.now()}
    )
    return user


def email_is_verified(*, user: User) -> bool:
    verification = EmailVerification.objects.filter(user=user).first()
    return verification is not None and verification.email.lower() == user.email.lower()


# --- Password reset ---------------------------------------------------------------------------


def password_reset_request(*, email: str, base_url: str, language: str) -> None:
    """Send the storefront's reset link to the active account with this email, if there is one.

    Says nothing either way, so the API cannot tell who has an account. ``base_url`` is the
    scheme and host the link starts with (``https://shop.example.com``).
    """
    users = User._default_manager.filter(
        email__iexact=normalise_email(email), is_active=True
    ).order_by("pk")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    for user in users:
        if not user.has_usable_password():
            continue
        with translation.override(language):
            path = reverse(
                "password-reset-confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        password_reset_notify(user_id=user.pk, reset_url=base_url + path, language=language)


def password_reset_confirm(*, uid: str, token: str, new_password: str) -> User:
    """Set a new password with a link's ``uid`` and ``token``. Raises ``CustomerError``."""
    try:
        pk = force_str(urlsafe_base64_decode(uid))
        user = User._default_manager.get(pk=pk, is_active=True)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist, ValidationError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        raise CustomerError(_("This reset link is invalid or has expired."), field="token")
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        raise CustomerError(" ".join(error.messages), field="new_password") from error
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


# --- Sessions ---------------------------------------------------------------------------------


def user_sessions_end(*, user: User) -> int:
    """Sign the user out of every API client: revoke all their refresh tokens still valid.

    Called when their password changes (``receivers``), which also ends the rest: an access
    token carries a hash of the password and is refused once it changes (``CHECK_REVOKE_TOKEN``),
    and a browser session is ended by Django when the password hash it was opened with changes
    (the browser that changed it keeps its session, as Django's and Oscar's views renew it).
    Returns how many refresh tokens were revoked.
    """
    outstanding = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )
    revoked = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    return len(revoked)


# --- Profile ----------------------------------------------------------------------------------


def profile_update(*, user: User, **fields: str) -> User:
    """Change the customer's own name (the email is their login: not changed here)."""
    changed = [name for name in ("first_name", "last_name") if name in fields]
    for name in changed:
        setattr(user, name, fields[name])
    if changed:
        user.save(update_fields=changed)
    return user


# --- Wish lists -------------------------------------------------------------------------------


def wishlist_create(*, owner: User, name: str | None = None, visibility: str | None = None):
    wishlist = WishList(owner=owner)
    if name:
        wishlist.name = name
    if visibility:
        wishlist.visibility = visibility
    wishlist.save()
    return wishlist


def wishlist_update(*, wishlist, name: str | None = None, visibility: str | None = None):
    changed = []
    if name is not None:
        wishlist.name, changed = name, [*changed, "name"]
    if visibility is not None:
        wishlist.visibility, changed = visibility, [*changed, "visibility"]
    if changed:
        wishlist.save(update_fields=changed)
    return wishlist


def wishlist_line_add(*, wishlist, product):
    """Add a product (a second time raises its quantity) and return its line."""
    wishlist.add(product)
    return wishlist.lines.get(product=product)


# --- Product reviews --------------------------------------------------------------------------


def review_create(*, product, user: User, title: str, score: int, body: str):
    """One review per customer and product; awaits moderation when OSCAR_MODERATE_REVIEWS is on
    (the model's default status follows that setting)."""
    if ProductReview.objects.filter(product=product, user=user).exists():
        raise CustomerError(_("You have already reviewed this product."))
    review = ProductReview(product=product, user=user, title=title, score=score, body=body)
    review.clean()
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:  # the same review posted twice at once
        raise CustomerError(_("You have already reviewed this product.")) from error
    return review
