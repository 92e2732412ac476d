"""Letters are numbered in the request and rendered by a background job; downloads wait."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from gongkai.applications.letters.files import is_ready
from gongkai.core import jobs
from gongkai.core.models import Job, JobState

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_an_issued_letter_has_its_number_at_once_and_its_files_when_the_job_ends(
    settings, new_case, issue, client, clerk
):
    settings.TASKS = DUMMY  # the job waits on the queue
    app = new_case()
    letter = issue(app, "receipt")
    assert letter.doc_number and not is_ready(letter)
    job = Job.objects.get(arguments__letter_id=letter.pk)
    assert job.state == JobState.QUEUED and job.owner == clerk
    assert letter.doc_number in job.title

    client.force_login(clerk)
    url = reverse("office:letter", args=[app.pk, letter.pk, "pdf"])
    waiting = client.get(url)
    assert waiting.status_code == 202 and "生成中" in waiting.content.decode()
    assert "生成中" in client.get(reverse("office:case", args=[app.pk])).content.decode()

    jobs.execute(job.pk)  # the worker runs it

    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (JobState.DONE, 2, 2)
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("office:letter", args=[app.pk, letter.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert letter.doc_number in text


def test_the_files_are_rendered_from_the_letter_as_issued(settings, new_case, issue, clerk):
    settings.TASKS = DUMMY
    app = new_case()
    letter = issue(app, "receipt")
    job = Job.objects.get(arguments__letter_id=letter.pk)
    # The case moves on (new contact name) before the worker gets to the letter.
    type(app).objects.filter(pk=app.pk).update(applicant_name="改过的名字")
    jobs.execute(job.pk)
    letter.refresh_from_db()
    text = "\n".join(p.text for p in Document(io.BytesIO(bytes(letter.docx))).paragraphs)
    assert "改过的名字" not in text and job.arguments["content"]["recipient"] in text
