"""Which SMS provider this shop sends through: the ``SMS_PROVIDER`` setting picks one."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from commerce.communication.sms.interface import SmsProvider

# The console provider needs no account, so a fresh checkout sends (to its log) out of the box.
DEFAULT_PROVIDER_CODE = "console"
PROVIDER_CODES = ("console", "twilio", "africastalking")


def sms_provider() -> SmsProvider:
    """The configured provider; ImproperlyConfigured names what is wrong or missing."""
    code = getattr(settings, "SMS_PROVIDER", "") or DEFAULT_PROVIDER_CODE
    if code not in PROVIDER_CODES:
        raise ImproperlyConfigured(
            f"SMS_PROVIDER is {code!r}; expected one of {', '.join(PROVIDER_CODES)}"
        )
    return import_module(f"commerce.communication.sms.{code}.provider").provider_from_settings()


def required_settings(*names: str, provider: str) -> dict[str, str]:
    """The values of settings ``provider`` cannot work without, all of them checked at once."""
    values = {name: str(getattr(settings, name, "") or "") for name in names}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise ImproperlyConfigured(
            f"SMS provider {provider!r} needs {', '.join(missing)}, which "
            f"{'is' if len(missing) == 1 else 'are'} not set"
        )
    return values


def provider_timeout() -> float:
    """Seconds a provider call may take before the send fails as temporary (and is retried)."""
    return float(getattr(settings, "SMS_PROVIDER_TIMEOUT", 10) or 10)
