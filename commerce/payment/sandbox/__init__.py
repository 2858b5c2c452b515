"""The sandbox payment provider: offline and the embedded default.

It behaves like a hosted-page provider: checkout redirects the shopper to the sandbox's own page
(``views.py``) where they approve, decline or abandon; the sandbox then sends a signed callback
(``webhooks.py``) and returns the shopper to the shop, which verifies the payment server-side.
"""
