"""The console provider: writes each message to the log instead of sending it.

The default, so development and tests send without any account; set ``SMS_PROVIDER`` to use a
real provider.
"""
