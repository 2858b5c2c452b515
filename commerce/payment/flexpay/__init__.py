"""FlexPay (DR Congo): mobile money push payments in CDF or USD.

The shopper approves the payment on their phone; there is no page to redirect to. FlexPay does
not sign its callbacks, so each callback URL carries a token only this shop can compute
(``webhooks``), and the shop confirms every callback with FlexPay's check endpoint anyway.
"""
