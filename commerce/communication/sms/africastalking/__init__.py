"""Africa's Talking SMS (https://developers.africastalking.com/docs/sms/sending/bulk).

``client`` wraps the messaging endpoint of Africa's Talking's HTTP API; ``provider`` implements
the shop's ``SmsProvider`` contract on top of it and reads the per-recipient status codes.
"""
