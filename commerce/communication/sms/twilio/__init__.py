"""Twilio Programmable Messaging (https://www.twilio.com/docs/messaging/api/message-resource).

``client`` wraps the Message resource of Twilio's 2010-04-01 REST API; ``provider``
implements the shop's ``SmsProvider`` contract on top of it.
"""
