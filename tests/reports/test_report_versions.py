"""A report uploaded twice is recognised; a second version is linked with its differences."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportcorpus import require_corpus, source_path

from gongkai.reports import presenters
from gongkai.reports.models import IngestedReport


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


def _seed_000() -> str:
    require_corpus()
    return source_path("seed-000").read_text(encoding="utf-8")


def _post(client, agencies, **data):
    return client.post(reverse("reports:upload"), {"scope": agencies["SZ"].pk, **data})


def test_the_same_report_in_other_bytes_is_recognised_as_a_duplicate(
    supervisor_client, agencies
) -> None:
    text = _seed_000()
    upload = SimpleUploadedFile("taicang-2019.txt", text.encode("utf-8"))
    _post(supervisor_client, agencies, file=upload)
    response = _post(supervisor_client, agencies, text=text.replace("\n", "\r\n") + "\n")
    assert IngestedReport.objects.count() == 2  # different bytes: both kept
    page = supervisor_client.get(response["Location"]).content.decode()
    assert "内容相同" in page and "taicang-2019.txt" in page


def test_a_second_version_is_linked_with_the_cells_that_differ(supervisor_client, agencies) -> None:
    text = _seed_000()
    _post(supervisor_client, agencies, text=text)
    changed = text.replace("\t246\t21\t2\t1\t4\t0\t274", "\t246\t21\t2\t1\t4\t0\t275")
    response = _post(
        supervisor_client, agencies, file=SimpleUploadedFile("v2.txt", changed.encode())
    )
    page = supervisor_client.get(response["Location"]).content.decode()
    assert "另一版本：有 1 个单元格不同" in page
    first, second = (o.report() for o in IngestedReport.objects.order_by("uploaded_at"))
    [difference] = presenters.differences(second, first)
    assert (difference.table, difference.row, difference.column) == ("三", "三、（七）总计", "总计")
    assert (difference.this, difference.other) == ("275", "274")


def test_another_years_report_is_not_a_version(supervisor_client, agencies) -> None:
    text = _seed_000()
    _post(supervisor_client, agencies, text=text)
    response = _post(
        supervisor_client, agencies, text=text.replace("太仓市 2019 年", "太仓市 2020 年")
    )
    page = supervisor_client.get(response["Location"]).content.decode()
    assert 'id="h-versions"' not in page
