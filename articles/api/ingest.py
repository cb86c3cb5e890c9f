"""``POST /api/v1/ingest/``: page files sent by a desk tool become an import job.

The request carries the files as multipart (any number of file fields, or several under
``files``) or as JSON ``{"pages": [{"name": "...", "text": "..."}]}``; the answer is
``202 Accepted`` with the job's address, where ``GET`` gives its state and, once run, the
same per-file report ``loadseeds`` prints. The job's limits (files, bytes) are checked
before anything is stored, and a request over them is refused whole with the limit named.
Only a token carrying the ingest right may send pages (``CanIngest``); a job's report is
shown to its own sender and to staff who may see import jobs in the admin.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from articles.api.permissions import CanIngest
from articles.jobs import JobLimitError, submit_pages
from articles.jobs.submit import check_limits
from articles.models import ImportJob

PAGES_SHAPE = (
    'أرسل الصفحات ملفاتٍ (multipart) أو JSON بالشكل {"pages": [{"name": "…", "text": "…"}]}.'
)


def _json_pages(data) -> list[tuple[str, bytes]]:
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, list):
        raise ParseError(PAGES_SHAPE)
    files = []
    for position, page in enumerate(pages, start=1):
        text = page.get("text") if isinstance(page, dict) else None
        if not isinstance(text, str):
            raise ParseError(f"الصفحة رقم {position} بلا نص («text»). {PAGES_SHAPE}")
        name = page.get("name")
        files.append((name if isinstance(name, str) else "", text.encode("utf-8")))
    return files


def _uploaded_pages(request) -> list[tuple[str, bytes]]:
    uploads = [f for field in request.FILES for f in request.FILES.getlist(field)]
    # The limits first, from the sizes the upload declares: nothing is read past them.
    check_limits(len(uploads), sum(f.size for f in uploads))
    return [(f.name, f.read()) for f in uploads]


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


class IngestView(APIView):
    permission_classes = [CanIngest]
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(request=OpenApiTypes.OBJECT, responses={202: OpenApiTypes.OBJECT})
    def post(self, request):
        try:
            if request.content_type.startswith("multipart/"):
                files = _uploaded_pages(request)
            else:
                files = _json_pages(request.data)
            job = submit_pages(files, request.user)
        except JobLimitError as error:
            body = {"detail": error.message}
            if error.setting:
                body["setting"] = error.setting
            return _private(Response(body, status=error.status))
        url = reverse("api:job", args=[job.pk], request=request)
        response = Response(
            {"id": job.pk, "state": job.state, "files": job.files_count, "url": url},
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": url},
        )
        return _private(response)


class JobView(APIView):
    permission_classes = [CanIngest]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        jobs = ImportJob.objects.all()
        if not request.user.has_perm("articles.view_importjob"):
            jobs = jobs.filter(user=request.user)
        job = get_object_or_404(jobs, pk=pk)
        return _private(Response(job.report()))
