"""«مهام الاستيراد»: the import jobs, and the upload of page files that makes one.

The list shows each job's state, counts, error, uploader and times; «إضافة» is the upload
page (one or many page files → a job, run by the task worker); a job's page shows its
per-file report, and reloads itself while the job is unfinished. Only users with the
``articles.ingest_pages`` permission (the editors) may upload.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.jobs import JobLimitError, check_limits, submit_pages
from articles.models import ImportJob
from articles.models.jobs import OUTCOMES

INGEST_PERMISSION = "articles.ingest_pages"

# The queue's own table is the worker's business (and its admin English): editors follow
# the jobs here.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,text/plain"}))
        # An empty file is the job's to report, beside the others, as the import does.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="ملفات الصفحات",
        required=False,
        help_text="ملف نصي واحد أو أكثر بترميز يونيكود، كما يقرؤها أمر الاستيراد.",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        try:
            check_limits(len(files), sum(f.size for f in files))
        except JobLimitError as exc:
            raise forms.ValidationError(exc.message) from exc
        return files


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "state",
        "files_count",
        "created",
        "updated",
        "unchanged",
        "failed",
        "error_line",
        "user",
        "created_at",
        "finished_at",
    )
    list_filter = ("state",)
    list_select_related = ("user",)
    fields = (
        "state",
        "user",
        "created_at",
        "started_at",
        "finished_at",
        "attempts",
        "error",
        "report_table",
    )
    readonly_fields = fields
    change_form_template = "admin/articles/importjob/change_form.html"

    @admin.display(description="الرقم", ordering="pk")
    def number(self, job):
        return job.pk

    @admin.display(description="الخطأ")
    def error_line(self, job):
        return job.error.splitlines()[0] if job.error else "—"

    @admin.display(description="التقرير")
    def report_table(self, job):
        report = job.report()
        totals = [report["totals"][name] for name in OUTCOMES]
        return render_to_string(
            "admin/articles/importjob/report.html",
            {"report": report, "outcomes": OUTCOMES, "totals": totals},
        )

    def has_add_permission(self, request):
        return request.user.has_perm(INGEST_PERMISSION)

    def has_change_permission(self, request, obj=None):
        return False  # a job's record is what happened: read only

    def add_view(self, request, form_url="", extra_context=None):
        """The upload page: files → a job, then the job's page."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
        if posted and form.is_valid():
            uploaded = form.cleaned_data["files"]
            job = submit_pages([(f.name, f.read()) for f in uploaded], request.user)
            self.log_addition(request, job, f"رُفع {job.files_count} ملفاً")
            self.message_user(
                request,
                "أُنشئت مهمة الاستيراد وستعمل بعد قليل؛ تتحدث هذه الصفحة حتى تنتهي.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:articles_importjob_change", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "رفع صفحات للاستيراد",
            "form": form,
            "media": self.media + form.media,
            "has_view_permission": self.has_view_permission(request),
            "max_files": settings.IMPORT_JOB_MAX_FILES,
            "max_bytes": settings.IMPORT_JOB_MAX_BYTES,
            "max_file_bytes": settings.IMPORT_MAX_BYTES,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/importjob/upload.html", context)
