"""Import jobs: page files imported off the request, by a worker, through Django's Tasks API.

- ``submit``: ``submit_pages(files, user) -> ImportJob``, the one entry point (admin upload,
  ingest API): limits checked, the files stored with the job, a task queued on commit;
- ``run``: a worker's side: the job claimed under a lease, its files imported in batches
  by the import of ``loadseeds`` (``articles.importer``), each batch committed with its
  files' reports, so a job resumed after a crash imports and counts each file once;
- ``recover``: jobs whose lease ran out (their worker was killed) queued again;
- ``tasks``: the task itself (``import_job``), for whichever backend ``TASKS`` names.

``ImportJob.report()`` (``articles.models.jobs``) is the per-file report.
"""

from articles.jobs.submit import JobLimitError, check_limits, submit_pages

__all__ = ["JobLimitError", "check_limits", "submit_pages"]
