"""The 后台任务 page: a user's background jobs with their progress, results and errors.

Staff see the jobs they started; an agency's admins also see every job of the
agencies they administer (mail to applicants, letters rendered for colleagues).
The page refreshes itself while a job is queued or running.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.jobs import visible_jobs
from gongkai.core.models import Job
from gongkai.core.web import staff_view

from . import permissions as perm
from . import services

PAGE_SIZE = 50


def _jobs_for(request: HttpRequest):  # type: ignore[no-untyped-def]
    return visible_jobs(request.user, perm.job_scopes(request.user)).select_related("owner")


@staff_view
def index(request: HttpRequest) -> HttpResponse:
    jobs = list(_jobs_for(request)[:PAGE_SIZE])
    context = {"jobs": jobs, "refresh": any(j.active for j in jobs)}
    return render(request, "jobs/index.html", context)


@staff_view
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(_jobs_for(request), pk=pk)
    if job.state == "done" and job.result.get("url") and request.GET.get("go") == "1":
        return redirect(job.result["url"])
    return render(request, "jobs/detail.html", {"job": job, "refresh": job.active})


@staff_view
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=pk)
    try:
        services.retry_job(request.user, job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已重新排队。"))
    return redirect("jobs:detail", pk=job.pk)
