"""JWT sign-in (``/api/auth/token/``, ``refresh/``, ``verify/``): simplejwt's views, throttled
like every sign-in, the anonymous basket merged into the customer's at sign-in."""

from __future__ import annotations

from oscarapi.basket import operations
from rest_framework_simplejwt.views import TokenObtainPairView as JwtTokenObtainPairView
from rest_framework_simplejwt.views import TokenRefreshView as JwtTokenRefreshView
from rest_framework_simplejwt.views import TokenVerifyView as JwtTokenVerifyView

from commerce.customer.api.throttles import SIGN_IN_THROTTLES, LoginIPThrottle


class TokenObtainPairView(JwtTokenObtainPairView):
    """``POST /api/auth/token/``: access and refresh tokens for a username and password.

    A basket the caller filled anonymously (session or ``Session-Id`` header) is merged into the
    customer's basket, as at a storefront login.
    """

    throttle_classes = SIGN_IN_THROTTLES

    def post(self, request, *args, **kwargs):
        anonymous_basket = operations.get_anonymous_basket(request)
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200 and anonymous_basket is not None:
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid()
            user = serializer.user
            basket = operations.get_user_basket(user)
            if basket.pk != anonymous_basket.pk:
                basket.merge(anonymous_basket)
        return response


class TokenRefreshView(JwtTokenRefreshView):
    throttle_classes = (LoginIPThrottle,)


class TokenVerifyView(JwtTokenVerifyView):
    throttle_classes = (LoginIPThrottle,)
