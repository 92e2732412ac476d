"""Bulk import from CSV / XLSX / JSON as a job: all rows or none, with a validation report."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.catalog import imports
from gongkai.catalog.models import Item
from gongkai.catalog.search import Query, search
from gongkai.core.models import Job

ROWS = [
    {"索引号": "014184322/2018-00007", "名称": "太仓市政府信息公开工作规定", "文号": "太政发(2018)7号",
     "发布日期": "2018-03-02", "成文日期": "2018年2月26日", "公开类别": "行政法规、规章和规范性文件",
     "主题分类": "综合政务\\政务公开", "体裁分类": "通知", "正文": "<p>为规范政府信息公开工作</p>",
     "有效性": "废止", "失效日期": "2020-01-01", "失效原因": "被新规定废止"},
    {"名称": "2018年太仓市统计公报", "发布日期": "2019-03-10", "公开类别": "20-04", "有效性": "有效"},
]  # fmt: skip


def _csv(rows, encoding="utf-8"):
    out = io.StringIO()
    writer = __import__("csv").DictWriter(out, fieldnames=sorted({k for r in rows for k in r}))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _xlsx(rows):
    import openpyxl

    book = openpyxl.Workbook()
    head = sorted({k for r in rows for k in r})
    book.active.append(head)
    for r in rows:
        book.active.append([r.get(h, "") for h in head])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make"),
    [("old.csv", _csv), ("old-gbk.csv", lambda r: _csv(r, "gb18030")), ("old.xlsx", _xlsx),
     ("old.json", lambda r: json.dumps(r, ensure_ascii=False).encode())],
)  # fmt: skip
def test_import_publishes_every_row(agencies, chief, name, make):
    job = imports.start_import(chief, agencies["TCBGS"], name, make(ROWS))
    assert job.state == "done", job.error
    assert job.done == job.total == 2
    old = Item.objects.get(index_no="014184322/2018-00007")
    assert old.doc_no == "太政发〔2018〕7号" and old.validity == "repealed"
    assert old.written_on.isoformat() == "2018-02-26" and old.category == "20-01"
    assert old.events.get().kind == "imported"
    stats = Item.objects.get(title="2018年太仓市统计公报")
    assert stats.index_no.startswith(f"{agencies['TCBGS'].code}/2019-")
    assert list(search(Query("信息公開"))) == [old]


def test_one_bad_row_imports_nothing_and_reports_where(agencies, chief):
    bad = [*ROWS, {"名称": "", "发布日期": "2019-13-01", "公开类别": "不存在"}]
    job = imports.start_import(chief, agencies["TCBGS"], "old.json", json.dumps(bad).encode())
    assert job.state == "failed"
    assert "第4行 title：缺少名称" in job.error and "第4行 published_on" in job.error
    assert "第4行 category" in job.error
    assert not Item.objects.exists()


def test_duplicate_index_numbers_are_refused(agencies, chief):
    job = imports.start_import(
        chief, agencies["TCBGS"], "a.json", json.dumps([ROWS[0], ROWS[0]]).encode()
    )
    assert job.state == "failed" and "索引号重复" in job.error
    assert not Item.objects.exists()


def test_unreadable_file_and_wrong_role_are_refused_at_once(agencies, chief, clerk):
    with pytest.raises(ValidationError):
        imports.start_import(chief, agencies["TCBGS"], "a.txt", b"x")
    with pytest.raises(PermissionDenied):
        imports.start_import(clerk, agencies["TCBGS"], "a.json", b"[]")
    assert not Job.objects.exists()


def test_office_upload_starts_the_job(client, agencies, chief):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(chief)
    url = reverse("catalog_office:import", args=[agencies["TCBGS"].pk])
    response = client.post(url, {"file": SimpleUploadedFile("old.csv", _csv(ROWS))})
    assert response.status_code == 302 and response["Location"] == reverse("jobs:index")
    assert Item.objects.count() == 2
