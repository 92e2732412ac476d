"""Checks shown to the reviewer before an item is approved or published.

Each finding names the exact place: an offset in the body's plain text, or a page of an
attachment. Detectors are pure functions over text (golden tests in tests/catalog/);
`run_checks` puts them together for an item, and `blocking` applies the agency's choice of
which checks stop publication.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.core import workcalendar

from .models import (
    DEFAULT_BLOCKING,
    AgencySettings,
    Attachment,
    Check,
    ExtractState,
    Item,
    WordingRule,
)
from .text import plain_text

PUBLISH_DAYS = 20  # 条例第二十六条: within 20 working days of being formed or changed

# GB 11643-1999: ISO 7064 MOD 11-2 weights and check characters.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID18 = re.compile(
    r"(?<![0-9A-Za-z])([1-9]\d{5}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx])(?![0-9A-Za-z])"
)
_ID15 = re.compile(r"(?<!\d)([1-9]\d{5}\d{2}[01]\d[0-3]\d\d{3})(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?!\d)")
_CARD = re.compile(r"(?<!\d)((?:\d[ -]?){15,18}\d)(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class Finding:
    check: str
    message: str
    excerpt: str = ""
    offset: int | None = None  # in the text named below (the body's plain text by default)
    field: str = ""  # a metadata field's label, when the finding is in it
    attachment: str = ""  # file name
    page: int | None = None  # 1-based page of the attachment

    @property
    def place(self) -> str:
        if self.offset is None:
            return ""
        n = self.offset + 1
        if self.attachment:
            return _("附件《%(a)s》第%(p)s页第%(n)s字") % {
                "a": self.attachment,
                "p": self.page,
                "n": n,
            }
        return _("%(f)s第%(n)s字") % {"f": self.field or _("正文"), "n": n}


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def _valid_date(yyyymmdd: str) -> bool:
    try:
        dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return True


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def mask(value: str) -> str:
    return value[:3] + "*" * max(len(value) - 7, 1) + value[-4:] if len(value) > 7 else "***"


def personal_data(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, kind label, masked value) for each 身份证号, mobile, bank card, e-mail."""
    taken: list[range] = []

    def free(start: int, end: int) -> bool:
        return not any(start < r.stop and r.start < end for r in taken)

    for m in _ID18.finditer(text):
        v = m.group(1).upper()
        if _valid_date(v[6:14]) and id_check_digit(v[:17]) == v[17]:
            taken.append(range(m.start(1), m.end(1)))
            yield m.start(1), _("身份证号"), mask(v)
    for m in _ID15.finditer(text):
        v = m.group(1)
        if free(m.start(1), m.end(1)) and _valid_date("19" + v[6:12]):
            taken.append(range(m.start(1), m.end(1)))
            yield m.start(1), _("身份证号（15位）"), mask(v)
    for m in _MOBILE.finditer(text):
        if free(m.start(1), m.end(1)):
            taken.append(range(m.start(1), m.end(1)))
            yield m.start(1), _("手机号码"), mask(re.sub(r"\D", "", m.group(1)))
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if 16 <= len(digits) <= 19 and free(m.start(1), m.end(1)) and luhn_ok(digits):
            taken.append(range(m.start(1), m.end(1)))
            yield m.start(1), _("银行卡号"), mask(digits)
    for m in _EMAIL.finditer(text):
        yield m.start(), _("电子邮箱"), mask(m.group())


def wording(text: str, rules: Iterable[tuple[str, str]]) -> Iterator[tuple[int, str, str]]:
    """(offset, wrong, right) for each listed wording; an occurrence inside the right form
    (规划局 inside 自然资源和规划局) is not a finding."""
    for wrong, right in rules:
        for m in re.finditer(re.escape(wrong), text):
            if right and wrong in right:
                lead = right.index(wrong)
                start = m.start() - lead
                if start >= 0 and text[start : start + len(right)] == right:
                    continue
            yield m.start(), wrong, right


def _excerpt(text: str, offset: int, length: int = 12) -> str:
    return text[max(0, offset - length) : offset + length + 6].replace("\n", " ")


