"""Bulk import of an agency's existing items (moving from its old site): CSV, XLSX or JSON,
run as a job with progress. Every row is validated first; a file with any bad row imports
nothing and the job fails with the validation report (row, column, problem). Imported items
were already public on the old site, so they arrive published (and indexed) in one
transaction, each with an `imported` event.

Columns (Chinese headers, or the field names): 索引号 名称 文号 发布机构 成文日期 发布日期
实施日期 公开类别 主题分类 体裁分类 关键词 内容概述 正文 有效性 失效日期 失效原因.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import audit, jobs
from gongkai.core.actors import Actor, user_of

from . import search, taxonomy
from .models import EventKind, Item, ItemEvent, Status, Validity
from .services import next_index_no
from .text import clean_body

HEADERS = {
    "索引号": "index_no", "名称": "title", "标题": "title", "文号": "doc_no",
    "发布机构": "publisher", "成文日期": "written_on", "发布日期": "published_on",
    "实施日期": "effective_on", "公开类别": "category", "主题分类": "subject",
    "体裁分类": "genre", "关键词": "keywords", "内容概述": "summary", "正文": "body",
    "有效性": "validity", "失效日期": "validity_changed_on", "失效原因": "validity_reason",
}  # fmt: skip
FIELDS = set(HEADERS.values())
INDEX_NO = re.compile(
    r"^([0-9A-Z]{9}|[0-9A-Z]{8}-[0-9A-Z]|[0-9A-Z]{18}|[0-9A-Z]{2,18})/(\d{4}|\d{6})-\d{5}$"
)
VALIDITY = {"有效": Validity.VALID, "现行有效": Validity.VALID, "失效": Validity.EXPIRED,
            "废止": Validity.REPEALED, **{v: v for v in Validity.values}}  # fmt: skip
MAX_ROWS = 20_000


class ImportFileError(ValidationError):
    """The file cannot be read as a table."""


@dataclass
class Report:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)

    def text(self, limit: int = 30) -> str:
        lines = [
            _("第%(r)s行 %(c)s：%(m)s") % {"r": r, "c": c, "m": m}
            for r, c, m in self.problems[:limit]
        ]
        if len(self.problems) > limit:
            lines.append(_("……共 %(n)s 处问题") % {"n": len(self.problems)})
        return "；".join(lines)


def read_table(name: str, data: bytes) -> list[dict[str, Any]]:
    """Rows as dicts keyed by field name; bytes in, no ORM."""
    lower = name.lower()
    if lower.endswith(".json"):
        try:
            rows = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportFileError(_("JSON文件无法读取：%(e)s") % {"e": exc}) from exc
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportFileError(_("JSON文件应为对象数组。"))
    elif lower.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif lower.endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise ImportFileError(_("只接受CSV、XLSX或JSON文件。"))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("一次最多导入 %(n)s 条。") % {"n": MAX_ROWS})
    return [{HEADERS.get(str(k).strip(), str(k).strip()): v for k, v in r.items()} for r in rows]


def _csv_rows(data: bytes) -> list[dict[str, Any]]:
    for encoding in ("utf-8-sig", "gb18030"):  # old sites export GBK as often as UTF-8
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return list(csv.DictReader(io.StringIO(text)))
    raise ImportFileError(_("CSV文件编码无法识别（请使用UTF-8或GBK）。"))


def _xlsx_rows(data: bytes) -> list[dict[str, Any]]:
    import openpyxl

    try:
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(_("Excel文件无法读取：%(e)s") % {"e": exc}) from exc
    rows = list(sheet.iter_rows(values_only=True)) if sheet is not None else []
    if not rows:
        return []
    head = [str(h or "").strip() for h in rows[0]]
    return [
        dict(zip(head, r, strict=False)) for r in rows[1:] if any(v not in (None, "") for v in r)
    ]


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = re.sub(r"[年月/.]", "-", str(value).strip()).rstrip("日")
    return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))


def validate(agency: Agency, rows: list[dict[str, Any]]) -> Report:
    report = Report()
    categories = dict(taxonomy.category_choices())
    seen: set[str] = set()
    for n, raw in enumerate(rows, start=2):  # row 1 is the header
        row, problems = _read_dates(raw)
        row.update({k: str(raw.get(k) or "").strip() for k in FIELDS if k not in row})
        if not row["title"]:
            problems.append(("title", _("缺少名称")))
        problems += _check_classification(row, categories)
        problems += _check_index_no(row, seen)
        if not row["published_on"]:
            problems.append(("published_on", _("缺少发布日期")))
        report.problems += [(n, k, m) for k, m in problems]
        report.rows.append(row)
    return report


Problems = list[tuple[str, str]]


def _read_dates(raw: dict[str, Any]) -> tuple[dict[str, Any], Problems]:
    row: dict[str, Any] = {}
    problems: Problems = []
    for key in ("written_on", "published_on", "effective_on", "validity_changed_on"):
        try:
            row[key] = _date(raw.get(key))
        except ValueError:
            problems.append((key, _("日期格式错误：%(v)s") % {"v": raw.get(key)}))
    return row, problems


def _check_classification(row: dict[str, Any], categories: dict[str, str]) -> Problems:
    """Category (by code or label), subject, genre and validity; normalises category and validity."""
    problems: Problems = []
    labels = {v: k for k, v in categories.items()}
    row["category"] = labels.get(row["category"], row["category"])
    if row["category"] not in categories:
        problems.append(("category", _("公开类别不在目录中")))
    if row["subject"] and row["subject"] not in dict(taxonomy.subject_choices()):
        problems.append(("subject", _("主题分类不在22类121小类之中")))
    if row["genre"] and row["genre"] not in dict(taxonomy.genre_choices()):
        problems.append(("genre", _("体裁分类不在公文种类之中")))
    row["validity"] = VALIDITY.get(row["validity"] or "有效")
    if row["validity"] is None:
        problems.append(("validity", _("有效性应为有效、失效或废止")))
    return problems


def _check_index_no(row: dict[str, Any], seen: set[str]) -> Problems:
    """A given 索引号 is well formed and unique in the file and in the catalogue."""
    index_no = row["index_no"]
    if not index_no:
        return []
    seen_before = index_no in seen
    seen.add(index_no)
    if not INDEX_NO.match(index_no):
        return [("index_no", _("索引号格式错误"))]
    if seen_before or Item.objects.filter(index_no=index_no).exists():
        return [("index_no", _("索引号重复"))]
    return []


def _create(agency: Agency, actor: Actor, row: dict[str, Any]) -> Item:
    published_on = row.pop("published_on")
    index_no = row.pop("index_no") or next_index_no(agency, published_on.year)
    item = Item.objects.create(
        agency=agency,
        author=user_of(actor),
        index_no=index_no,
        status=Status.PUBLISHED,
        published_at=dt.datetime.combine(published_on, dt.time(9), timezone.get_current_timezone()),
        **{**row, "doc_no": taxonomy.normalise_doc_no(row["doc_no"]),
           "body": clean_body(row["body"]), "publisher": row["publisher"] or agency.name},
    )  # fmt: skip
    ItemEvent.objects.create(
        item=item, actor=user_of(actor), kind=EventKind.IMPORTED, to_status=item.status
    )
    search.index_item(item)
    return item


def import_items(run: Any, agency_id: int, actor_id: int, name: str) -> dict[str, str]:
    """Job handler: validate every row, then create all items in one transaction (or none)."""
    agency = Agency.objects.get(pk=agency_id)
    actor = get_user_model().objects.get(pk=actor_id)
    perm.require(perm.can_publish_item(actor, agency))
    rows = read_table(name, run.payload)
    run.progress(0, len(rows), _("校验中"))
    report = validate(agency, rows)
    if report.problems:
        raise ValidationError(_("校验未通过，未导入任何条目：%(r)s") % {"r": report.text()})
    with transaction.atomic():
        for n, row in enumerate(report.rows, start=1):
            _create(agency, actor, row)
            if n % 50 == 0 or n == len(rows):
                run.progress(n, len(rows), _("已导入 %(n)s 条") % {"n": n})
        audit.record(actor, "catalog.imported", agency, count=len(rows), file=name)
    return {"url": "/office/catalog/", "label": _("已导入 %(n)s 条") % {"n": len(rows)}}


def start_import(actor: Actor, agency: Agency, name: str, data: bytes) -> Any:
    """Queue an import of `data` into the agency's catalogue; returns the job."""
    perm.require(perm.can_publish_item(actor, agency))
    if not data:
        raise ValidationError(_("文件为空。"))
    read_table(name, data)  # an unreadable file is refused now, not in the job
    return jobs.enqueue(
        import_items,
        title=_("导入公开目录：%(n)s") % {"n": name},
        owner=actor,
        scope=agency.path,
        payload=data,
        agency_id=agency.pk,
        actor_id=actor.pk,
        name=name,
    )
