"""The notification screens of the Oscar dashboard: the delivery log (with resend) and the
wording of each message (/dashboard/notifications/...)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View, generic

from commerce.communication.dashboard_access import (
    messages_access,
    resend_access,
    templates_access,
)
from commerce.communication.defaults import DEFAULT_TEMPLATES
from commerce.communication.events import EVENT_LABELS, Channel, Event
from commerce.communication.forms import MessageFilterForm, NotificationTemplateForm
from commerce.communication.models import CHANNEL_CHOICES, Message, NotificationTemplate

CHANNEL_LABELS = dict(CHANNEL_CHOICES)


def default_wording(*, event: str, channel: str, language: str) -> tuple[str, str]:
    """The shipped (subject, body): this language's, else the default language's, else empty."""
    for lang in (language, settings.LANGUAGE_CODE):
        if (event, channel, lang) in DEFAULT_TEMPLATES:
            return DEFAULT_TEMPLATES[(event, channel, lang)]
    return "", ""


class MessageListView(UserPassesTestMixin, generic.ListView):
    template_name = "communication/dashboard/message_list.html"
    context_object_name = "message_list"
    paginate_by = 50

    def test_func(self):
        return messages_access(self.request.user)

    def get_queryset(self):
        self.filter_form = MessageFilterForm(self.request.GET or None)
        return self.filter_form.filter(Message.objects.order_by("-created_at", "-pk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            filter_form=self.filter_form,
            filter_querystring=params.urlencode(),
            can_resend=resend_access(self.request.user),
        )
        return context


class MessageResendView(UserPassesTestMixin, View):
    http_method_names = ["post"]

    def test_func(self):
        return resend_access(self.request.user)

    def post(self, request, pk):
        message = get_object_or_404(Message, pk=pk)
        # The service lives next to the send task; imported here so this module loads on its own.
        from commerce.communication import services

        try:
            services.message_resend(message_id=message.pk)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The message to %(recipient)s is queued to be sent again.")
                % {"recipient": message.recipient},
            )
        return redirect(self._back_url())

    def _back_url(self) -> str:
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return reverse("dashboard-notifications-messages")


class TemplateListView(UserPassesTestMixin, generic.TemplateView):
    template_name = "communication/dashboard/template_list.html"

    def test_func(self):
        return templates_access(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        custom = {
            (t.event, t.channel, t.language): t
            for t in NotificationTemplate.objects.only("event", "channel", "language", "updated_at")
        }
        rows = []
        for event in Event:
            for channel in Channel:
                for language, language_name in settings.LANGUAGES:
                    key = (event.value, channel.value, language)
                    rows.append(
                        {
                            "event": event.value,
                            "event_label": EVENT_LABELS[event],
                            "channel": channel.value,
                            "channel_label": CHANNEL_LABELS[channel.value],
                            "language": language,
                            "language_name": language_name,
                            "custom": custom.get(key),
                            "has_default": key in DEFAULT_TEMPLATES,
                        }
                    )
        context["rows"] = rows
        return context


class TemplateEditView(UserPassesTestMixin, generic.UpdateView):
    template_name = "communication/dashboard/template_form.html"
    form_class = NotificationTemplateForm

    def test_func(self):
        return templates_access(self.request.user)

    def get_object(self, queryset=None):
        event, channel, language = (self.kwargs[k] for k in ("event", "channel", "language"))
        if (
            event not in {e.value for e in Event}
            or channel not in {c.value for c in Channel}
            or language not in dict(settings.LANGUAGES)
        ):
            raise Http404
        template = NotificationTemplate.objects.filter(
            event=event, channel=channel, language=language
        ).first()
        return template or NotificationTemplate(event=event, channel=channel, language=language)

    def get_initial(self):
        if self.object.pk:
            return {}
        subject, body = default_wording(
            event=self.object.event, channel=self.object.channel, language=self.object.language
        )
        return {"subject": subject, "body": body}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            event_label=EVENT_LABELS[Event(self.object.event)],
            channel_label=CHANNEL_LABELS[self.object.channel],
            language_name=dict(settings.LANGUAGES)[self.object.language],
            is_custom=bool(self.object.pk),
        )
        return context

    def form_valid(self, form):
        messages.success(self.request, _("Template saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("dashboard-notifications-templates")