def _text_findings(
    text: str,
    rules: list[tuple[str, str]],
    *,
    field: str = "",
    attachment: str = "",
    page: int | None = None,
) -> list[Finding]:
    where = {"field": field, "attachment": attachment, "page": page}
    out = [
        Finding(
            Check.PERSONAL_DATA,
            _("疑似%(k)s：%(v)s") % {"k": label, "v": masked},
            offset=offset,
            **where,  # type: ignore[arg-type]
        )
        for offset, label, masked in personal_data(text)
    ]
    for offset, wrong, right in wording(text, rules):
        message = _("“%(w)s”应为“%(r)s”") % {"w": wrong, "r": right} if right else wrong
        out.append(
            Finding(Check.WORDING, message, _excerpt(text, offset), offset, **where)  # type: ignore[arg-type]
        )
    return out


def metadata(item: Item, attachments: list[Attachment] | None = None) -> list[Finding]:
    files = list(item.attachments.all()) if attachments is None else attachments
    required = {
        "title": _("名称"),
        "publisher": _("发布机构"),
        "written_on": _("成文日期"),
        "category": _("公开类别"),
        "subject": _("主题分类"),
        "genre": _("体裁分类"),
        "summary": _("内容概述"),
    }
    out = [
        Finding(Check.METADATA, _("缺少%(f)s。") % {"f": label})
        for field, label in required.items()
        if not getattr(item, field)
    ]
    if item.category == "20-01" and item.doc_no == "":
        out.append(Finding(Check.METADATA, _("规范性文件须填写文号。")))
    for att in files:
        if att.extract_state != ExtractState.DONE:
            message = _("附件《%(a)s》的文字尚未提取，无法检查。") % {"a": att.name}
            out.append(Finding(Check.METADATA, message))
    if not (item.body or files):
        out.append(Finding(Check.METADATA, _("正文与附件不能都为空。")))
    return out


def deadline(item: Item, on: dt.date | None = None) -> list[Finding]:
    """条例第二十六条: published within 20 working days of 成文日期."""
    if not item.written_on:
        return []
    if on is None:
        on = timezone.localdate(item.published_at) if item.published_at else timezone.localdate()
    cal = workcalendar.get_calendar()
    due = cal.add_working_days(item.written_on, PUBLISH_DAYS).date
    if on <= due:
        return []
    return [
        Finding(
            Check.DEADLINE,
            _("成文日期 %(w)s 起20个工作日内（截至 %(d)s）应当公开，已超过时限。")
            % {"w": item.written_on.isoformat(), "d": due.isoformat()},
        )
    ]


def interpretation(item: Item) -> list[Finding]:
    """A policy (category 20-01) published without a 政策解读: a warning, never blocking."""
    if item.category != "20-01" or item.interpretations.exists():
        return []
    return [Finding("interpretation", _("政策文件尚无政策解读，建议同步发布解读。"))]


def run_checks(item: Item, attachments: list[Attachment] | None = None) -> list[Finding]:
    """Every check on the item, with its files (or, for a correction, the files it would
    have once the correction is applied)."""
    files = list(item.attachments.all()) if attachments is None else attachments
    rules = list(WordingRule.objects.filter(is_active=True).values_list("wrong", "right"))
    findings = _text_findings(plain_text(item.body), rules)
    for name, label in (("title", _("名称")), ("summary", _("内容概述"))):
        findings += _text_findings(getattr(item, name), rules, field=label)
    for att in files:
        for page_no, page in enumerate(att.pages, start=1):
            findings += _text_findings(page, rules, attachment=att.name, page=page_no)
    return findings + metadata(item, files) + deadline(item) + interpretation(item)


def blocking_checks_of(agency: Agency) -> list[str]:
    setting = AgencySettings.objects.filter(agency=agency).first()
    if setting is None:
        return [str(c) for c in DEFAULT_BLOCKING]
    return list(setting.blocking_checks)


def blocking_checks(item: Item) -> list[str]:
    return blocking_checks_of(item.agency)


def blocking(item: Item, findings: list[Finding] | None = None) -> list[Finding]:
    which = set(blocking_checks(item))
    return [f for f in (run_checks(item) if findings is None else findings) if f.check in which]
