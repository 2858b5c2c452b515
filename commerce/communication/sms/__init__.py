"""Text messages to customers, sent through one provider chosen in settings.

``interface`` holds the data that crosses into a provider and the :class:`SmsProvider`
contract; ``providers.sms_provider()`` picks the configured one. One package per provider:
``console`` (logs, the default), ``twilio`` and ``africastalking``, each a thin ``client``
over the provider's HTTP API and a ``provider`` that implements the contract.
"""
