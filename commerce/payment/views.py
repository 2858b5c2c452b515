"""Provider webhooks: ``POST /api/payments/webhooks/<provider>/``."""

import logging

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from commerce.payment.gateways import ProviderUnavailable
from commerce.payment.interface import WebhookSignatureError
from commerce.payment.services import WebhookEventInvalid, webhook_receive

logger = logging.getLogger(__name__)


@csrf_exempt  # providers cannot send a CSRF token; the signature authenticates the call
@require_POST
def webhook(request, provider):
    try:
        created = webhook_receive(
            provider_code=provider,
            body=request.body,
            headers=request.headers,
            query=request.GET,
        )
    except ProviderUnavailable as error:
        raise Http404(str(error)) from error
    except WebhookEventInvalid as error:
        logger.warning("%s webhook refused: %s", provider, error)
        return JsonResponse(
            {"code": "invalid_event", "message": str(error), "errors": {}}, status=400
        )
    except WebhookSignatureError as error:
        logger.warning("%s webhook refused: %s", provider, error)
        return JsonResponse(
            {"code": "invalid_signature", "message": str(error), "errors": {}}, status=400
        )
    return JsonResponse({"received": True, "duplicate": not created})
