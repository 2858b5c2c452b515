"""The customer's notification preferences, among Oscar's account pages."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from commerce.communication.forms import NotificationPreferenceForm
from commerce.communication.models import NotificationPreference


def preference_for(user) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


class NotificationPreferenceView(LoginRequiredMixin, generic.UpdateView):
    template_name = "communication/account/preferences.html"
    form_class = NotificationPreferenceForm
    page_title = gettext_lazy("Notification preferences")
    active_tab = "notification_preferences"

    def get_object(self, queryset=None):
        return preference_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_title=self.page_title, active_tab=self.active_tab)
        return context

    def form_valid(self, form):
        messages.success(self.request, _("Your notification preferences have been saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("customer-notification-preferences")
