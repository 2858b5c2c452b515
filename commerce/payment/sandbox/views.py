"""The sandbox's hosted payment page: approve, decline or abandon."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views import View

from commerce.payment.sandbox.gateway import gateway_from_settings
from commerce.payment.sandbox.models import SandboxPayment
from commerce.payment.sandbox.services import DECISIONS, sandbox_payment_decide


class SandboxPaymentPageView(View):
    """Only exists while the sandbox is offered: in production its approve button would be a
    way to get orders for free."""

    template_name = "payment/sandbox/page.html"

    def dispatch(self, request, *args, **kwargs):
        if gateway_from_settings() is None:
            raise Http404("the sandbox payment provider is off")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, reference):
        payment = get_object_or_404(SandboxPayment, reference=reference)
        return render(request, self.template_name, {"payment": payment})

    def post(self, request, reference):
        decision = request.POST.get("decision", "")
        if decision not in DECISIONS:
            raise Http404("unknown decision")
        get_object_or_404(SandboxPayment, reference=reference)
        payment = sandbox_payment_decide(reference=reference, decision=decision)
        if payment.status == SandboxPayment.Status.CANCELLED:
            return HttpResponseRedirect(payment.cancel_url)
        return HttpResponseRedirect(payment.return_url)
