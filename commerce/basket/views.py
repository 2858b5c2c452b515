"""Oscar's basket views, with voucher attempts limited (``throttles``)."""

from __future__ import annotations

import math

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import ngettext
from oscar.apps.basket import views as oscar_views

from commerce.basket.throttles import voucher_attempt_wait


class VoucherAddView(oscar_views.VoucherAddView):
    def voucher_basket(self):
        return self.request.basket

    def post(self, request, *args, **kwargs):
        wait = voucher_attempt_wait(request=request, view=self)
        if wait is not None:
            minutes = max(1, math.ceil(wait / 60))
            messages.error(
                request,
                ngettext(
                    "Too many voucher codes tried. Please try again in %(minutes)d minute.",
                    "Too many voucher codes tried. Please try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            return redirect("basket:summary")
        return super().post(request, *args, **kwargs)
