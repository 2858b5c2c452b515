"""Forms of the notification screens: the dashboard's log filter and template editor, and the
customer's notification preferences."""

from django import forms
from django.template import Template, TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from commerce.communication.events import Channel
from commerce.communication.models import (
    CHANNEL_CHOICES,
    Message,
    NotificationPreference,
    NotificationTemplate,
)

SMS_FIELDS = ("order_updates_sms", "reminders_sms")
SMS_WITHOUT_PHONE = _("Enter a mobile number to receive messages by SMS.")


def sms_without_phone(*, phone_number, wants_sms: bool) -> bool:
    """True when SMS are chosen but there is no number to send them to."""
    return wants_sms and not phone_number


class MessageFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Message.Status.choices],
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *CHANNEL_CHOICES]
    )
    recipient = forms.CharField(label=_("Recipient"), required=False, max_length=255)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["channel"]:
            queryset = queryset.filter(channel=data["channel"])
        if data["recipient"].strip():
            queryset = queryset.filter(recipient__icontains=data["recipient"].strip())
        return queryset


class NotificationTemplateForm(forms.ModelForm):
    """The wording of one event, channel and language; the instance carries those three."""

    class Meta:
        model = NotificationTemplate
        fields = ["subject", "body"]
        widgets = {
            "subject": forms.TextInput(attrs={"class": "form-control"}),
            "body": forms.Textarea(attrs={"rows": 14, "class": "form-control"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.channel == Channel.SMS:
            del self.fields["subject"]
        else:
            self.fields["subject"].required = True

    def _clean_template(self, name: str) -> str:
        text = self.cleaned_data.get(name, "")
        try:
            Template(text)
        except TemplateSyntaxError as error:
            raise forms.ValidationError(
                _("%(field)s is not a valid template: %(error)s"),
                code="template_syntax",
                params={"field": self.fields[name].label, "error": error},
            ) from error
        return text

    def clean_subject(self):
        return self._clean_template("subject")

    def clean_body(self):
        return self._clean_template("body")

    def save(self, commit=True):
        if self.instance.channel == Channel.SMS:
            self.instance.subject = ""
        return super().save(commit=commit)


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = [
            "phone_number",
            "order_updates_email",
            "order_updates_sms",
            "reminders_email",
            "reminders_sms",
        ]
        help_texts = {
            "phone_number": _("In international format, for example +243 81 234 5678."),
        }

    def clean(self):
        cleaned = super().clean()
        wants_sms = any(cleaned.get(name) for name in SMS_FIELDS)
        # A number that did not validate already has its own error.
        if "phone_number" in self.errors:
            return cleaned
        if sms_without_phone(phone_number=cleaned.get("phone_number"), wants_sms=wants_sms):
            self.add_error("phone_number", SMS_WITHOUT_PHONE)
        return cleaned
