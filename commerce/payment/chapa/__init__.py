"""Chapa (Ethiopia): a hosted checkout in ETB or USD, verified server to server.

``client`` wraps Chapa's HTTP API, ``gateway`` implements the shop's ``Gateway`` protocol and
``webhooks`` checks the HMAC Chapa puts on its webhook deliveries.
"""
