"""GET/PUT/PATCH /api/account/notifications/: the signed-in customer's notification preferences."""

from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import generics, permissions, serializers

from commerce.communication.account_views import preference_for
from commerce.communication.forms import SMS_FIELDS, SMS_WITHOUT_PHONE, sms_without_phone
from commerce.communication.models import NotificationPreference


class NotificationPreferenceSerializer(serializers.ModelSerializer):
    phone_number = PhoneNumberField(required=False, allow_blank=True)

    class Meta:
        model = NotificationPreference
        fields = [
            "phone_number",
            "order_updates_email",
            "order_updates_sms",
            "reminders_email",
            "reminders_sms",
        ]

    def validate(self, attrs):
        # A PATCH sends some fields: judge the preferences as they will be once saved.
        def value(name):
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name) if self.instance is not None else None

        wants_sms = any(value(name) for name in SMS_FIELDS)
        if sms_without_phone(phone_number=value("phone_number"), wants_sms=wants_sms):
            raise serializers.ValidationError({"phone_number": [SMS_WITHOUT_PHONE]})
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["phone_number"] = data["phone_number"] or ""
        return data


class NotificationPreferenceView(generics.RetrieveUpdateAPIView):
    serializer_class = NotificationPreferenceSerializer
    permission_classes = (permissions.IsAuthenticated,)

    def get_object(self):
        # Only ever the caller's own preferences: there is no id to ask for anyone else's.
        return preference_for(self.request.user)
