"""Build an agency's annual report from its records and write it out.

    manage.py build_annual_report --agency TC --year 2019
    manage.py build_annual_report --agency 苏州市人民政府办公室 --year 2019 --format docx --output r.docx
    manage.py build_annual_report --agency TC --year 2021 --template 2019   (another template)

JSON (the default) has the shape of the corpus truth.json plus the narrative sections and
every failed consistency rule; html and json go to standard output unless --output is given,
docx, pdf and xlsx need --output. Reads only: nothing is saved or published.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.applications.reportmodel.model import AnnualReport

from ...annual import render
from ...annual.build import build_annual_report
from ...annual.checks import check_report, failed
from ...formats import FIRST_YEAR, NoTemplateForYear
from ...serialization import to_truth

FORMATS = ("json", "docx", "pdf", "xlsx", "html")
BINARY = {"docx": render.render_docx, "pdf": render.render_pdf, "xlsx": render.render_xlsx}


def report_json(agency: Agency, report: AnnualReport) -> dict[str, Any]:
    """truth.json's shape, plus the sections and the rules the report breaks."""
    data = to_truth(report)
    data["sections"] = [{"number": s.number, "title": s.title, "text": s.text}
                        for s in report.sections]  # fmt: skip
    data["failed_rules"] = [c.message for c in failed(check_report(agency, report))]
    return data


def find_agency(text: str) -> Agency:
    matches = list(Agency.objects.filter(Q(code=text) | Q(name=text)))
    if len(matches) != 1:
        raise CommandError(_("找不到机关“%(a)s”（请填写机关代码或全称）。") % {"a": text})
    return matches[0]


class Command(BaseCommand):
    help = "根据本机关的办理记录生成政府信息公开工作年度报告（JSON、DOCX、PDF、XLSX 或 HTML）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help=_("机关代码或全称"))
        parser.add_argument("--year", type=int, required=True, help=_("报告年度"))
        parser.add_argument("--format", choices=FORMATS, default="json", help=_("输出格式"))
        parser.add_argument("--output", help=_("输出文件路径（省略时 JSON/HTML 输出到屏幕）"))
        parser.add_argument(
            "--template", choices=[str(f) for f in FIRST_YEAR], help=_("报告格式（默认按年度）")
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        agency = find_agency(opts["agency"])
        try:
            report = build_annual_report(agency, opts["year"], opts["template"])
        except NoTemplateForYear:
            raise CommandError(_("2019 年以前的年度报告没有统计表格式，无法生成。")) from None
        fmt, output = opts["format"], opts["output"]
        if fmt in BINARY:
            if not output:
                raise CommandError(_("%(f)s 格式须用 --output 指定输出文件。") % {"f": fmt})
            Path(output).write_bytes(BINARY[fmt](report))
            return
        if fmt == "json":
            text = json.dumps(report_json(agency, report), ensure_ascii=False, indent=1)
        else:
            text = render.render_html(report)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)
