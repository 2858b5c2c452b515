"""The merchandisers' synonyms screen in the Oscar dashboard (/dashboard/search/synonyms/)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic

from search.models import SearchSettings


class SynonymsForm(forms.ModelForm):
    class Meta:
        model = SearchSettings
        fields = ["synonyms"]
        widgets = {"synonyms": forms.Textarea(attrs={"rows": 12, "class": "form-control"})}


class SynonymsView(PermissionRequiredMixin, generic.UpdateView):
    permission_required = "search.change_searchsettings"
    form_class = SynonymsForm
    template_name = "search/dashboard/synonyms.html"
    success_url = reverse_lazy("dashboard-search-synonyms")

    def has_permission(self):
        # Like every dashboard page: staff only, then the model permission.
        return self.request.user.is_staff and super().has_permission()

    def get_object(self, queryset=None):
        return SearchSettings.load()

    def form_valid(self, form):
        # Saving pushes the synonyms to the index (search.receivers.search_settings_saved).
        messages.success(self.request, _("Synonyms saved; search is being updated."))
        return super().form_valid(form)
