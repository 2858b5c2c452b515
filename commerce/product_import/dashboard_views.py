"""The dashboard's import page (/dashboard/catalogue/import/): upload a file, follow its job,
download the uploaded file again (kept in the private storage: no public URL)."""

import posixpath

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import generic

from commerce.product_import import selectors, services
from commerce.product_import.dashboard_access import product_import_access
from commerce.product_import.forms import ImportUploadForm
from commerce.product_import.parsing import COLUMNS, REQUIRED_COLUMNS

# The job page shows this many row errors; the API gives all of them.
ERRORS_SHOWN = 500


class _ImportAccessMixin(UserPassesTestMixin):
    def test_func(self):
        return product_import_access(self.request.user)


class ProductImportView(_ImportAccessMixin, generic.FormView):
    template_name = "product_import/dashboard/import.html"
    form_class = ImportUploadForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            jobs=selectors.import_jobs_recent(),
            columns=COLUMNS,
            required_columns=REQUIRED_COLUMNS,
        )
        return context

    def form_valid(self, form):
        job = services.import_job_create(
            file=form.cleaned_data["file"],
            all_or_nothing=form.cleaned_data["all_or_nothing"],
            user=self.request.user,
        )
        messages.info(self.request, _("The file is queued for import."))
        return redirect("dashboard-product-import-job", public_id=job.public_id)


class ImportJobView(_ImportAccessMixin, generic.TemplateView):
    template_name = "product_import/dashboard/job.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = selectors.import_job_get(public_id=self.kwargs["public_id"])
        if job is None:
            raise Http404(_("No such import."))
        context.update(
            job=job,
            errors=job.errors[:ERRORS_SHOWN],
            errors_hidden=max(len(job.errors) - ERRORS_SHOWN, 0),
        )
        return context


class ImportFileView(_ImportAccessMixin, generic.View):
    """The job's uploaded file, as an attachment, to staff who may import (others: the sign-in
    page, or 403 when signed in)."""

    def get(self, request, public_id):
        job = selectors.import_job_get(public_id=public_id)
        if job is None or not job.file or not job.file.storage.exists(job.file.name):
            raise Http404(_("No such import file."))
        response = FileResponse(
            job.file.storage.open(job.file.name, "rb"),
            as_attachment=True,
            filename=job.original_name or posixpath.basename(job.file.name),
            content_type="text/csv",
        )
        patch_cache_control(response, private=True, no_store=True)
        return response
